//! Following an upstream's redirects, as the Web's `fetch` does by default (and so Workers and
//! Next.js do): up to 20 hops, `303` (and `301`/`302` after a `POST`) turned into a `GET` without
//! its body, `307`/`308` sent again with the same method and body, and credentials dropped when the
//! redirect leaves the origin.

use bytes::Bytes;
use http::{header, HeaderMap, Method, StatusCode, Uri};
use iri_string::types::{UriAbsoluteStr, UriReferenceStr};
use routeway::Body;

/// The most redirects one fetch follows, as the Fetch standard sets.
pub const MAX_REDIRECTS: usize = 20;

/// The request headers that describe its body: dropped when a redirect turns it into a `GET`.
const BODY_HEADERS: [header::HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_ENCODING,
    header::CONTENT_LANGUAGE,
];

/// What a request needs to be sent again after a redirect.
pub struct Replay {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    /// The body, when it can be sent again (empty or held in memory; a stream cannot).
    body: Option<Bytes>,
}

impl Replay {
    /// Splits `request` into the request to send now and what is kept to send it again.
    pub fn keep(request: http::Request<Body>) -> (http::Request<Body>, Self) {
        let (parts, body) = request.into_parts();
        let (body, kept) = match body.try_into_bytes() {
            Ok(bytes) => (Body::from(bytes.clone()), Some(bytes)),
            Err(stream) => (stream, None),
        };
        let replay = Self {
            method: parts.method.clone(),
            uri: parts.uri.clone(),
            headers: parts.headers.clone(),
            body: kept,
        };
        (http::Request::from_parts(parts, body), replay)
    }

    /// The request a `status` answer with `headers` redirects to; `None` when it is not a redirect
    /// to follow (not a redirect status, or no `Location`).
    pub fn follow(self, status: StatusCode, headers: &HeaderMap) -> Option<Result<http::Request<Body>, String>> {
        let keeps_method = match status {
            StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND => self.method != Method::POST,
            StatusCode::SEE_OTHER => self.method == Method::HEAD,
            StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT => true,
            _ => return None,
        };
        let location = headers.get(header::LOCATION)?;
        Some(self.redirected(status, location.as_bytes(), keeps_method))
    }

    fn redirected(
        mut self,
        status: StatusCode,
        location: &[u8],
        keeps_method: bool,
    ) -> Result<http::Request<Body>, String> {
        let target = resolve(&self.uri, location)
            .ok_or_else(|| format!("the upstream answered {status} with a Location that is not a URL"))?;
        if target.authority() != self.uri.authority() || target.scheme() != self.uri.scheme() {
            for credential in [header::AUTHORIZATION, header::COOKIE, header::PROXY_AUTHORIZATION] {
                self.headers.remove(credential);
            }
        }
        self.headers.remove(header::HOST);
        let body = if keeps_method {
            let bytes = self.body.ok_or_else(|| {
                format!(
                    "the upstream answered {status}, which asks for the request body again, but it was a \
                     stream and is gone; send the body as bytes to follow such redirects"
                )
            })?;
            Body::from(bytes)
        } else {
            self.method = Method::GET;
            for name in &BODY_HEADERS {
                self.headers.remove(name);
            }
            Body::empty()
        };
        let mut request = http::Request::new(body);
        *request.method_mut() = self.method;
        *request.uri_mut() = target;
        *request.headers_mut() = self.headers;
        Ok(request)
    }
}

/// `location` resolved against `base` (RFC 3986 §5), without its fragment.
fn resolve(base: &Uri, location: &[u8]) -> Option<Uri> {
    let location = std::str::from_utf8(location).ok()?;
    let base = base.to_string();
    let base = UriAbsoluteStr::new(&base).ok()?;
    let resolved = UriReferenceStr::new(location.trim())
        .ok()?
        .resolve_against(base)
        .to_string();
    let without_fragment = resolved.split('#').next().unwrap_or_default();
    let target: Uri = without_fragment.parse().ok()?;
    matches!(target.scheme_str(), Some("http" | "https")).then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replay(method: &str, uri: &str, body: Body) -> Replay {
        let request = http::Request::builder()
            .method(method)
            .uri(uri)
            .header("authorization", "Bearer secret")
            .header("content-type", "application/json")
            .body(body)
            .expect("a request");
        Replay::keep(request).1
    }

    fn location(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::LOCATION, value.parse().expect("a header value"));
        headers
    }

    fn followed(replay: Replay, status: u16, to: &str) -> http::Request<Body> {
        let status = StatusCode::from_u16(status).expect("a status");
        replay
            .follow(status, &location(to))
            .expect("a redirect")
            .expect("one that can be followed")
    }

    #[test]
    fn locations_resolve_against_the_request_url() {
        let base: Uri = "http://api.test/a/b/c?x=1".parse().expect("a URI");
        for (location, expected) in [
            ("/d", "http://api.test/d"),
            ("d?y=2", "http://api.test/a/b/d?y=2"),
            ("../d", "http://api.test/a/d"),
            ("//other.test/e", "http://other.test/e"),
            ("https://other.test/f#top", "https://other.test/f"),
        ] {
            assert_eq!(
                resolve(&base, location.as_bytes()).map(|uri| uri.to_string()),
                Some(expected.to_owned()),
                "{location}"
            );
        }
        assert_eq!(resolve(&base, b"mailto:a@b.test"), None, "only HTTP(S) is followed");
    }

    #[test]
    fn see_other_and_a_post_moved_become_a_get_without_the_body() {
        for status in [301, 302, 303] {
            let next = followed(replay("POST", "http://api.test/a", Body::from("{}")), status, "/b");
            assert_eq!(next.method(), Method::GET, "{status}");
            assert!(next.body().exact_len() == Some(0), "{status}");
            assert!(!next.headers().contains_key(header::CONTENT_TYPE), "{status}");
            assert_eq!(next.headers()["authorization"], "Bearer secret", "same origin keeps it");
        }
        let put = followed(replay("PUT", "http://api.test/a", Body::from("{}")), 302, "/b");
        assert_eq!(put.method(), Method::PUT, "only POST turns into GET on 301 and 302");
    }

    #[test]
    fn temporary_and_permanent_redirects_send_the_same_body_again() {
        for status in [307, 308] {
            let next = followed(replay("POST", "http://api.test/a", Body::from("{}")), status, "/b");
            assert_eq!(next.method(), Method::POST);
            assert_eq!(next.body().exact_len(), Some(2));
            assert_eq!(next.headers()["content-type"], "application/json");
        }
        let stream = Body::from_stream(futures_util::stream::iter([Ok::<_, std::io::Error>("{}")]));
        let failed = replay("POST", "http://api.test/a", stream)
            .follow(StatusCode::TEMPORARY_REDIRECT, &location("/b"))
            .expect("a redirect");
        assert!(failed
            .expect_err("a stream cannot be sent twice")
            .contains("was a stream"));
    }

    #[test]
    fn leaving_the_origin_drops_credentials() {
        let next = followed(
            replay("GET", "http://api.test/a", Body::empty()),
            302,
            "https://other.test/b",
        );
        assert!(!next.headers().contains_key(header::AUTHORIZATION));
    }

    #[test]
    fn other_answers_are_not_followed() {
        let ok = replay("GET", "http://api.test/a", Body::empty()).follow(StatusCode::OK, &location("/b"));
        assert!(ok.is_none());
        let no_location =
            replay("GET", "http://api.test/a", Body::empty()).follow(StatusCode::FOUND, &HeaderMap::new());
        assert!(no_location.is_none());
    }
}
