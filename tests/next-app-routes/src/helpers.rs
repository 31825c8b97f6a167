//! The fixture's `helpers.ts`: the `x-request-meta` convention.
//!
//! Handlers echo what they saw as JSON in an `x-request-meta` response header (the raw JSON text);
//! tests send request meta the same way, or as an `x-request-meta` cookie holding the JSON in
//! standard base64 (JSON has characters a cookie value may not carry).

use base64::Engine as _;
use routeway::prelude::*;
use serde::Serialize;
use serde_json::Value;

/// The header name, and the cookie name, that carry request meta.
pub const KEY: &str = "x-request-meta";

/// `withRequestMeta(meta, headers)`: adds `x-request-meta: <meta as JSON>` to `response` (a struct
/// keeps its field order, as `JSON.stringify` keeps key order).
pub fn with_request_meta<T: Serialize + ?Sized>(response: Response, meta: &T) -> Response {
    match serde_json::to_string(meta) {
        Ok(meta) => response.with_header(KEY, &meta),
        Err(error) => Error::new(error).into_response(),
    }
}

/// `getRequestMeta(headers)`: the JSON of the `x-request-meta` header, `{}` when it is absent or
/// empty; malformed JSON is an error (a `500`, as `JSON.parse` throwing is in Next).
pub fn request_meta(headers: &HeaderMap) -> Result<Value, Error> {
    match headers.get(KEY).map(|value| value.as_bytes()) {
        None | Some(b"") => Ok(Value::Object(serde_json::Map::new())),
        Some(bytes) => Ok(serde_json::from_slice(bytes)?),
    }
}

/// `getRequestMeta(cookies)`: the base64-decoded JSON of the `x-request-meta` cookie, `{}` when it
/// is absent; bad base64 or bad JSON is an error (a `500`).
pub fn request_meta_from_cookies(cookies: &Cookies) -> Result<Value, Error> {
    match cookies.get(KEY) {
        None => Ok(Value::Object(serde_json::Map::new())),
        Some(encoded) => {
            let json = base64::engine::general_purpose::STANDARD.decode(encoded)?;
            Ok(serde_json::from_slice(&json)?)
        }
    }
}

/// `request.json()` of the fetch API: the body parsed as JSON whatever its content type (node-fetch
/// sends a string body as `text/plain;charset=UTF-8`). `Request::json` would answer that with `415`.
pub async fn read_json(req: &mut Request) -> Result<Value, Error> {
    let bytes = req.bytes().await?;
    Ok(serde_json::from_slice(&bytes).map_err(Rejection::invalid_json)?)
}
