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
///     .with_cookie(Cookie::build(("b", "2")).http_only(true).path("/"))
///     .with_header("content-type", "text/csv")
///     .with_header(http::header::CACHE_CONTROL, format!("max-age={}", 60))
///     .append_header("vary", "accept")
///     .append_header("vary", "cookie");
/// assert_eq!(res.headers().get_all("set-cookie").iter().count(), 2);
/// assert_eq!(res.headers()["content-type"], "text/csv");
/// assert_eq!(res.headers()["cache-control"], "max-age=60");
/// assert_eq!(res.headers().get_all("vary").iter().count(), 2);
/// ```
pub trait ResponseExt: Sized {
    /// Sets the status.
    fn with_status(self, status: StatusCode) -> Self;
    /// Sets a header, replacing any value it had; the name is a `&str` or a [`header`] constant, the
    /// value a `&str`, `String` or `HeaderValue`. An invalid name or value turns the response into a
    /// logged `500`.
    fn with_header<K, V>(self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>;
    /// Adds one more value for a header, keeping the ones it had.
    fn append_header<K, V>(self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>;
    /// Appends one `Set-Cookie` header: a `Cookie`, or a `Cookie::build(..)` with its attributes.
    fn with_cookie<'c>(self, cookie: impl Into<Cookie<'c>>) -> Self;
}

impl ResponseExt for Response {
    fn with_status(mut self, status: StatusCode) -> Self {
        *self.status_mut() = status;
        self
    }

    fn with_header<K, V>(mut self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        match parse_header(name, value) {
            Ok((name, value)) => {
                self.headers_mut().insert(name, value);
                self
            }
            Err(error) => error.into_response(),
        }
    }

    fn append_header<K, V>(mut self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        match parse_header(name, value) {
            Ok((name, value)) => {
                self.headers_mut().append(name, value);
                self
            }
            Err(error) => error.into_response(),
        }
    }

    fn with_cookie<'c>(mut self, cookie: impl Into<Cookie<'c>>) -> Self {
        match HeaderValue::try_from(cookie.into().encoded().to_string()) {
            Ok(value) => {
                self.headers_mut().append(header::SET_COOKIE, value);
                self
            }
            Err(error) => crate::Error::new(error).into_response(),
        }
    }
}

fn parse_header<K, V>(name: K, value: V) -> Result<(HeaderName, HeaderValue), crate::Error>
where
    HeaderName: TryFrom<K>,
    <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
    HeaderValue: TryFrom<V>,
    <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
{
    let name = HeaderName::try_from(name).map_err(Into::into)?;
    let value = HeaderValue::try_from(value).map_err(Into::into)?;
    Ok((name, value))
}
