//! `/optional/[[...slug]]`: zero or more segments; `slug` is absent when there are none.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Response {
    json(&serde_json::json!({ "route": "optional", "params": crate::echo::params(&ctx.params) }))
}
