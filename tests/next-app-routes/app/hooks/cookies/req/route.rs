//! `/hooks/cookies/req`: `/hooks/cookies` reading the request's own cookie store (`req.cookies`).

use routeway::prelude::*;
use routeway::response::empty;

use crate::helpers::{request_meta_from_cookies, with_request_meta};

pub async fn GET(req: Request) -> Result<Response, Error> {
    let meta = request_meta_from_cookies(&req.cookies())?;
    Ok(with_request_meta(empty(StatusCode::OK), &meta))
}
