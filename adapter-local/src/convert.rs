//! Paired conversions between hyper's requests and responses and routeway's.

use std::time::Duration;

use http_body::Body as _;
use hyper::body::Incoming;
use routeway::Body;

use crate::drain::DrainOnDrop;
use crate::read_timeout::ReadTimeout;

/// A hyper request as a routeway request; the body streams in, and is drained (up to twice the limit)
/// if the handler leaves it unread. An empty body costs nothing.
pub fn from_hyper_request(
    request: http::Request<Incoming>,
    body_limit: usize,
    body_read_timeout: Duration,
) -> http::Request<Body> {
    let (parts, incoming) = request.into_parts();
    let body = if incoming.is_end_stream() {
        Body::empty()
    } else {
        let timed = ReadTimeout::new(incoming, body_read_timeout);
        Body::from_http_body(DrainOnDrop::new(timed, routeway::request::drain_cap(body_limit)))
    };
    http::Request::from_parts(parts, body)
}

/// What is wrong with a request hyper parsed but that must not be served (RFC 9112 §3.2, §3.2.3):
/// an HTTP/1.1 request without `Host`, or a request-target in authority form (`GET robots.txt`,
/// which would otherwise be served as `/`) for a method other than `CONNECT`.
pub fn malformed(request: &http::Request<Incoming>) -> Option<&'static str> {
    let uri = request.uri();
    let authority_form =
        uri.scheme().is_none() && uri.authority().is_some() && request.method() != http::Method::CONNECT;
    // The asterisk form (`OPTIONS *`) asks about the server, not a resource: no route answers it.
    let asterisk_form = uri.authority().is_none() && uri.path() == "*";
    if authority_form || asterisk_form {
        return Some("the request target must be a path starting with `/`");
    }
    // A scan, not a hash lookup: clients send `Host` first, so this stops at the first header.
    if request.version() == http::Version::HTTP_11 && !request.headers().keys().any(|name| name == http::header::HOST) {
        return Some("an HTTP/1.1 request must send a `Host` header");
    }
    None
}

/// A hyper client response as a routeway response, streaming.
#[cfg(feature = "fetch")]
pub fn from_hyper_response(response: http::Response<Incoming>) -> routeway::Response {
    let (parts, incoming) = response.into_parts();
    http::Response::from_parts(parts, Body::from_http_body(incoming))
}
