//! Request path normalisation: percent-decoding once per segment, dot segments, empty segments.
//!
//! The result is what the route table matches: each segment decoded, with `%` and `/` inside a
//! segment kept encoded (`%25`, `%2F`) so a decoded `/` never creates a new segment. `.` and `..`
//! are resolved and can never climb above the root.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// A request path whose percent-decoding is not UTF-8 (`/items/%FF`): a `400`, as in Next.js.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPath {
    segment: String,
}

impl fmt::Display for InvalidPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the path segment `{}` is not UTF-8 once percent-decoded; encode the text as UTF-8 before percent-encoding it",
            self.segment
        )
    }
}

impl std::error::Error for InvalidPath {}

/// Normalises a request path for matching. Most paths need no change and are borrowed.
///
/// ```
/// use routeway::router::normalize_path;
/// assert_eq!(normalize_path("/api/items").unwrap(), "/api/items");
/// assert_eq!(normalize_path("/api/../../secret//x/").unwrap(), "/secret/x");
/// assert_eq!(normalize_path("/files/a%2Fb").unwrap(), "/files/a%2Fb");
/// assert_eq!(normalize_path("/caf%C3%A9").unwrap(), "/café");
/// assert!(normalize_path("/items/%FF").is_err());
/// ```
pub fn normalize_path(path: &str) -> Result<Cow<'_, str>, InvalidPath> {
    if is_normal(path) {
        return Ok(Cow::Borrowed(path));
    }
    let mut segments: Vec<String> = Vec::new();
    for raw in path.split('/').filter(|raw| !raw.is_empty()) {
        let decoded = percent_decode_str(raw).decode_utf8().map_err(|_| InvalidPath {
            segment: raw.to_owned(),
        })?;
        match decoded.as_ref() {
            "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(encode_segment(segment)),
        }
    }
    if segments.is_empty() {
        return Ok(Cow::Borrowed("/"));
    }
    let mut normal = String::with_capacity(path.len());
    for segment in segments {
        normal.push('/');
        normal.push_str(&segment);
    }
    Ok(Cow::Owned(normal))
}

/// What the canonical spelling percent-encodes besides non-ASCII: controls, space, `"#<>?` and
/// `` ` ``, `{`, `}`, WHATWG URL's path percent-encode set before `^` joined it (`#` and `?` would
/// end the path, and `http::Uri` refuses the controls and space). `%` is not in it, so the `%25` and
/// `%2F` that [`normalize_path`] keeps stay as they are.
const NOT_IN_URI_PATH: &AsciiSet = &{
    let mut set = CONTROLS.add(b' ');
    let mut index = 0;
    while index < ESCAPED_PUNCTUATION.len() {
        set = set.add(ESCAPED_PUNCTUATION[index]);
        index += 1;
    }
    set
};

/// The printable ASCII of [`NOT_IN_URI_PATH`], listed once for it and for [`is_canonical`].
const ESCAPED_PUNCTUATION: &[u8] = b"\"#<>?`{}";

/// The one spelling of a path that every spelling of it shares: normalised as for matching, then
/// percent-encoded again (upper-case hex) where a URI needs it. Cache keys use it, so a request and
/// a `revalidate_path` that name the same page find the same entry. A path that is not UTF-8 once
/// decoded (which routing answers with `400`) is returned as it is, with a leading `/` if it had
/// none, so its cache key cannot be taken for a fetch's.
///
/// ```
/// use routeway::router::canonical_path;
/// assert_eq!(canonical_path("/blog/caf%c3%a9"), "/blog/caf%C3%A9");
/// assert_eq!(canonical_path("/blog/café"), "/blog/caf%C3%A9");
/// assert_eq!(canonical_path("/x/%2e%2e/blog/a%20b/"), "/blog/a%20b");
/// assert_eq!(canonical_path("/files/a%2Fb%3F"), "/files/a%2Fb%3F");
/// assert_eq!(canonical_path("fetch:%FF"), "/fetch:%FF");
/// ```
pub fn canonical_path(path: &str) -> Cow<'_, str> {
    if is_canonical(path) {
        return Cow::Borrowed(path);
    }
    match normalize_path(path) {
        Err(_) if path.starts_with('/') => Cow::Borrowed(path),
        Err(_) => Cow::Owned(format!("/{path}")),
        Ok(Cow::Borrowed(normal)) => Cow::from(utf8_percent_encode(normal, NOT_IN_URI_PATH)),
        Ok(Cow::Owned(normal)) => Cow::Owned(utf8_percent_encode(&normal, NOT_IN_URI_PATH).to_string()),
    }
}

/// The normal form of one decoded segment: `%` and `/` kept encoded (`%25`, `%2F`), so the segment
/// stays one segment. Route patterns store their static segments in this form too.
pub(crate) fn encode_segment(decoded: &str) -> String {
    decoded.replace('%', "%25").replace('/', "%2F")
}

/// Undoes the in-segment encoding of [`normalize_path`] for a matched parameter value.
pub(crate) fn decode_segment(value: &str) -> String {
    if value.contains('%') {
        value.replace("%2F", "/").replace("%25", "%")
    } else {
        value.to_owned()
    }
}

/// Whether a matched param value (or one catch-all segment) is already in normal form: not empty,
/// not `.` or `..`, no `%`.
pub(crate) fn is_plain_segment(value: &str) -> bool {
    !matches!(value, "" | "." | "..") && !value.as_bytes().contains(&b'%')
}

/// One pass over the bytes: starts with `/`, no `%`, no empty, `.` or `..` segment, no trailing `/`.
fn is_normal(path: &str) -> bool {
    is_normal_with(path, |_| true)
}

/// [`is_normal`], and every byte printable ASCII outside [`NOT_IN_URI_PATH`]: already canonical.
fn is_canonical(path: &str) -> bool {
    is_normal_with(path, |byte| {
        byte.is_ascii_graphic() && !ESCAPED_PUNCTUATION.contains(&byte)
    })
}

fn is_normal_with(path: &str, allowed: impl Fn(u8) -> bool) -> bool {
    let bytes = path.as_bytes();
    if bytes.first() != Some(&b'/') {
        return false;
    }
    let mut segment_start = 1;
    for index in 1..=bytes.len() {
        let byte = bytes.get(index).copied();
        match byte {
            Some(b'%') => return false,
            Some(b'/') | None => {
                let segment = &bytes[segment_start..index];
                let is_dot = segment.first() == Some(&b'.') && (segment.len() == 1 || segment == b"..");
                if (segment.is_empty() && bytes.len() > 1) || is_dot {
                    return false;
                }
                segment_start = index + 1;
            }
            Some(byte) if !allowed(byte) => return false,
            Some(_) => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_never_escape_the_root() {
        assert_eq!(normalize_path("/../../etc/passwd").unwrap(), "/etc/passwd");
        assert_eq!(normalize_path("/a/%2e%2e/b").unwrap(), "/b");
        assert_eq!(normalize_path("/a/./b").unwrap(), "/a/b");
        assert_eq!(normalize_path("/..").unwrap(), "/");
    }

    #[test]
    fn encoded_slash_and_percent_stay_inside_the_segment() {
        let normal = normalize_path("/a%2Fb/100%25").unwrap();
        assert_eq!(normal, "/a%2Fb/100%25");
        assert_eq!(decode_segment("a%2Fb"), "a/b");
        assert_eq!(decode_segment("100%25"), "100%");
    }

    #[test]
    fn canonical_paths_are_borrowed_and_canonicalising_twice_changes_nothing() {
        for path in ["/", "/cached", "/items/abc-1_2.txt", "/a/b~c/d;e=f"] {
            assert!(matches!(canonical_path(path), Cow::Borrowed(_)), "{path}");
        }
        for path in [
            "/blog/caf%c3%a9",
            "/blog/café",
            "/a b/",
            "/x/%2e%2e/y%3Fz",
            "/files/a%2Fb",
            "/100%25",
            "/q?",
            "//a",
        ] {
            let canonical = canonical_path(path);
            assert_eq!(canonical_path(&canonical), canonical, "{path} is not idempotent");
        }
    }

    #[test]
    fn root_and_empty() {
        assert_eq!(normalize_path("/").unwrap(), "/");
        assert_eq!(normalize_path("").unwrap(), "/");
        assert_eq!(normalize_path("//").unwrap(), "/");
    }

    #[test]
    fn a_segment_that_decodes_to_invalid_utf8_is_an_error_naming_it() {
        let error = normalize_path("/items/ok/%FF%FE").unwrap_err();
        assert!(error.to_string().contains("`%FF%FE`"), "{error}");
        assert!(normalize_path("/items/%C3").is_err());
        assert_eq!(normalize_path("/items/%C3%A9").unwrap(), "/items/é");
    }
}
