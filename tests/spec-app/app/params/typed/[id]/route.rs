//! `/params/typed/[id]`: params deserialised into a type; `abc` for a number is a 400.

use routeway::prelude::*;

#[derive(serde::Deserialize)]
pub struct Id {
    id: u32,
}

pub async fn GET(ctx: Context<Id>) -> Response {
    json(&serde_json::json!({ "id": ctx.params.id, "next": ctx.params.id + 1 }))
}
