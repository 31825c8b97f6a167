//! `/response/no-content`: a 204 has no body.

use routeway::prelude::*;

pub async fn DELETE() -> StatusCode {
    StatusCode::NO_CONTENT
}
