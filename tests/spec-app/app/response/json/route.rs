//! `/response/json`: `Response.json(...)` sets `content-type: application/json`.

use routeway::prelude::*;

pub async fn GET() -> Response {
    json(&serde_json::json!({ "ok": true, "list": [1, 2, 3] }))
}
