//! `/hooks/not-found`: `notFound()`, a `404` with an empty body (no not-found page for handlers).

use routeway::prelude::*;

pub async fn GET() -> NotFound {
    NotFound
}
