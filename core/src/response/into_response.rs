//! [`IntoResponse`]: anything a handler returns.

use bytes::Bytes;
use http::{header, HeaderValue, StatusCode};

use super::Response;
use crate::Body;

/// Turns a handler's return value into a response.
///
/// ```
/// use routeway::IntoResponse;
/// use http::StatusCode;
/// let response = (StatusCode::CREATED, "made").into_response();
/// assert_eq!(response.status(), 201);
/// assert_eq!(response.headers()["content-type"], "text/plain;charset=UTF-8");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned from a handler",
    label = "not a response",
    note = "return a type implementing `routeway::IntoResponse`: `Response`, `Json<T>`, `String`, `&'static str`, `Bytes`, `StatusCode`, `(StatusCode, T)`, `Redirect`, `NotFound`, or `Result<T, E>` of those with an error such as `routeway::Error`; wrap a serde value as `Json(value)`"
)]
pub trait IntoResponse {
    /// Builds the response.
    fn into_response(self) -> Response;
}

pub(crate) const TEXT_PLAIN: HeaderValue = HeaderValue::from_static("text/plain;charset=UTF-8");

fn with_content_type(body: Body, content_type: HeaderValue) -> Response {
    let mut response = Response::new(body);
    response.headers_mut().insert(header::CONTENT_TYPE, content_type);
    response
}

impl IntoResponse for Response {
    fn into_response(self) -> Response {
        self
    }
}

impl IntoResponse for Body {
    fn into_response(self) -> Response {
        Response::new(self)
    }
}

impl IntoResponse for () {
    fn into_response(self) -> Response {
        Response::new(Body::empty())
    }
}

impl IntoResponse for std::convert::Infallible {
    fn into_response(self) -> Response {
        match self {}
    }
}

impl IntoResponse for &'static str {
    fn into_response(self) -> Response {
        with_content_type(Body::from(self), TEXT_PLAIN)
    }
}

impl IntoResponse for String {
    fn into_response(self) -> Response {
        with_content_type(Body::from(self), TEXT_PLAIN)
    }
}

impl IntoResponse for Bytes {
    fn into_response(self) -> Response {
        Response::new(Body::from(self))
    }
}

impl IntoResponse for Vec<u8> {
    fn into_response(self) -> Response {
        Response::new(Body::from(self))
    }
}

impl IntoResponse for StatusCode {
    fn into_response(self) -> Response {
        super::empty(self)
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, T) {
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        *response.status_mut() = self.0;
        response
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(value) => value.into_response(),
            Err(error) => error.into_response(),
        }
    }
}

impl IntoResponse for http::Error {
    fn into_response(self) -> Response {
        crate::Error::new(self).into_response()
    }
}
