//! `/hooks/redirect`: `redirect(url)`, a `307` to `https://nextjs.org/` with an empty body.

use routeway::prelude::*;

pub async fn GET() -> Response {
    redirect("https://nextjs.org/")
}
