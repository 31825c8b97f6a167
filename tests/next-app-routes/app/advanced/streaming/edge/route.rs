//! `/advanced/streaming/edge`: `/advanced/streaming` on the edge runtime (unused by the suite).

use routeway::prelude::*;

/// Runs on the edge runtime.
pub const RUNTIME: &str = "edge";

pub async fn GET(ctx: Context) -> Response {
    crate::handlers::paragraphs(ctx).await
}
