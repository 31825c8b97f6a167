//! `/body/bytes`: the raw body, up to the limit (413 past it, with or without `Content-Length`).

use routeway::prelude::*;

pub async fn POST(body: bytes::Bytes) -> Response {
    json(&serde_json::json!({ "bytes": body.len() }))
}
