//! `/config/all`: every segment config option set away from its default.

use routeway::prelude::*;

pub const DYNAMIC: &str = "force-dynamic";
pub const DYNAMIC_PARAMS: bool = true;
pub const REVALIDATE: u32 = 30;
pub const FETCH_CACHE: &str = "force-no-store";
pub const RUNTIME: &str = "edge";
pub const PREFERRED_REGION: &[&str] = &["iad1", "fra1"];
pub const MAX_DURATION: u32 = 60;

pub async fn GET() -> Response {
    json(&serde_json::json!({ "dynamic": DYNAMIC, "regions": PREFERRED_REGION, "max_duration": MAX_DURATION }))
}
