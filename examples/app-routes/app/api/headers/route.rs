//! `/api/headers`: reads `referer` and answers with it as a response header, byte for byte (a
//! non-ASCII referer included); no `referer` header when the client sent none.

use routeway::prelude::*;

pub async fn GET(headers: Headers) -> Response {
    let response = text("Hello, Next.js!");
    match headers.get(header::REFERER) {
        Some(referer) => response.with_header(header::REFERER, referer.clone()),
        None => response,
    }
}
