//! `/api/config`: every route segment config option, with Next's default values spelled out.

use routeway::prelude::*;

pub const DYNAMIC: &str = "auto";
pub const DYNAMIC_PARAMS: bool = true;
pub const REVALIDATE: bool = false;
pub const FETCH_CACHE: &str = "auto";
pub const RUNTIME: &str = "nodejs";
pub const PREFERRED_REGION: &str = "auto";
pub const MAX_DURATION: u32 = 10;

pub async fn GET() -> Response {
    json(&serde_json::json!({ "dynamic": DYNAMIC, "runtime": RUNTIME, "max_duration": MAX_DURATION }))
}
