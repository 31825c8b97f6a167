//! `/api/body`: `await request.json()` echoed back as `{ res }`.

use routeway::prelude::*;

pub async fn POST(Json(res): Json<serde_json::Value>) -> Response {
    json(&serde_json::json!({ "res": res }))
}
