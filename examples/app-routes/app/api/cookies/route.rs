//! `/api/cookies`: reads the `token` cookie and sets it back with `Set-Cookie`.

use routeway::prelude::*;

pub async fn GET(cookies: Cookies) -> Response {
    let token = cookies.get("token").unwrap_or_default().to_owned();
    text("Hello, Next.js!").with_cookie(Cookie::new("token", token))
}
