//! `/hooks/not-found/edge`: `notFound()` on the edge runtime.

use routeway::prelude::*;

/// Runs on the edge runtime.
pub const RUNTIME: &str = "edge";

pub async fn GET() -> NotFound {
    NotFound
}
