//! `/body/json`: `request.json()` into a serde type; malformed JSON is a 400, a wrong type a 415.

use routeway::prelude::*;

#[derive(serde::Deserialize, serde::Serialize)]
pub struct Item {
    name: String,
    count: u32,
}

pub async fn POST(Json(item): Json<Item>) -> Response {
    json(&item)
}
