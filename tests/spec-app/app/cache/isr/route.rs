//! `/cache/isr`: `revalidate = 1`: stale after a second, then regenerated in the background.

use routeway::prelude::*;

pub const REVALIDATE: u32 = 1;

pub async fn GET() -> Response {
    let run = crate::runs::record("isr");
    json(&serde_json::json!({ "run": run }))
}
