//! Repeated header fields read as one, the way the Fetch API's `Headers` and Lambda's payload
//! format 2.0 present them: `X-A: 1` and `X-A: 2` become `X-A: 1, 2`. Every adapter then hands the
//! handler the same request, whether or not its platform joined the lines already.

use http::header::{self, HeaderMap, HeaderValue};

/// Joins each repeated field's values with `, `, in order. `Cookie` and `Set-Cookie` keep one line
/// per value: cookies are read from every line, and a joined `Set-Cookie` would be a different one.
///
/// ```
/// use routeway::http::{HeaderMap, HeaderValue};
/// let mut headers = HeaderMap::new();
/// headers.append("accept", HeaderValue::from_static("text/html"));
/// headers.append("accept", HeaderValue::from_static("application/json"));
/// headers.append("cookie", HeaderValue::from_static("a=1"));
/// headers.append("cookie", HeaderValue::from_static("b=2"));
/// routeway::repeated_headers::join(&mut headers);
/// assert_eq!(headers["accept"], "text/html, application/json");
/// assert_eq!(headers.get_all("cookie").iter().count(), 2);
/// ```
pub fn join(headers: &mut HeaderMap) {
    if headers.len() == headers.keys_len() {
        return;
    }
    let repeated: Vec<_> = headers
        .keys()
        .filter(|name| {
            **name != header::SET_COOKIE && **name != header::COOKIE && headers.get_all(*name).iter().nth(1).is_some()
        })
        .cloned()
        .collect();
    for name in repeated {
        let values: Vec<&[u8]> = headers.get_all(&name).iter().map(HeaderValue::as_bytes).collect();
        if let Ok(joined) = HeaderValue::from_bytes(&values.join(&b", "[..])) {
            headers.insert(name, joined);
        }
    }
}
