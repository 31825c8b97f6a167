//! `/edge/advanced/body/json`: `/advanced/body/json`'s `POST` on the edge runtime.

use routeway::prelude::*;

/// Runs on the edge runtime.
pub const RUNTIME: &str = "edge";

pub async fn POST(req: Request) -> Result<Response, Error> {
    crate::handlers::json_body_meta(req).await
}
