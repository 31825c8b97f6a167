//! `/hooks/cookies`: the base64 `x-request-meta` cookie (via `cookies()`) echoed as the JSON meta
//! header, with an empty body.

use routeway::prelude::*;
use routeway::response::empty;

use crate::helpers::{request_meta_from_cookies, with_request_meta};

pub async fn GET(cookies: Cookies) -> Result<Response, Error> {
    let meta = request_meta_from_cookies(&cookies)?;
    Ok(with_request_meta(empty(StatusCode::OK), &meta))
}
