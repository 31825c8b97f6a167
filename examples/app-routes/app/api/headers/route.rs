//! `/api/headers`: reads `referer` and answers with it as a response header.

use routeway::prelude::*;

pub async fn GET(headers: Headers) -> Response {
    let referer = headers.get(header::REFERER).and_then(|value| value.to_str().ok()).unwrap_or_default();
    text("Hello, Next.js!").with_header("referer", referer)
}
