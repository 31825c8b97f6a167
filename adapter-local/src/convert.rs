//! Paired conversions between hyper's request and response and routeway's.

use std::net::SocketAddr;

use hyper::body::Incoming;
use routeway::request::{BodyLimit, ClientAddr};
use routeway::{Body, PlatformHandle};

use crate::drain::DrainOnDrop;

/// A hyper request as a routeway request: the body streams in, platform data rides in extensions.
pub fn from_hyper_request(
    request: http::Request<Incoming>,
    client: SocketAddr,
    body_limit: usize,
    platform: &PlatformHandle,
) -> http::Request<Body> {
    let (mut parts, incoming) = request.into_parts();
    parts.extensions.insert(ClientAddr(client));
    parts.extensions.insert(BodyLimit(body_limit));
    parts.extensions.insert(platform.clone());
    let drain_cap = body_limit.saturating_mul(2).saturating_add(1 << 20);
    http::Request::from_parts(parts, Body::from_http_body(DrainOnDrop::new(incoming, drain_cap)))
}

/// A hyper client response as a routeway response, streaming.
pub fn from_hyper_response(response: http::Response<Incoming>) -> routeway::Response {
    let (parts, incoming) = response.into_parts();
    http::Response::from_parts(parts, Body::from_http_body(incoming))
}
