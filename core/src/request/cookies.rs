//! `cookies()`: the request's cookies, read-only.

use cookie::Cookie;
use http::{header, HeaderMap, HeaderValue};

/// The cookies a request sent, values percent-decoded; set cookies on the response instead.
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
    /// Reads every `Cookie` header: values are percent-decoded as Next.js does
    /// (`decodeURIComponent`), and so are names, which [`ResponseExt::with_cookie`] encodes, so a
    /// cookie set as `cart[1]` reads back as `cart[1]`; a name sent without `=` (`beta`) reads as
    /// `"true"`; a pair that cannot be read (not UTF-8, an empty name, a name or value that is not
    /// valid percent-encoded UTF-8 such as `100%` or `%zz`) is skipped without losing the others
    /// sent beside it. Where a name is sent twice, [`Cookies::get`] answers the first (the most
    /// specific path, RFC 6265 §5.4; Next.js keeps the last) and [`Cookies::get_all`] every one.
    ///
    /// [`ResponseExt::with_cookie`]: crate::ResponseExt::with_cookie
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
    ///
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("cookie", "pct=100%; hex=%zz; a%20b=c%20d; ok=1".parse().unwrap());
    /// let cookies = Cookies::from_headers(&headers);
    /// assert!(!cookies.has("pct") && !cookies.has("hex"));
    /// assert_eq!(cookies.get("a b"), Some("c d"));
    /// assert_eq!(cookies.get("ok"), Some("1"));
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
/// `None` for an empty pair or name, or a name or value `decodeURIComponent` would throw on.
fn parse_pair(pair: &str) -> Option<Cookie<'static>> {
    let pair = pair.trim();
    if pair.is_empty() {
        return None;
    }
    let Some((name, value)) = pair.split_once('=') else {
        return Some(Cookie::new(pair.to_owned(), "true"));
    };
    let name = decode_uri_component(name.trim_end())?;
    if name.is_empty() {
        return None;
    }
    Some(Cookie::new(name, decode_uri_component(value.trim_start())?))
}

/// `decodeURIComponent`: `None` when a `%` does not start a two-digit hex escape or the decoded
/// bytes are not UTF-8.
fn decode_uri_component(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let escapes_well_formed = memchr::memchr_iter(b'%', bytes).all(|at| {
        bytes
            .get(at + 1..at + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(value)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{text, ResponseExt};

    #[test]
    fn a_cookie_set_by_a_response_reads_back_by_its_name() {
        for (name, value) in [("cart[1]", "x"), ("user id", "a b"), ("café", "100%"), ("a:b", "c=d;e")] {
            let response = text("ok").with_cookie(Cookie::new(name, value));
            let set_cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, HeaderValue::from_str(&set_cookie).unwrap());
            assert_eq!(Cookies::from_headers(&headers).get(name), Some(value), "{set_cookie}");
        }
    }
}
