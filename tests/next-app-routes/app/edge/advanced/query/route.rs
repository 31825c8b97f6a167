//! `/edge/advanced/query`: the query echo on the edge runtime.

use routeway::prelude::*;

/// Runs on the edge runtime.
pub const RUNTIME: &str = "edge";

pub async fn GET(req: Request) -> Response {
    crate::handlers::query_meta(req).await
}
