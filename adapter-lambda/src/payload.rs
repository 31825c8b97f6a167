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

/// The payload's size, never under what `lambda_http` sends: the body exactly as it is encoded
/// (base64, or decoded with the content type's charset as `lambda_http` decodes it and JSON-escaped);
/// the headers counted twice (ALB responses carry them in both `headers` and `multiValueHeaders`)
/// with room for quotes and brackets; a fixed allowance for the envelope.
pub fn payload_size(headers: &HeaderMap, body: &[u8], encoding: BodyEncoding) -> usize {
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + json_string_size(&String::from_utf8_lossy(value.as_bytes())) + 8)
        .sum();
    let body_bytes = match encoding {
        BodyEncoding::Base64 => body.len().div_ceil(3) * 4,
        BodyEncoding::Text => json_string_size(&text_charset(headers).decode(body).0),
    };
    ENVELOPE + 2 * header_bytes + body_bytes
}

/// The charset `lambda_http` decodes a text body with: the content type's `charset` parameter when
/// it names a known encoding, else UTF-8 (a byte-order mark at the start overrides either, in
/// `Encoding::decode`).
fn text_charset(headers: &HeaderMap) -> &'static encoding_rs::Encoding {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|content_type| content_type.parse::<mime::Mime>().ok())
        .and_then(|mime| mime.get_param(mime::CHARSET).map(|charset| charset.as_str().to_owned()))
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8)
}

/// The length of `text` as the contents of a JSON string, escaped as serde_json escapes it: `\"`,
/// `\\`, two characters for `\b \f \n \r \t`, `\u00XX` for the other control characters.
fn json_string_size(text: &str) -> usize {
    text.bytes()
        .map(|byte| match byte {
            b'"' | b'\\' | 0x08 | 0x0c | b'\n' | b'\r' | b'\t' => 2,
            0x00..=0x1f => 6,
            _ => 1,
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

    /// What serde_json makes of `text` as a JSON string, without its quotes.
    fn serde_json_size(text: &str) -> usize {
        serde_json::to_string(text).expect("a JSON string").len() - 2
    }

    #[test]
    fn escapes_count_exactly_as_serde_json_writes_them() {
        let text = "quote \" backslash \\ newline \n tab \t bell \u{7} nul \u{0} é ✓ 🦀 del \u{7f}";
        assert_eq!(json_string_size(text), serde_json_size(text));
    }

    #[test]
    fn text_bodies_count_as_lambda_http_decodes_them() {
        let cases: [(&str, Vec<u8>, &str); 6] = [
            ("text/plain", "é ✓ \"".as_bytes().to_vec(), "é ✓ \""),
            (
                "text/plain",
                b"ok \xff\xfe then \xc3".to_vec(),
                "ok \u{fffd}\u{fffd} then \u{fffd}",
            ),
            ("text/plain; charset=ISO-8859-1", b"caf\xe9".to_vec(), "café"),
            ("text/plain; charset=shift_jis", b"\x93\xfa\x96\x7b".to_vec(), "日本"),
            ("text/plain; charset=utf-16le", b"A\0B\0".to_vec(), "AB"),
            // A byte-order mark wins over the declared charset, as in lambda_http's decoding.
            ("text/plain", b"\xff\xfe\x2d\x4e".to_vec(), "中"),
        ];
        for (content_type, body, decoded) in cases {
            assert_eq!(
                payload_size(&headers(content_type), &body, BodyEncoding::Text)
                    - payload_size(&headers(content_type), b"", BodyEncoding::Text),
                serde_json_size(decoded),
                "{content_type} {body:?}"
            );
        }
    }

    #[test]
    fn base64_bodies_count_four_bytes_for_every_three() {
        let headers = headers("image/png");
        let base = payload_size(&headers, b"", BodyEncoding::Base64);
        assert_eq!(payload_size(&headers, &[0; 3], BodyEncoding::Base64) - base, 4);
        assert_eq!(payload_size(&headers, &[0; 4], BodyEncoding::Base64) - base, 8);
    }
}
