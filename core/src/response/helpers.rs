//! The response helpers of the Route Handlers page: JSON, redirects, not found, text and streams.

use bytes::Bytes;
use futures_util::Stream;
use http::{header, HeaderValue, StatusCode};
use serde::Serialize;

use super::into_response::TEXT_PLAIN;
use super::{IntoResponse, Response};
use crate::maybe_send::{BoxError, MaybeSend};
use crate::Body;

/// `Response.json(value)`: serialises `value` with `content-type: application/json`.
///
/// ```
/// let response = routeway::response::json(&serde_json::json!({ "ok": true }));
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
pub fn json<T: Serialize + ?Sized>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut response = Response::new(Body::from(bytes));
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        Err(error) => crate::Error::new(error).into_response(),
    }
}

/// A JSON response body, returned from a handler or read from a request with `Json<T>` as an argument.
///
/// ```
/// use routeway::{IntoResponse, Json};
/// let response = Json(vec![1, 2, 3]).into_response();
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        json(&self.0)
    }
}

/// A plain-text response (`text/plain;charset=UTF-8`), status 200.
pub fn text(body: impl Into<String>) -> Response {
    let mut response = Response::new(Body::from(body.into()));
    response.headers_mut().insert(header::CONTENT_TYPE, TEXT_PLAIN);
    response
}

/// An empty response with `status`.
pub fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// `redirect(url)`: `307 Temporary Redirect` with `Location` and an empty body.
///
/// ```
/// let response = routeway::response::redirect("https://nextjs.org/");
/// assert_eq!(response.status(), 307);
/// assert_eq!(response.headers()["location"], "https://nextjs.org/");
/// ```
pub fn redirect(location: &str) -> Response {
    Redirect::temporary(location).into_response()
}

/// `permanentRedirect(url)`: `308 Permanent Redirect` with `Location` and an empty body.
pub fn permanent_redirect(location: &str) -> Response {
    Redirect::permanent(location).into_response()
}

/// A redirect to return from a handler.
#[derive(Debug, Clone)]
pub struct Redirect {
    status: StatusCode,
    location: String,
}

impl Redirect {
    /// `307`, the method and body are kept.
    pub fn temporary(location: impl Into<String>) -> Self {
        Self {
            status: StatusCode::TEMPORARY_REDIRECT,
            location: location.into(),
        }
    }

    /// `308`, the method and body are kept.
    pub fn permanent(location: impl Into<String>) -> Self {
        Self {
            status: StatusCode::PERMANENT_REDIRECT,
            location: location.into(),
        }
    }
}

impl IntoResponse for Redirect {
    fn into_response(self) -> Response {
        match HeaderValue::try_from(self.location) {
            Ok(location) => {
                let mut response = empty(self.status);
                response.headers_mut().insert(header::LOCATION, location);
                response
            }
            Err(error) => crate::Error::new(error).into_response(),
        }
    }
}

/// `notFound()`: `404` with an empty body.
pub fn not_found() -> Response {
    empty(StatusCode::NOT_FOUND)
}

/// A `404` to return from a handler.
#[derive(Debug, Clone, Copy, Default)]
pub struct NotFound;

impl IntoResponse for NotFound {
    fn into_response(self) -> Response {
        not_found()
    }
}

/// `new Response(stream)`: each chunk reaches the client when the stream yields it.
///
/// ```
/// use futures_util::stream;
/// let chunks = stream::iter(["<p>One</p>", "<p>Two</p>"].map(Ok::<_, std::io::Error>));
/// let response = routeway::response::stream(chunks);
/// assert!(response.body().is_stream());
/// ```
pub fn stream<S, B, E>(chunks: S) -> Response
where
    S: Stream<Item = Result<B, E>> + MaybeSend + 'static,
    B: Into<Bytes>,
    E: Into<BoxError>,
{
    Response::new(Body::from_stream(chunks))
}

/// Server-sent events: a stream with `content-type: text/event-stream` and no caching, for LLM tokens.
pub fn sse<S, B, E>(events: S) -> Response
where
    S: Stream<Item = Result<B, E>> + MaybeSend + 'static,
    B: Into<Bytes>,
    E: Into<BoxError>,
{
    let mut response = stream(events);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-transform"),
    );
    response
}
