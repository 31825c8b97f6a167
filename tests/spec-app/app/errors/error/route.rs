//! `/errors/error`: a handler error that is not a body error: a logged 500 with an empty body.

use routeway::prelude::*;

pub async fn GET() -> Result<Response, Error> {
    Err(std::io::Error::other("the database is unreachable"))?
}
