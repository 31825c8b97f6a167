//! Paired conversions between hyper's requests and responses and routeway's.

use http_body::Body as _;
use hyper::body::Incoming;
use routeway::Body;

use crate::drain::DrainOnDrop;

/// A hyper request as a routeway request; the body streams in, and is drained (up to twice the limit)
/// if the handler leaves it unread. An empty body costs nothing.
pub fn from_hyper_request(request: http::Request<Incoming>, body_limit: usize) -> http::Request<Body> {
    let (parts, incoming) = request.into_parts();
    let body = if incoming.is_end_stream() {
        Body::empty()
    } else {
        Body::from_http_body(DrainOnDrop::new(incoming, routeway::request::drain_cap(body_limit)))
    };
    http::Request::from_parts(parts, body)
}

/// A hyper client response as a routeway response, streaming.
pub fn from_hyper_response(response: http::Response<Incoming>) -> routeway::Response {
    let (parts, incoming) = response.into_parts();
    http::Response::from_parts(parts, Body::from_http_body(incoming))
}
