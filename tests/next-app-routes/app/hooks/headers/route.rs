//! `/hooks/headers`: the request's `x-request-meta` header (via `headers()`) echoed back as the
//! response header, with an empty body.

use routeway::prelude::*;
use routeway::response::empty;

use crate::helpers::{request_meta, with_request_meta};

pub async fn GET(headers: Headers) -> Result<Response, Error> {
    let meta = request_meta(&headers)?;
    Ok(with_request_meta(empty(StatusCode::OK), &meta))
}
