//! `/edge/advanced/body/streaming`: the streaming echo on the edge runtime.

use routeway::prelude::*;

/// Runs on the edge runtime.
pub const RUNTIME: &str = "edge";

pub async fn POST(req: Request) -> Result<Response, Error> {
    crate::handlers::echo_stream(req).await
}
