//! Paired conversions between workerd's `Request`/`Response` and routeway's, bodies kept as streams.

use std::net::{IpAddr, SocketAddr};

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use http_body::Body as _;
use js_sys::Uint8Array;
use routeway::{Body, BoxError, Response};

use crate::drain::{DrainOnDrop, Leftover};
use wasm_bindgen::{JsCast, JsValue};

/// A workerd request as an `http::Request` with a streamed body, left in `leftover` if the handler
/// drops it unread; its `cf` properties ride along in the extensions as a [`worker::Cf`].
pub(crate) fn request_from_worker(
    request: web_sys::Request,
    leftover: &Leftover,
) -> Result<http::Request<Body>, worker::Error> {
    let request = worker::request_from_wasm(request)?;
    Ok(request.map(|body| {
        if body.is_end_stream() {
            Body::empty()
        } else {
            Body::from_stream(DrainOnDrop::new(body, leftover.clone()))
        }
    }))
}

/// A routeway request as a workerd `Request` for an outbound `fetch`: a buffered body as one
/// `Uint8Array`, so workerd sends it with a `Content-Length` (many upstreams refuse a chunked body,
/// or read it as empty), a stream as a `ReadableStream`.
pub(crate) fn request_into_worker(request: http::Request<Body>) -> Result<web_sys::Request, worker::Error> {
    let (parts, body) = request.into_parts();
    match body.try_into_bytes() {
        Ok(bytes) => {
            let request = worker::request_to_wasm(http::Request::from_parts(parts, Body::empty()))?;
            if bytes.is_empty() {
                return Ok(request);
            }
            let init = web_sys::RequestInit::new();
            init.set_body(&Uint8Array::from(&bytes[..]));
            Ok(web_sys::Request::new_with_request_and_init(&request, &init)?)
        }
        Err(stream) => worker::request_to_wasm(http::Request::from_parts(parts, stream)),
    }
}

/// The client's address from `CF-Connecting-IP` (workerd has no socket address to give).
pub(crate) fn client_addr(headers: &http::HeaderMap) -> Option<SocketAddr> {
    let ip: IpAddr = headers.get("cf-connecting-ip")?.to_str().ok()?.trim().parse().ok()?;
    Some(SocketAddr::new(ip, 0))
}

/// A workerd body (a `ReadableStream`) as a routeway body, read chunk by chunk.
pub(crate) fn body_from_worker(body: worker::Body) -> Body {
    if body.is_end_stream() {
        return Body::empty();
    }
    Body::from_stream(body.map_err(|error| -> BoxError { error.to_string().into() }))
}

/// A routeway response as a workerd `Response`: a buffered body as one `Uint8Array`, a stream as a
/// `ReadableStream` pulled chunk by chunk, no body at all for 204, 205 and 304.
pub(crate) fn response_into_worker(response: Response) -> Result<web_sys::Response, JsValue> {
    let (parts, body) = response.into_parts();
    let headers = web_sys::Headers::new()?;
    for (name, value) in &parts.headers {
        headers.append(name.as_str(), &byte_string(value.as_bytes()))?;
    }
    let init = web_sys::ResponseInit::new();
    init.set_status(parts.status.as_u16());
    init.set_headers(&headers);

    if matches!(parts.status.as_u16(), 204 | 205 | 304) {
        return web_sys::Response::new_with_opt_buffer_source_and_init(None, &init);
    }
    match body.try_into_bytes() {
        Ok(bytes) if bytes.is_empty() => web_sys::Response::new_with_opt_buffer_source_and_init(None, &init),
        Ok(bytes) => {
            let array = Uint8Array::from(&bytes[..]);
            web_sys::Response::new_with_opt_buffer_source_and_init(Some(&array), &init)
        }
        Err(stream) => {
            let chunks = stream.into_stream().map(|chunk: Result<Bytes, BoxError>| {
                chunk
                    .map(|bytes| JsValue::from(Uint8Array::from(&bytes[..])))
                    .map_err(|error| JsValue::from(js_sys::Error::new(&error.to_string())))
            });
            let readable = wasm_streams::ReadableStream::from_stream(chunks).into_raw();
            web_sys::Response::new_with_opt_readable_stream_and_init(Some(readable.unchecked_ref()), &init)
        }
    }
}

/// A header value as the string workerd takes: workerd writes a header's string out as UTF-8, so
/// UTF-8 text goes as it is and reaches the client byte for byte. Bytes that are not UTF-8
/// (obs-text) are read as ISO-8859-1, one character each, so the client gets that text in UTF-8.
fn byte_string(value: &[u8]) -> String {
    match std::str::from_utf8(value) {
        Ok(text) => text.to_owned(),
        Err(_) => value.iter().map(|&byte| char::from(byte)).collect(),
    }
}
