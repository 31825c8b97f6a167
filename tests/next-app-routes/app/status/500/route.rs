//! `/status/500`: the handler fails, so the answer is a logged `500` with an empty body.

use routeway::prelude::*;

pub async fn GET() -> Result<Response, Error> {
    Err(Error::new(std::io::Error::other("this is a runtime error")))
}
