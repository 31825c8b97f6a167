//! `/cache/cookie`: static, but it sets a cookie, so its answer is never stored.

use routeway::prelude::*;

pub async fn GET() -> Response {
    crate::runs::record("cookie");
    text("with a cookie").with_cookie(Cookie::new("visited", "1"))
}
