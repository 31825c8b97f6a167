//! `/response/headers`: custom and repeated response headers.

use routeway::prelude::*;

pub async fn GET() -> Response {
    text("headers")
        .with_status(StatusCode::ACCEPTED)
        .with_header("x-custom", "yes")
        .append_header("x-multi", "one")
        .append_header("x-multi", "two")
}
