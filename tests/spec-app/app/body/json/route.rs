//! `/body/json`: `request.json()` into a serde type; malformed JSON is a 400, a wrong type a 415.
//! `PUT` takes the typed body beside the `Request` (declared first), which keeps the headers.

use routeway::prelude::*;

#[derive(serde::Deserialize, serde::Serialize)]
pub struct Item {
    name: String,
    count: u32,
}

pub async fn POST(Json(item): Json<Item>) -> Response {
    json(&item)
}

pub async fn PUT(req: Request, Json(item): Json<Item>) -> Response {
    let trace = req.headers().get("x-trace").and_then(|value| value.to_str().ok()).unwrap_or_default();
    json(&serde_json::json!({ "item": item, "trace": trace }))
}
