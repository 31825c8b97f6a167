//! `/methods/get-only`: `HEAD` and `OPTIONS` come for free; anything else is a 405 with `Allow`.

use routeway::prelude::*;

pub async fn GET() -> Response {
    text("get body").with_header("x-from", "GET")
}
