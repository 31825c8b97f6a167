//! `/advanced/streaming`: streams three paragraphs 200 ms apart (unused by the suite).

use routeway::prelude::*;

/// Never cached.
pub const DYNAMIC: &str = "force-dynamic";

pub async fn GET(ctx: Context) -> Response {
    crate::handlers::paragraphs(ctx).await
}
