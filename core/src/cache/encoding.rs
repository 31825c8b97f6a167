//! The byte form of a cache entry, shared by every store that keeps entries outside the process (a
//! file, Redis, KV): one line of JSON (version, key, status, headers, tags, time, the revalidate
//! time and data keys its fetches gave it, and the body's length, so a write cut short is never
//! read as a whole entry) and the body.

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use std::time::Duration;

use web_time::UNIX_EPOCH;

use super::CachedResponse;

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Meta {
    v: u32,
    key: String,
    status: u16,
    headers: Vec<(String, HeaderBytes)>,
    tags: Vec<String>,
    stored_at_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    revalidate: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    data_keys: Vec<String>,
    /// Absent in entries written before it was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body_len: Option<u64>,
}

/// A header value: text when it is UTF-8 (readable in the store), else its bytes.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum HeaderBytes {
    Text(String),
    Bytes(Vec<u8>),
}

/// Why stored bytes are not an entry.
#[derive(Debug)]
pub struct DecodeError(String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a routeway cache entry: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

impl CachedResponse {
    /// The entry stored under `key` as bytes, for stores outside the process.
    ///
    /// ```
    /// use routeway::cache::CachedResponse;
    /// let entry = CachedResponse {
    ///     status: http::StatusCode::OK,
    ///     headers: http::HeaderMap::new(),
    ///     body: bytes::Bytes::from_static(b"{}"),
    ///     tags: vec!["items".into()],
    ///     stored_at: routeway::time::SystemTime::now(),
    ///     revalidate: Some(60),
    ///     data_keys: vec!["build:fetch:GET http://upstream/items#00".into()],
    /// };
    /// let (key, back) = CachedResponse::decode(&entry.encode("build:/items")).unwrap();
    /// assert_eq!((key.as_str(), &back.body[..], back.tags), ("build:/items", &b"{}"[..], vec!["items".to_string()]));
    /// assert_eq!((back.revalidate, back.data_keys.len()), (Some(60), 1));
    /// ```
    pub fn encode(&self, key: &str) -> Vec<u8> {
        let meta = Meta {
            v: VERSION,
            key: key.to_owned(),
            status: self.status.as_u16(),
            headers: self
                .headers
                .iter()
                .map(|(name, value)| {
                    let value = match value.to_str() {
                        Ok(text) => HeaderBytes::Text(text.to_owned()),
                        Err(_) => HeaderBytes::Bytes(value.as_bytes().to_vec()),
                    };
                    (name.as_str().to_owned(), value)
                })
                .collect(),
            tags: self.tags.clone(),
            stored_at_ms: self
                .stored_at
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| since.as_millis().try_into().unwrap_or(u64::MAX)),
            revalidate: self.revalidate,
            data_keys: self.data_keys.clone(),
            body_len: Some(self.body.len() as u64),
        };
        let mut bytes = serde_json::to_vec(&meta).expect("cache metadata is plain data");
        bytes.push(b'\n');
        bytes.extend_from_slice(&self.body);
        bytes
    }

    /// The key and entry back from [`CachedResponse::encode`]'s bytes.
    pub fn decode(bytes: &[u8]) -> Result<(String, Self), DecodeError> {
        let (meta, body) = Self::split(bytes)?;
        let mut headers = HeaderMap::with_capacity(meta.headers.len());
        for (name, value) in meta.headers {
            let name = HeaderName::try_from(name).map_err(|e| DecodeError(e.to_string()))?;
            let value = match value {
                HeaderBytes::Text(text) => HeaderValue::try_from(text),
                HeaderBytes::Bytes(bytes) => HeaderValue::try_from(bytes),
            }
            .map_err(|e| DecodeError(e.to_string()))?;
            headers.append(name, value);
        }
        let entry = CachedResponse {
            status: StatusCode::from_u16(meta.status).map_err(|e| DecodeError(e.to_string()))?,
            headers,
            body: Bytes::copy_from_slice(body),
            tags: meta.tags,
            stored_at: UNIX_EPOCH + Duration::from_millis(meta.stored_at_ms),
            revalidate: meta.revalidate,
            data_keys: meta.data_keys,
        };
        Ok((meta.key, entry))
    }

    /// The entry a store read for `key`: `None` when the bytes were written for another key (a hash
    /// collision in the store's naming) or cannot be read, which is logged; either way a `MISS`.
    pub fn decode_for(key: &str, bytes: &[u8]) -> Option<Self> {
        match Self::decode(bytes) {
            Ok((stored_key, entry)) if stored_key == key => Some(entry),
            Ok(_) => None,
            Err(problem) => {
                tracing::warn!("ignoring the cache entry for {key}: {problem}");
                None
            }
        }
    }

    /// The key and tags of encoded bytes, without copying the body (for indexing a store).
    pub fn decode_key_and_tags(bytes: &[u8]) -> Result<(String, Vec<String>), DecodeError> {
        let (meta, _) = Self::split(bytes)?;
        Ok((meta.key, meta.tags))
    }

    fn split(bytes: &[u8]) -> Result<(Meta, &[u8]), DecodeError> {
        let end = bytes
            .iter()
            .position(|byte| *byte == b'\n')
            .ok_or_else(|| DecodeError("no metadata line".to_owned()))?;
        let meta: Meta = serde_json::from_slice(&bytes[..end]).map_err(|e| DecodeError(e.to_string()))?;
        if meta.v != VERSION {
            return Err(DecodeError(format!("version {} (this build reads {VERSION})", meta.v)));
        }
        let body = &bytes[end + 1..];
        match meta.body_len {
            Some(expected) if expected != body.len() as u64 => Err(DecodeError(format!(
                "the body is {} bytes where the entry says {expected}: a write cut short",
                body.len()
            ))),
            _ => Ok((meta, body)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_status_time_and_binary_values_survive() {
        let mut headers = HeaderMap::new();
        headers.append("x-a", HeaderValue::from_static("1"));
        headers.append("x-a", HeaderValue::from_static("2"));
        headers.insert("x-raw", HeaderValue::from_bytes(&[0xfa, b'o']).unwrap());
        let stored_at = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        let entry = CachedResponse {
            status: StatusCode::ACCEPTED,
            headers,
            body: Bytes::from_static(b"line\nwith newline"),
            tags: vec![],
            stored_at,
            revalidate: None,
            data_keys: vec![],
        };
        let (key, back) = CachedResponse::decode(&entry.encode("k")).unwrap();
        assert_eq!(key, "k");
        assert_eq!(back.status, StatusCode::ACCEPTED);
        assert_eq!(back.headers.get_all("x-a").iter().count(), 2);
        assert_eq!(back.headers["x-raw"].as_bytes(), [0xfa, b'o']);
        assert_eq!(&back.body[..], b"line\nwith newline");
        assert_eq!(back.stored_at, stored_at);
    }

    #[test]
    fn entries_written_before_fetches_shaped_pages_still_read() {
        let mut bytes = br#"{"v":1,"key":"k","status":200,"headers":[],"tags":["t"],"stored_at_ms":5}"#.to_vec();
        bytes.extend_from_slice(b"\nbody");
        let (_, entry) = CachedResponse::decode(&bytes).unwrap();
        assert_eq!(
            (entry.revalidate, entry.data_keys.len(), &entry.body[..]),
            (None, 0, &b"body"[..])
        );
    }

    #[test]
    fn a_body_cut_short_is_an_error() {
        let entry = CachedResponse {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"the whole body"),
            tags: vec![],
            stored_at: UNIX_EPOCH,
            revalidate: None,
            data_keys: vec![],
        };
        let bytes = entry.encode("k");
        assert!(CachedResponse::decode(&bytes).is_ok());
        let problem = CachedResponse::decode(&bytes[..bytes.len() - 4])
            .unwrap_err()
            .to_string();
        assert!(problem.contains("cut short"), "{problem}");
    }

    #[test]
    fn garbage_and_other_versions_are_errors() {
        assert!(CachedResponse::decode(b"not json\nbody").is_err());
        assert!(CachedResponse::decode(b"no newline").is_err());
        let other = br#"{"v":2,"key":"k","status":200,"headers":[],"tags":[],"stored_at_ms":0}"#;
        let mut bytes = other.to_vec();
        bytes.push(b'\n');
        assert!(CachedResponse::decode(&bytes)
            .unwrap_err()
            .to_string()
            .contains("version 2"));
    }
}
