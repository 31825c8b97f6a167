//! `/response/redirect`: 307 with `Location` and an empty body.

use routeway::prelude::*;

pub async fn GET() -> Response {
    redirect("/response/json")
}
