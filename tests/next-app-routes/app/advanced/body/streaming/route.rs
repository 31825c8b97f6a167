//! `/advanced/body/streaming`: a pure streaming echo of the request body.

use routeway::prelude::*;

pub async fn POST(req: Request) -> Result<Response, Error> {
    crate::handlers::echo_stream(req).await
}
