//! `/cache/runs?name=N`: how many times the cache-test handler `N` ran since the last ask (dynamic).

use routeway::prelude::*;

pub async fn GET(req: Request) -> Response {
    let name = req.search_params().get("name").unwrap_or_default().to_owned();
    json(&serde_json::json!({ "runs": crate::runs::take(&name) }))
}
