//! `/response/cookies`: three cookies set at once stay three `Set-Cookie` headers.

use routeway::prelude::*;

pub async fn GET() -> Response {
    text("cookies set")
        .with_cookie(Cookie::build(("session", "abc123")).http_only(true).path("/").build())
        .with_cookie(Cookie::new("theme", "dark"))
        .with_cookie(Cookie::build(("lang", "en")).max_age(routeway::cookie::time::Duration::hours(1)).build())
}
