//! `/cache/static`: a static GET (it takes no request): answered once, then from the cache.

use routeway::prelude::*;

pub async fn GET() -> Response {
    let run = crate::runs::record("static");
    json(&serde_json::json!({ "run": run }))
}
