//! `/response/permanent-redirect`: 308 with `Location` and an empty body.

use routeway::prelude::*;

pub async fn GET() -> Response {
    permanent_redirect("https://example.com/new-home")
}
