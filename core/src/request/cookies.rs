//! `cookies()`: the request's cookies, read-only.

use cookie::Cookie;
use http::{header, HeaderMap, HeaderValue};

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
    /// Reads every `Cookie` header as Next.js does: a name sent without `=` (`beta`) reads as
    /// `"true"`; a pair that cannot be read (not UTF-8, an empty name, a value that is not valid
    /// percent-encoded UTF-8) is skipped without losing the others sent beside it.
    ///
    /// ```
    /// use routeway::Cookies;
    /// let mut headers = http::HeaderMap::new();
    /// let sent = http::HeaderValue::from_bytes("token=abc; name=café; bad=\u{ff}".as_bytes()).unwrap();
    /// headers.insert("cookie", sent);
    /// headers.append("cookie", http::HeaderValue::from_bytes(b"odd=\xff; theme=dark; beta").unwrap());
    /// let cookies = Cookies::from_headers(&headers);
    /// assert_eq!(cookies.get("token"), Some("abc"));
    /// assert_eq!(cookies.get("name"), Some("café"));
    /// assert_eq!(cookies.get("bad"), Some("\u{ff}"));
    /// assert!(!cookies.has("odd"));
    /// assert_eq!(cookies.get("theme"), Some("dark"));
    /// assert_eq!(cookies.get("beta"), Some("true"));
    /// ```
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let cookies = headers
            .get_all(header::COOKIE)
            .iter()
            .flat_map(|value| utf8_pairs(value).split(';').filter_map(parse_pair).collect::<Vec<_>>())
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

/// One `name=value` pair of a `Cookie` header, percent-decoded; a bare `name` is a flag, `"true"`.
fn parse_pair(pair: &str) -> Option<Cookie<'static>> {
    let pair = pair.trim();
    if pair.is_empty() {
        return None;
    }
    if pair.contains('=') {
        return Cookie::parse_encoded(pair.to_owned()).ok();
    }
    Some(Cookie::new(pair.to_owned(), "true"))
}

/// The header's text: all of it when it is UTF-8 (browsers send non-ASCII values that way), else
/// only its `;`-separated pairs that are.
fn utf8_pairs(value: &HeaderValue) -> String {
    let bytes = value.as_bytes();
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes
            .split(|byte| *byte == b';')
            .filter_map(|pair| std::str::from_utf8(pair).ok())
            .collect::<Vec<_>>()
            .join(";"),
    }
}
