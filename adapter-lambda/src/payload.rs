//! How many bytes a buffered response takes in the JSON payload Lambda returns, where its 6 MB quota
//! applies: the body after `lambda_http` has encoded it (base64 for binary content types, a JSON
//! string with escapes for text ones), the headers and the envelope.

use http::HeaderMap;

/// The most bytes a buffered invocation may return (Lambda's 6 MB payload quota, as its error names
/// it).
pub const BUFFERED_PAYLOAD_LIMIT: usize = 6_291_556;

/// Room for the envelope's fixed fields (`statusCode`, `statusDescription`, `isBase64Encoded`, the
/// field names and braces): about 130 bytes for the largest, ALB's.
const ENVELOPE: usize = 512;

/// How `lambda_http` will put a body into the payload, which it decides from the response headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// Decoded with the content type's charset and sent as a JSON string.
    Text,
    /// Sent base64-encoded.
    Base64,
}

impl BodyEncoding {
    /// Asks `lambda_http` itself, with an empty body: it answers text or binary from the headers alone.
    pub async fn chosen_by_lambda_http(headers: &HeaderMap) -> Self {
        let mut probe = http::Response::new(lambda_http::Body::Empty);
        *probe.headers_mut() = headers.clone();
        match lambda_http::IntoResponse::into_response(probe).await.into_body() {
            lambda_http::Body::Binary(_) => Self::Base64,
            _ => Self::Text,
        }
    }
}

/// An upper bound of the payload's size, exact for base64 and UTF-8 bodies: ALB responses carry
/// every header twice (`headers` and `multiValueHeaders`), so headers count twice.
pub fn payload_size(headers: &HeaderMap, body: &[u8], encoding: BodyEncoding) -> usize {
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + json_string_size(value.as_bytes(), true) + 8)
        .sum();
    let body_bytes = match encoding {
        BodyEncoding::Base64 => body.len().div_ceil(3) * 4,
        BodyEncoding::Text => json_string_size(body, charset_is_utf8(headers)),
    };
    ENVELOPE + 2 * header_bytes + body_bytes
}

/// Whether the content type names no charset or UTF-8: what `lambda_http` then decodes text with.
fn charset_is_utf8(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let charset = content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"'))
    });
    charset.is_none_or(|label| label.eq_ignore_ascii_case("utf-8") || label.eq_ignore_ascii_case("utf8"))
}

/// The length of `text` as a JSON string's contents once decoded to UTF-8 and escaped as serde_json
/// does (`\"`, `\\`, two-character escapes for `\b \f \n \r \t`, `\u00XX` for other controls).
/// Invalid UTF-8 becomes U+FFFD (3 bytes) at most once per byte; when the charset is not UTF-8,
/// every non-ASCII byte is counted as 3 bytes, the most one byte of any charset decodes to.
fn json_string_size(text: &[u8], utf8: bool) -> usize {
    let ascii = |byte: u8| match byte {
        b'"' | b'\\' | 0x08 | 0x0c | b'\n' | b'\r' | b'\t' => 2,
        0x00..=0x1f => 6,
        _ => 1,
    };
    if !utf8 {
        return text.iter().map(|&b| if b.is_ascii() { ascii(b) } else { 3 }).sum();
    }
    text.utf8_chunks()
        .map(|chunk| {
            let valid = chunk.valid().as_bytes();
            let escaped: usize = valid.iter().map(|&b| if b.is_ascii() { ascii(b) } else { 1 }).sum();
            escaped + 3 * chunk.invalid().len()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            content_type.parse().expect("a header value"),
        );
        headers
    }

    #[tokio::test]
    async fn lambda_http_decides_text_or_base64_from_the_content_type() {
        for (content_type, expected) in [
            ("text/plain", BodyEncoding::Text),
            ("application/json", BodyEncoding::Text),
            ("application/ld+json", BodyEncoding::Text),
            ("image/png", BodyEncoding::Base64),
            ("application/octet-stream", BodyEncoding::Base64),
        ] {
            assert_eq!(
                BodyEncoding::chosen_by_lambda_http(&headers(content_type)).await,
                expected,
                "{content_type}"
            );
        }
    }

    #[test]
    fn a_utf8_body_counts_exactly_as_serde_json_escapes_it() {
        let body = "quote \" backslash \\ newline \n tab \t bell \u{7} é ✓ 🦀 del \u{7f}";
        let escaped = serde_json::to_string(body).expect("a JSON string").len() - 2;
        assert_eq!(json_string_size(body.as_bytes(), true), escaped);
    }

    #[test]
    fn invalid_utf8_and_other_charsets_are_never_undercounted() {
        let invalid = b"ok \xff\xfe then \xc3";
        let lossy = serde_json::to_string(&String::from_utf8_lossy(invalid))
            .expect("JSON")
            .len()
            - 2;
        assert!(json_string_size(invalid, true) >= lossy);
        // UTF-8 "é" read as Latin-1 decodes to "Ã©": 4 bytes where the body had 2.
        let latin1_read = serde_json::to_string("Ã©").expect("JSON").len() - 2;
        assert!(json_string_size("é".as_bytes(), false) >= latin1_read);
        assert!(!charset_is_utf8(&headers("text/plain; charset=ISO-8859-1")));
        assert!(charset_is_utf8(&headers("text/plain; charset=\"UTF-8\"")));
        assert!(charset_is_utf8(&headers("text/plain")));
    }

    #[test]
    fn base64_bodies_count_four_bytes_for_every_three() {
        let headers = headers("image/png");
        let base = payload_size(&headers, b"", BodyEncoding::Base64);
        assert_eq!(payload_size(&headers, &[0; 3], BodyEncoding::Base64) - base, 4);
        assert_eq!(payload_size(&headers, &[0; 4], BodyEncoding::Base64) - base, 8);
    }
}
