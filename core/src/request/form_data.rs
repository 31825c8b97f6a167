//! `request.formData()`: `application/x-www-form-urlencoded` and `multipart/form-data` bodies.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::error::Rejection;

/// An uploaded file from a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormFile {
    /// The file name the client sent.
    pub file_name: String,
    /// The part's content type, if sent.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub bytes: Bytes,
}

/// One form entry: text, or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormValue {
    /// A text field.
    Text(String),
    /// A file part.
    File(FormFile),
}

/// A parsed form body. Every text value is a string; use [`FormData::deserialize`] for typed fields.
///
/// ```
/// use routeway::FormData;
/// let form = FormData::from_urlencoded(b"name=Ada&email=ada%40example.com").unwrap();
/// assert_eq!(form.get("name"), Some("Ada"));
/// assert_eq!(form.get("email"), Some("ada@example.com"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormData(Vec<(String, FormValue)>);

impl FormData {
    /// Parses an `application/x-www-form-urlencoded` body; `400` naming the field when a name or
    /// value is not UTF-8 once percent-decoded (nothing is silently replaced).
    ///
    /// ```
    /// use routeway::FormData;
    /// let error = FormData::from_urlencoded(b"name=Ada&city=K%F6ln").unwrap_err();
    /// assert_eq!(error.status(), 400);
    /// assert!(error.message().contains("field `city`"));
    /// ```
    pub fn from_urlencoded(body: &[u8]) -> Result<Self, Rejection> {
        for pair in body.split(|byte| *byte == b'&') {
            let mut halves = pair.splitn(2, |byte| *byte == b'=');
            let name = halves.next().unwrap_or_default();
            let value = halves.next().unwrap_or_default();
            if !decodes_to_utf8(name) || !decodes_to_utf8(value) {
                let name = form_urlencoded::parse(pair)
                    .next()
                    .map(|(name, _)| name)
                    .unwrap_or_default();
                return Err(Rejection::invalid_form(format!(
                    "field `{name}` is not UTF-8 once percent-decoded; send the form as UTF-8"
                )));
            }
        }
        Ok(Self(
            form_urlencoded::parse(body)
                .map(|(name, value)| (name.into_owned(), FormValue::Text(value.into_owned())))
                .collect(),
        ))
    }

    /// Parses a `multipart/form-data` body with the boundary from its content type. Text parts are
    /// read as UTF-8 (what browsers send), whatever charset a part declares: a part that is not is a
    /// `400` naming the field.
    pub async fn from_multipart(body: Bytes, boundary: &str) -> Result<Self, Rejection> {
        let delimiter = format!("--{boundary}");
        if memchr::memmem::find(&body, delimiter.as_bytes()).is_none() {
            return Err(Rejection::invalid_form(format_args!(
                "the body has no `{delimiter}` line; the boundary in the Content-Type header must be \
                 the one that separates the body's parts"
            )));
        }
        let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
        let mut multipart = multer::Multipart::new(stream, boundary);
        let mut entries = Vec::new();
        while let Some(field) = multipart.next_field().await.map_err(Rejection::invalid_form)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(ToString::to_string);
            let value = match file_name {
                Some(file_name) => {
                    let bytes = field.bytes().await.map_err(Rejection::invalid_form)?;
                    FormValue::File(FormFile {
                        file_name,
                        content_type,
                        bytes,
                    })
                }
                // Text fields are UTF-8 (what browsers send); decoding by hand rather than with
                // multer's charset-aware `text()` keeps encoding_rs's tables out of Worker bundles.
                None => {
                    let bytes = field.bytes().await.map_err(Rejection::invalid_form)?;
                    let text = String::from_utf8(bytes.into()).map_err(|error| {
                        let declared = content_type
                            .as_deref()
                            .and_then(declared_charset)
                            .map(|charset| format!(" (the part declares charset={charset}; send it as UTF-8)"))
                            .unwrap_or_default();
                        Rejection::invalid_form(format_args!(
                            "field `{name}` is not valid UTF-8{declared}: {}",
                            error.utf8_error()
                        ))
                    })?;
                    FormValue::Text(text)
                }
            };
            entries.push((name, value));
        }
        Ok(Self(entries))
    }

    /// The first text value named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find_map(|(key, value)| match value {
            FormValue::Text(text) if key == name => Some(text.as_str()),
            _ => None,
        })
    }

    /// Every text value named `name`.
    pub fn get_all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter_map(|(key, value)| match value {
                FormValue::Text(text) if key == name => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The first file named `name`.
    pub fn file(&self, name: &str) -> Option<&FormFile> {
        self.0.iter().find_map(|(key, value)| match value {
            FormValue::File(file) if key == name => Some(file),
            _ => None,
        })
    }

    /// Whether any entry is named `name`.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(key, _)| key == name)
    }

    /// All entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FormValue)> {
        self.0.iter().map(|(key, value)| (key.as_str(), value))
    }

    /// Deserialises the text fields into `T` (numbers parse from text, repeated names fill a `Vec`):
    /// routeway's answer to zod-form-data.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        let mut encoded = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.0 {
            if let FormValue::Text(text) = value {
                encoded.append_pair(name, text);
            }
        }
        super::urlencoded::deserialize(&encoded.finish()).map_err(Rejection::invalid_form)
    }
}

/// Whether one percent-encoded name or value decodes to UTF-8 (`+` is ASCII either way).
fn decodes_to_utf8(encoded: &[u8]) -> bool {
    percent_encoding::percent_decode(encoded).decode_utf8().is_ok()
}

/// The charset a part's content type declares, when it is not UTF-8 (`text/plain; charset=ISO-8859-1`).
fn declared_charset(content_type: &str) -> Option<String> {
    super::media_type::parameter(content_type, "charset")
        .filter(|charset| !charset.eq_ignore_ascii_case("utf-8") && !charset.eq_ignore_ascii_case("utf8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_text_and_file_fields() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n\
                    --XX\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.txt\"\r\n\
                    Content-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n";
        let form = futures_executor::block_on(FormData::from_multipart(Bytes::from(body), "XX")).unwrap();
        assert_eq!(form.get("name"), Some("Ada"));
        let file = form.file("cv").unwrap();
        assert_eq!((file.file_name.as_str(), &file.bytes[..]), ("cv.txt", &b"hello"[..]));
        assert_eq!(file.content_type.as_deref(), Some("text/plain"));
    }

    #[test]
    fn a_boundary_the_body_does_not_use_is_named() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--XX--\r\n";
        let error = futures_executor::block_on(FormData::from_multipart(Bytes::from(body), "YY")).unwrap_err();
        assert_eq!(error.status(), 400);
        assert!(error.message().contains("no `--YY` line"), "{}", error.message());
    }

    #[test]
    fn broken_multipart_is_a_400() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda";
        let error = futures_executor::block_on(FormData::from_multipart(Bytes::from(body), "XX")).unwrap_err();
        assert_eq!(error.status(), 400);
    }

    #[test]
    fn typed_fields() {
        #[derive(serde::Deserialize)]
        struct Signup {
            age: u8,
            tags: Vec<String>,
        }
        let form = FormData::from_urlencoded(b"age=36&tags=a&tags=b").unwrap();
        let signup: Signup = form.deserialize().unwrap();
        assert_eq!((signup.age, signup.tags.len()), (36, 2));
        let error = FormData::from_urlencoded(b"age=old")
            .unwrap()
            .deserialize::<Signup>()
            .err()
            .unwrap();
        assert_eq!(error.status(), 400);
        assert!(error.message().contains("field `age`"), "{}", error.message());
    }
}
