//! Parameters of a media type (`multipart/form-data; boundary=XyZ`, `text/plain; charset=utf-8`),
//! read the way browsers' and Next.js' MIME parser reads them: whitespace around `;`, empty
//! parameters, quoted values.

use crate::error::Rejection;

/// The most characters a boundary may have (RFC 2046 §5.1.1).
pub(crate) const MAX_BOUNDARY_LEN: usize = 70;

/// The boundary named by `content_type` (`multipart/form-data; boundary=XyZ`); `400` saying what to
/// send when it is missing, empty or longer than RFC 2046 allows.
pub(crate) fn multipart_boundary(content_type: &str) -> Result<String, Rejection> {
    match parameter(content_type, "boundary") {
        Some(boundary) if boundary.len() > MAX_BOUNDARY_LEN => Err(Rejection::invalid_form(format_args!(
            "the multipart boundary is {} characters long; RFC 2046 allows at most {MAX_BOUNDARY_LEN}",
            boundary.chars().count()
        ))),
        Some(boundary) if !boundary.is_empty() => Ok(boundary),
        _ => Err(Rejection::invalid_form(
            "the Content-Type has no boundary; send `multipart/form-data; boundary=<the line that \
             separates the parts>`",
        )),
    }
}

/// The value of the parameter `name` in `content_type`.
///
/// Parameters are `*( OWS ";" OWS [ name "=" value ] )` (RFC 9110 §5.6.6), read as the WHATWG MIME
/// parser reads them: names are matched without regard to case, a value is a quoted string (its `\`
/// escapes undone) or everything up to the next `;`, an empty unquoted value is no value, and the
/// first `name` with a value counts.
pub(crate) fn parameter(content_type: &str, name: &str) -> Option<String> {
    let mut rest = content_type.split_once(';').map_or("", |(_, parameters)| parameters);
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        if rest.is_empty() {
            return None;
        }
        let name_end = rest.find(['=', ';']).unwrap_or(rest.len());
        // No whitespace before `=`: `boundary =x` is not a `boundary` parameter.
        let found = &rest[..name_end];
        rest = &rest[name_end..];
        let Some(after_equals) = rest.strip_prefix('=') else {
            continue;
        };
        let quoted = after_equals.starts_with('"');
        let (value, remaining) = parameter_value(after_equals);
        rest = remaining;
        if found.eq_ignore_ascii_case(name) && (quoted || !value.is_empty()) {
            return Some(value);
        }
    }
}

/// A parameter's value and the text after it: a quoted string without its quotes and escapes, or
/// the text up to the next `;` without trailing whitespace.
fn parameter_value(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find(';').unwrap_or(text.len());
        return (text[..end].trim_end_matches([' ', '\t']).to_owned(), &text[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                // Anything between the closing quote and the next `;` is ignored.
                let after = &quoted[at + 1..];
                return (value, &after[after.find(';').unwrap_or(after.len())..]);
            }
            '\\' => value.push(chars.next().map_or('\\', |(_, escaped)| escaped)),
            c => value.push(c),
        }
    }
    (value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boundary(content_type: &str) -> Result<String, String> {
        multipart_boundary(content_type).map_err(|rejection| rejection.message().to_owned())
    }

    #[test]
    fn every_way_of_writing_the_parameter() {
        for content_type in [
            "multipart/form-data; boundary=XyZ",
            "multipart/form-data;boundary=XyZ",
            "multipart/form-data ; boundary=XyZ",
            "multipart/form-data;\tboundary=XyZ ",
            "multipart/form-data;; boundary=XyZ;",
            "multipart/form-data; charset=utf-8; BOUNDARY=XyZ",
            "multipart/form-data; boundary=\"XyZ\"",
            "multipart/form-data; boundary=\"XyZ\" ; charset=utf-8",
            "multipart/form-data; flag; boundary=XyZ",
            "multipart/form-data; boundary=XyZ; boundary=other",
        ] {
            assert_eq!(boundary(content_type).as_deref(), Ok("XyZ"), "{content_type}");
        }
    }

    #[test]
    fn quoted_and_unusual_values() {
        assert_eq!(
            boundary("multipart/form-data; boundary=\"a b;c\"").as_deref(),
            Ok("a b;c")
        );
        assert_eq!(
            boundary("multipart/form-data; boundary=\"a\\\"b\"").as_deref(),
            Ok("a\"b")
        );
        assert_eq!(
            boundary("multipart/form-data; boundary=a=b/c:d?").as_deref(),
            Ok("a=b/c:d?")
        );
        assert_eq!(
            boundary("multipart/form-data; boundary=\"unterminated").as_deref(),
            Ok("unterminated")
        );
        assert_eq!(
            boundary(r#"multipart/form-data; boundary="ends\"#).as_deref(),
            Ok(r"ends\")
        );
        // An empty unquoted value is no value: a later boundary counts.
        assert_eq!(
            boundary("multipart/form-data; boundary=; boundary=XyZ").as_deref(),
            Ok("XyZ")
        );
    }

    #[test]
    fn any_parameter_by_name() {
        let content_type = "text/plain; Charset=\"ISO-8859-1\"; format=flowed";
        assert_eq!(parameter(content_type, "charset").as_deref(), Some("ISO-8859-1"));
        assert_eq!(parameter(content_type, "format").as_deref(), Some("flowed"));
        assert_eq!(parameter(content_type, "boundary"), None);
        assert_eq!(parameter("text/plain", "charset"), None);
    }

    #[test]
    fn missing_empty_or_too_long() {
        for content_type in [
            "multipart/form-data",
            "multipart/form-data; charset=utf-8",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\"\"",
            "multipart/form-data; boundary",
            "multipart/form-data; boundary =XyZ",
        ] {
            assert!(
                boundary(content_type).unwrap_err().contains("has no boundary"),
                "{content_type}"
            );
        }
        let longest = "b".repeat(MAX_BOUNDARY_LEN);
        assert_eq!(
            boundary(&format!("multipart/form-data; boundary={longest}")),
            Ok(longest)
        );
        let error = boundary(&format!("multipart/form-data; boundary={}", "-".repeat(16_000))).unwrap_err();
        assert!(
            error.contains("16000 characters long; RFC 2046 allows at most 70"),
            "{error}"
        );
    }
}
