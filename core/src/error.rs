//! Errors that are responses.
//!
//! [`Rejection`] is what reading a request can fail with: each carries its status (400, 413, 415) and a
//! plain message saying what to fix. [`Error`] is what a handler returns with `?`: a rejection keeps its
//! status and message, anything else answers `500` with an empty body and is logged with the route.

use std::fmt;

use http::StatusCode;

use crate::maybe_send::BoxError;
use crate::response::{IntoResponse, Response};

/// A request that could not be read as the handler asked: answers its own status and message.
///
/// ```
/// use routeway::{IntoResponse, Rejection};
/// let rejection = Rejection::payload_too_large(1024);
/// assert_eq!(rejection.status(), 413);
/// assert_eq!(rejection.into_response().status(), 413);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    status: StatusCode,
    message: String,
}

impl Rejection {
    /// A rejection with any status and message (a `500`'s message is logged, not sent).
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// `400`: the body is not valid JSON for the expected type.
    pub fn invalid_json(error: serde_json::Error) -> Self {
        Self::new(StatusCode::BAD_REQUEST, format!("Invalid JSON body: {error}"))
    }

    /// `400`: the body is not valid UTF-8.
    pub fn invalid_utf8(error: std::string::FromUtf8Error) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            format!("Request body is not valid UTF-8: {}", error.utf8_error()),
        )
    }

    /// `400`: the form body could not be parsed or does not fit the expected type.
    pub fn invalid_form(detail: impl fmt::Display) -> Self {
        Self::new(StatusCode::BAD_REQUEST, format!("Invalid form data: {detail}"))
    }

    /// `400`: the query string does not fit the expected type.
    pub fn invalid_query(detail: impl fmt::Display) -> Self {
        Self::new(StatusCode::BAD_REQUEST, format!("Invalid query string: {detail}"))
    }

    /// `400`: a route parameter does not fit the expected type.
    pub fn invalid_params(detail: impl fmt::Display) -> Self {
        Self::new(StatusCode::BAD_REQUEST, format!("Invalid route parameters: {detail}"))
    }

    /// `400`: the body stream failed while it was read, with every cause the error carries (hyper's
    /// "error reading a body from connection" says what was wrong only in its source); `408` when
    /// the client stopped sending it (the adapter's [`BodyTimeout`]).
    ///
    /// ```
    /// use std::io::{Error as IoError, ErrorKind};
    /// use routeway::Rejection;
    ///
    /// #[derive(Debug)]
    /// struct ReadFailed(IoError);
    /// impl std::fmt::Display for ReadFailed {
    ///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    ///         f.write_str("error reading a body from connection")
    ///     }
    /// }
    /// impl std::error::Error for ReadFailed {
    ///     fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
    ///         Some(&self.0)
    ///     }
    /// }
    ///
    /// let failed = ReadFailed(IoError::new(ErrorKind::InvalidData, "Invalid chunk size line"));
    /// let rejection = Rejection::body_read(Box::new(failed));
    /// assert_eq!(rejection.status(), 400);
    /// assert_eq!(
    ///     rejection.to_string(),
    ///     "Failed to read request body: error reading a body from connection: Invalid chunk size line"
    /// );
    /// ```
    pub fn body_read(error: BoxError) -> Self {
        match error.downcast_ref::<BodyTimeout>() {
            Some(timeout) => Self::new(
                StatusCode::REQUEST_TIMEOUT,
                format!("Request body timed out: {timeout}"),
            ),
            None => Self::new(
                StatusCode::BAD_REQUEST,
                format!("Failed to read request body: {}", with_causes(&*error)),
            ),
        }
    }

    /// `413`: more than `limit` bytes of body.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Request body is larger than the limit of {limit} bytes"),
        )
    }

    /// `415`: the content type is not one the handler reads.
    ///
    /// ```
    /// use routeway::Rejection;
    /// let rejection = Rejection::unsupported_media_type("application/json", Some(""));
    /// assert_eq!(rejection.status(), 415);
    /// assert!(rejection.to_string().ends_with("got a content-type header with no media type"));
    /// ```
    pub fn unsupported_media_type(expected: &str, got: Option<&str>) -> Self {
        let got = match got {
            None => "no content-type header",
            Some("") => "a content-type header with no media type",
            Some(media_type) => media_type,
        };
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Expected request with `content-type: {expected}`, got {got}"),
        )
    }

    /// `500`: the body was read twice (a second `take_body`, or a `Request` argument whose body an
    /// earlier argument such as `Json<T>` read).
    pub fn body_already_taken() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request body was already read (by another handler argument such as `Json<T>`, or an \
             earlier read of this request); read it once",
        )
    }

    /// The status this rejection answers.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message this rejection answers.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rejection {}

/// The status and message as plain text; a `500` is the app's own failure, so its message is logged
/// with the route (as a handler error is) and the client gets an empty `500`.
///
/// ```
/// use routeway::{IntoResponse, Rejection};
/// let response = Rejection::body_already_taken().into_response();
/// assert_eq!(response.status(), 500);
/// assert_eq!(response.body().exact_len(), Some(0));
/// ```
impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        if self.status == StatusCode::INTERNAL_SERVER_ERROR {
            return HandlerFailure { message: self.message }.into_response();
        }
        let mut response = crate::response::text(self.message);
        *response.status_mut() = self.status;
        response
    }
}

/// A request body the client stopped sending: no data for `idle`. Adapters whose platform does
/// not bound this themselves (the local server) fail the body with it; reading answers `408`.
///
/// ```
/// use routeway::error::BodyTimeout;
/// use routeway::Rejection;
/// let rejection = Rejection::body_read(BodyTimeout::new(std::time::Duration::from_secs(30)).into());
/// assert_eq!(rejection.status(), 408);
/// assert!(rejection.message().contains("no data arrived for 30 s"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTimeout {
    idle: std::time::Duration,
}

impl BodyTimeout {
    /// No body data arrived for `idle`.
    pub fn new(idle: std::time::Duration) -> Self {
        Self { idle }
    }
}

impl fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no data arrived for {} s; send the body without pausing that long",
            self.idle.as_secs()
        )
    }
}

impl std::error::Error for BodyTimeout {}

/// Any error a handler returns with `?`.
///
/// A [`Rejection`] keeps its status and message; every other error answers `500` with an empty body and
/// is logged with the route that failed.
///
/// ```
/// use routeway::{Error, IntoResponse};
/// let error = Error::from(std::io::Error::other("database is down"));
/// assert_eq!(error.into_response().status(), 500);
/// ```
pub struct Error {
    inner: BoxError,
}

impl Error {
    /// Wraps any error.
    pub fn new(error: impl Into<BoxError>) -> Self {
        Self { inner: error.into() }
    }

    /// The wrapped error.
    pub fn into_inner(self) -> BoxError {
        self.inner
    }
}

impl<E: Into<BoxError>> From<E> for Error {
    fn from(error: E) -> Self {
        Self::new(error)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

/// Marks a `500` response that came from a handler error, so the app can log it with the route.
#[derive(Debug, Clone)]
pub struct HandlerFailure {
    /// The error's message, as logged.
    pub message: String,
}

/// The empty `500` that carries the failure for the app to log.
impl IntoResponse for HandlerFailure {
    fn into_response(self) -> Response {
        let mut response = crate::response::empty(StatusCode::INTERNAL_SERVER_ERROR);
        response.extensions_mut().insert(self);
        response
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match self.inner.downcast::<Rejection>() {
            Ok(rejection) => rejection.into_response(),
            Err(other) => HandlerFailure {
                message: other.to_string(),
            }
            .into_response(),
        }
    }
}

/// `error`, then each of its sources that its message does not already include, joined with `: `.
fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_message = cause.to_string();
        if !message.contains(&cause_message) {
            message.push_str(": ");
            message.push_str(&cause_message);
        }
        source = cause.source();
    }
    message
}
