//! `/nested/[a]/[b]`: two params, in path order.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Response {
    json(&crate::echo::params(&ctx.params))
}
