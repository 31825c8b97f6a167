//! `cookies()`: the request's cookies, read-only.

use cookie::Cookie;
use http::{header, HeaderMap};

/// The cookies a request sent, percent-decoded; set cookies on the response instead.
///
/// ```
/// use routeway::Cookies;
/// let mut headers = http::HeaderMap::new();
/// headers.insert("cookie", "token=abc; theme=dark".parse().unwrap());
/// let cookies = Cookies::from_headers(&headers);
/// assert_eq!(cookies.get("token"), Some("abc"));
/// assert!(cookies.has("theme"));
/// assert_eq!(cookies.len(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Cookies(Vec<Cookie<'static>>);

impl Cookies {
    /// Reads every `Cookie` header; malformed pairs are skipped.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let cookies = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| Cookie::split_parse_encoded(value.to_owned()))
            .filter_map(Result::ok)
            .collect();
        Self(cookies)
    }

    /// The first value named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|cookie| cookie.name() == name).map(Cookie::value)
    }

    /// Every value named `name`.
    pub fn get_all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|cookie| cookie.name() == name)
            .map(Cookie::value)
            .collect()
    }

    /// Whether a cookie named `name` was sent.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|cookie| cookie.name() == name)
    }

    /// All cookies as `(name, value)`, in the order sent.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|cookie| (cookie.name(), cookie.value()))
    }

    /// How many cookies were sent.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no cookie was sent.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
