//! [`ResponseExt`]: chainable setters for status, headers and cookies.

use cookie::Cookie;
use http::{header, HeaderName, HeaderValue, StatusCode};

use super::{IntoResponse, Response};

/// Chainable setters on a response; several cookies stay separate `Set-Cookie` headers.
///
/// ```
/// use routeway::{response, ResponseExt};
/// use cookie::Cookie;
/// let res = response::text("Hello")
///     .with_cookie(Cookie::new("a", "1"))
///     .with_cookie(Cookie::new("b", "2"))
///     .with_header("content-type", "text/csv")
///     .append_header("vary", "accept")
///     .append_header("vary", "cookie");
/// assert_eq!(res.headers().get_all("set-cookie").iter().count(), 2);
/// assert_eq!(res.headers()["content-type"], "text/csv");
/// assert_eq!(res.headers().get_all("vary").iter().count(), 2);
/// ```
pub trait ResponseExt: Sized {
    /// Sets the status.
    fn with_status(self, status: StatusCode) -> Self;
    /// Sets a header, replacing any value it had; an invalid name or value turns the response into a
    /// logged `500`.
    fn with_header(self, name: &str, value: &str) -> Self;
    /// Adds one more value for a header, keeping the ones it had.
    fn append_header(self, name: &str, value: &str) -> Self;
    /// Appends one `Set-Cookie` header.
    fn with_cookie(self, cookie: Cookie<'_>) -> Self;
}

impl ResponseExt for Response {
    fn with_status(mut self, status: StatusCode) -> Self {
        *self.status_mut() = status;
        self
    }

    fn with_header(mut self, name: &str, value: &str) -> Self {
        match parse_header(name, value) {
            Ok((name, value)) => {
                self.headers_mut().insert(name, value);
                self
            }
            Err(error) => error.into_response(),
        }
    }

    fn append_header(mut self, name: &str, value: &str) -> Self {
        match parse_header(name, value) {
            Ok((name, value)) => {
                self.headers_mut().append(name, value);
                self
            }
            Err(error) => error.into_response(),
        }
    }

    fn with_cookie(mut self, cookie: Cookie<'_>) -> Self {
        match HeaderValue::try_from(cookie.encoded().to_string()) {
            Ok(value) => {
                self.headers_mut().append(header::SET_COOKIE, value);
                self
            }
            Err(error) => crate::Error::new(error).into_response(),
        }
    }
}

fn parse_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), crate::Error> {
    Ok((HeaderName::try_from(name)?, HeaderValue::try_from(value)?))
}
