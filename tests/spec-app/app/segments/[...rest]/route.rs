//! `/segments/[...rest]`: a catch-all, one or more segments, after `[id]` in precedence.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Response {
    json(&serde_json::json!({ "route": "catch-all", "params": crate::echo::params(&ctx.params) }))
}
