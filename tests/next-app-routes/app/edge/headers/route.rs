//! `/edge/headers`: the request's `x-request-meta` header, as the JSON body, on the edge runtime.

use routeway::prelude::*;

use crate::helpers::request_meta;

/// Runs on the edge runtime.
pub const RUNTIME: &str = "edge";

pub async fn GET(headers: Headers) -> Result<Response, Error> {
    Ok(json(&request_meta(&headers)?))
}
