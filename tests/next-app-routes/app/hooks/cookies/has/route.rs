//! `/hooks/cookies/has`: sets cookie `a` and asks the store whether it has it (`{hasCookie: true}`).
//!
//! Next's `cookies()` is writable in route handlers and sends what was set as `Set-Cookie`.
//! routeway's [`Cookies`] is read-only, so the store is a `CookieJar` over the request's cookies
//! whose changes become the response's `Set-Cookie` headers.

use routeway::cookie::CookieJar;
use routeway::prelude::*;
use serde_json::json;

pub async fn GET(cookies: Cookies) -> Response {
    let mut jar = CookieJar::new();
    for (name, value) in cookies.iter() {
        jar.add_original(Cookie::new(name.to_owned(), value.to_owned()));
    }
    jar.add(Cookie::build(("a", "a")).path("/"));
    let has_cookie = jar.get("a").is_some();
    jar.delta()
        .fold(json(&json!({ "hasCookie": has_cookie })), |response, cookie| {
            response.with_cookie(cookie.clone())
        })
}
