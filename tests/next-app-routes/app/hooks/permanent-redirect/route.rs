//! `/hooks/permanent-redirect`: `permanentRedirect(url)`, a `308` with an empty body.

use routeway::prelude::*;

pub async fn GET() -> Response {
    permanent_redirect("https://nextjs.org/")
}
