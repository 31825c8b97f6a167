//! `/hooks/redirect/response`: `NextResponse.redirect(url)`, a `307` returned as a value.

use routeway::prelude::*;

pub async fn GET() -> Redirect {
    Redirect::temporary("https://nextjs.org/")
}
