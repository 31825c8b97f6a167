//! `/segments/[id]`: one dynamic segment.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Response {
    json(&serde_json::json!({ "route": "dynamic", "params": crate::echo::params(&ctx.params) }))
}
