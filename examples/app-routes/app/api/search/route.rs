//! `/api/search?query=hello`: URL query parameters.

use routeway::prelude::*;

pub async fn GET(req: Request) -> Response {
    let params = req.search_params();
    json(&serde_json::json!({ "query": params.get("query") }))
}
