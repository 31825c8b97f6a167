//! `/response/utf8-header`: a header value with non-ASCII text, sent as its UTF-8 bytes (what
//! browsers read in `Content-Disposition` file names).

use routeway::prelude::*;

pub async fn GET() -> Response {
    text("file").with_header(
        "content-disposition",
        routeway::http::HeaderValue::from_str("attachment; filename=\"café.txt\"").expect("visible text"),
    )
}
