//! `/files/[name]`: `%2F` inside a segment stays part of this one value.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Response {
    json(&crate::echo::params(&ctx.params))
}
