//! `/api/redirect`: `redirect('https://nextjs.org/')`, a 307.

use routeway::prelude::*;

pub async fn GET() -> Response {
    redirect("https://nextjs.org/")
}
