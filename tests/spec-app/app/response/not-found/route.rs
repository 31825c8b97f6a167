//! `/response/not-found`: `notFound()`, a 404 with an empty body.

use routeway::prelude::*;

pub async fn GET() -> NotFound {
    NotFound
}
