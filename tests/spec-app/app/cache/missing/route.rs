//! `/cache/missing`: static, but it answers 404, so nothing is stored.

use routeway::prelude::*;

pub async fn GET() -> Response {
    crate::runs::record("missing");
    not_found()
}
