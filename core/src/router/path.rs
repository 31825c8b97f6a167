//! Request path normalisation: percent-decoding once per segment, dot segments, empty segments.
//!
//! The result is what the route table matches: each segment decoded, with `%` and `/` inside a
//! segment kept encoded (`%25`, `%2F`) so a decoded `/` never creates a new segment. `.` and `..`
//! are resolved and can never climb above the root.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// Normalises a request path for matching. Most paths need no change and are borrowed.
///
/// ```
/// use routeway::router::normalize_path;
/// assert_eq!(normalize_path("/api/items"), "/api/items");
/// assert_eq!(normalize_path("/api/../../secret//x/"), "/secret/x");
/// assert_eq!(normalize_path("/files/a%2Fb"), "/files/a%2Fb");
/// assert_eq!(normalize_path("/caf%C3%A9"), "/café");
/// ```
pub fn normalize_path(path: &str) -> Cow<'_, str> {
    if is_normal(path) {
        return Cow::Borrowed(path);
    }
    let mut segments: Vec<String> = Vec::new();
    for raw in path.split('/').filter(|raw| !raw.is_empty()) {
        let decoded = percent_decode_str(raw).decode_utf8_lossy();
        match decoded.as_ref() {
            "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment.replace('%', "%25").replace('/', "%2F")),
        }
    }
    if segments.is_empty() {
        return Cow::Borrowed("/");
    }
    let mut normal = String::with_capacity(path.len());
    for segment in segments {
        normal.push('/');
        normal.push_str(&segment);
    }
    Cow::Owned(normal)
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
        assert_eq!(normalize_path("/../../etc/passwd"), "/etc/passwd");
        assert_eq!(normalize_path("/a/%2e%2e/b"), "/b");
        assert_eq!(normalize_path("/a/./b"), "/a/b");
        assert_eq!(normalize_path("/.."), "/");
    }

    #[test]
    fn encoded_slash_and_percent_stay_inside_the_segment() {
        let normal = normalize_path("/a%2Fb/100%25");
        assert_eq!(normal, "/a%2Fb/100%25");
        assert_eq!(decode_segment("a%2Fb"), "a/b");
        assert_eq!(decode_segment("100%25"), "100%");
    }

    #[test]
    fn root_and_empty() {
        assert_eq!(normalize_path("/"), "/");
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("//"), "/");
    }
}
