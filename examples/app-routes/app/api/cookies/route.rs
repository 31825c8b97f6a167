//! `/api/cookies`: reads the `token` cookie and sets it back with `Set-Cookie` (nothing to set back
//! when the client sent none).

use routeway::prelude::*;

pub async fn GET(cookies: Cookies) -> Response {
    let response = text("Hello, Next.js!");
    match cookies.get("token") {
        Some(token) => response.with_cookie(Cookie::new("token", token.to_owned())),
        None => response,
    }
}
