//! The request a handler sees: URL and query, headers, cookies, params, and body readers.

mod context;
mod cookies;
mod form_data;
mod media_type;
mod params;
mod search_params;
pub(crate) mod urlencoded;

use std::net::SocketAddr;

use bytes::Bytes;
use futures_util::StreamExt;
use http::{header, Extensions, HeaderMap, Method, Uri, Version};
use serde::de::DeserializeOwned;

pub use context::RequestContext;
pub use cookies::Cookies;
pub use form_data::{FormData, FormFile, FormValue};
pub use params::{ParamValue, Params};
pub use search_params::SearchParams;

use crate::error::Rejection;
use crate::maybe_send::{BoxError, BoxStream};
use crate::platform::PlatformHandle;
use crate::Body;

/// The default request body limit: 4 MiB, about what serverless hosts accept in one request
/// (Vercel's functions take 4.5 MB; Next.js sets no limit of its own on route handlers).
pub const DEFAULT_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// How many leftover bytes an adapter reads and discards when a handler leaves a request body
/// unread (so a client still uploading gets the early answer): twice the limit plus 1 MiB.
///
/// ```
/// assert_eq!(routeway::request::drain_cap(1024), 2048 + (1 << 20));
/// ```
pub const fn drain_cap(body_limit: usize) -> usize {
    body_limit.saturating_mul(2).saturating_add(1 << 20)
}

/// An incoming request: `NextRequest` for Rust.
///
/// ```
/// use routeway::{Body, Request};
/// let http = http::Request::get("http://example.com/api/search?query=hello")
///     .header("cookie", "token=abc")
///     .body(Body::empty())
///     .unwrap();
/// let request = Request::from_http(http);
/// assert_eq!(request.search_params().get("query"), Some("hello"));
/// assert_eq!(request.cookies().get("token"), Some("abc"));
/// assert_eq!(request.url(), "http://example.com/api/search?query=hello");
/// ```
#[derive(Debug)]
pub struct Request {
    method: Method,
    uri: Uri,
    version: Version,
    headers: HeaderMap,
    extensions: Extensions,
    body: Option<Body>,
    params: Params,
    context: RequestContext,
}

impl Request {
    /// Wraps an `http::Request`, taking a [`RequestContext`] from its extensions if one is there; params
    /// come from the router when the app dispatches it.
    pub fn from_http(request: http::Request<Body>) -> Self {
        let (mut parts, body) = request.into_parts();
        let context = parts.extensions.remove::<RequestContext>().unwrap_or_default();
        Self::from_parts(parts, body, context, Params::default())
    }

    /// Built in place with its params: the request is large, and each move copies it.
    pub(crate) fn from_parts(parts: http::request::Parts, body: Body, context: RequestContext, params: Params) -> Self {
        Self {
            method: parts.method,
            uri: parts.uri,
            version: parts.version,
            headers: parts.headers,
            extensions: parts.extensions,
            body: Some(body),
            params,
            context,
        }
    }

    /// Back to an `http::Request` (the body is empty if a handler argument already took it).
    pub fn into_http(self) -> http::Request<Body> {
        let mut request = http::Request::new(self.body.unwrap_or_default());
        *request.method_mut() = self.method;
        *request.uri_mut() = self.uri;
        *request.version_mut() = self.version;
        *request.headers_mut() = self.headers;
        *request.extensions_mut() = self.extensions;
        request
    }

    /// The request a cached route's handler sees: `GET http://localhost:3000{path}` with its params
    /// and nothing else (no query, headers, cookies or body), what `force-static` promises; the
    /// origin is the one Next's `cleanURL` puts there.
    pub(crate) fn stripped(path: &str, params: Params, context: RequestContext) -> Self {
        let uri = Uri::try_from(format!("http://localhost:3000{path}")).unwrap_or_else(|_| Uri::from_static("/"));
        Self {
            method: Method::GET,
            uri,
            version: Version::HTTP_11,
            headers: HeaderMap::new(),
            extensions: Extensions::new(),
            body: Some(Body::empty()),
            params,
            context,
        }
    }

    /// Everything, moved out for the `Request` argument, which handlers receive after every other
    /// argument; `self` keeps its context and a taken body, and nothing reads it again.
    pub(crate) fn take(&mut self) -> Self {
        let left = Self {
            method: Method::GET,
            uri: Uri::default(),
            version: self.version,
            headers: HeaderMap::new(),
            extensions: Extensions::new(),
            body: None,
            params: Params::default(),
            context: self.context.clone(),
        };
        std::mem::replace(self, left)
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request target as received.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// The full URL (`request.url`): scheme, host (from the URI or the `Host` header), path and query.
    pub fn url(&self) -> String {
        let scheme = self.uri.scheme_str().unwrap_or("http");
        let host = self
            .uri
            .authority()
            .map(|authority| authority.as_str())
            .or_else(|| self.headers.get(header::HOST).and_then(|host| host.to_str().ok()))
            .unwrap_or("localhost");
        let path_and_query = self.uri.path_and_query().map_or("/", |pq| pq.as_str());
        format!("{scheme}://{host}{path_and_query}")
    }

    /// The path (`nextUrl.pathname`), as received.
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// The raw query string, without `?`.
    pub fn query(&self) -> Option<&str> {
        self.uri.query()
    }

    /// The parsed query (`nextUrl.searchParams`).
    pub fn search_params(&self) -> SearchParams {
        SearchParams::parse(self.uri.query().unwrap_or_default())
    }

    /// The headers (read-only; set headers on the response).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The cookies (`request.cookies`).
    pub fn cookies(&self) -> Cookies {
        Cookies::from_headers(&self.headers)
    }

    /// The dynamic route parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Platform data and adapter settings.
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Platform data and adapter settings, mutable (for tests and middleware).
    pub fn extensions_mut(&mut self) -> &mut Extensions {
        &mut self.extensions
    }

    /// The app's response cache, for [`revalidate_path`](crate::cache::CacheHandle::revalidate_path)
    /// and [`revalidate_tag`](crate::cache::CacheHandle::revalidate_tag); `None` for a request built
    /// by hand, outside an app.
    pub fn cache(&self) -> Option<&crate::cache::CacheHandle> {
        self.context.cache()
    }

    /// The platform door: environment, after-response work, outbound fetch.
    pub fn platform(&self) -> &PlatformHandle {
        self.context.platform()
    }

    /// What the adapter and the app know about this request beyond HTTP.
    pub fn context(&self) -> &RequestContext {
        &self.context
    }

    /// An outbound fetch through the platform's client and the app's data cache (Next's patched
    /// `fetch`): set `revalidate`, `tags`, `force_cache` or `no_store`, then `.await` it.
    pub fn fetch(&self, request: impl crate::cache::IntoFetchRequest) -> crate::cache::Fetch {
        self.context.fetch(request)
    }

    /// The client's address, when the platform knows it.
    pub fn client_addr(&self) -> Option<SocketAddr> {
        self.context.client_addr()
    }

    /// The body size limit in force for this request.
    pub fn body_limit(&self) -> usize {
        self.context.body_limit()
    }

    /// The media type of the `content-type` header, lower-cased, without parameters.
    pub fn content_type(&self) -> Option<String> {
        let value = self.headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
        Some(value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
    }

    /// Takes the body out; a second call fails with a `500` rejection.
    ///
    /// A body whose `Content-Length` is over [`body_limit`](Self::body_limit) is refused here
    /// (`413`). A chunked body is not counted: a handler that streams the body decides how much it
    /// reads (as with axum's `Body`), and [`Body::bytes_limited`] reads it whole under a limit.
    pub fn take_body(&mut self) -> Result<Body, Rejection> {
        let limit = self.body_limit();
        if let Some(rejection) = declared_body_too_large(&self.headers, limit) {
            return Err(rejection);
        }
        self.body.take().ok_or_else(Rejection::body_already_taken)
    }

    /// The whole body, up to the limit (`413` beyond it).
    pub async fn bytes(&mut self) -> Result<Bytes, Rejection> {
        let limit = self.body_limit();
        self.take_body()?.bytes_limited(limit).await
    }

    /// The body as UTF-8 text (`400` if it is not UTF-8), a leading byte order mark dropped as the
    /// Web's `request.text()` does.
    pub async fn text(&mut self) -> Result<String, Rejection> {
        let bytes = self.bytes().await?;
        String::from_utf8(crate::body::without_bom(&bytes).to_vec()).map_err(Rejection::invalid_utf8)
    }

    /// The body as JSON, like the Web API's `request.json()`: whatever the content type, `400` if the
    /// body is not JSON of type `T`. The [`Json`](crate::Json) argument is the strict form (`415` for a
    /// content type that is not JSON).
    pub async fn json<T: DeserializeOwned>(&mut self) -> Result<T, Rejection> {
        let bytes = self.bytes().await?;
        serde_json::from_slice(crate::body::without_bom(&bytes)).map_err(Rejection::invalid_json)
    }

    /// `415` unless the content type is JSON (`application/json` or `*/*+json`); no header is accepted.
    pub fn expect_json_content_type(&self) -> Result<(), Rejection> {
        match self.content_type() {
            Some(content_type) if !is_json(&content_type) => Err(Rejection::unsupported_media_type(
                "application/json",
                Some(&content_type),
            )),
            _ => Ok(()),
        }
    }

    /// The body as form data (`request.formData()`), urlencoded or multipart; `415` for other types.
    pub async fn form_data(&mut self) -> Result<FormData, Rejection> {
        let content_type = self.content_type();
        match content_type.as_deref() {
            Some("application/x-www-form-urlencoded") => FormData::from_urlencoded(&self.bytes().await?),
            Some("multipart/form-data") => {
                let header = self.header("content-type").unwrap_or_default();
                let boundary = media_type::multipart_boundary(header)?;
                let bytes = self.bytes().await?;
                FormData::from_multipart(bytes, &boundary).await
            }
            other => Err(Rejection::unsupported_media_type(
                "application/x-www-form-urlencoded or multipart/form-data",
                other,
            )),
        }
    }

    /// The form's text fields deserialised into `T`.
    pub async fn form<T: DeserializeOwned>(&mut self) -> Result<T, Rejection> {
        self.form_data().await?.deserialize()
    }

    /// The body as a stream of chunks, as they arrive; an error item once the limit is passed.
    pub fn body_stream(&mut self) -> Result<BoxStream<'static, Result<Bytes, Rejection>>, Rejection> {
        let limit = self.body_limit();
        let mut seen = 0usize;
        let stream = self
            .take_body()?
            .into_stream()
            .map(move |chunk: Result<Bytes, BoxError>| {
                let chunk = chunk.map_err(Rejection::body_read)?;
                seen += chunk.len();
                if seen > limit {
                    return Err(Rejection::payload_too_large(limit));
                }
                Ok(chunk)
            });
        Ok(Box::pin(stream))
    }
}

/// `413` when the declared `Content-Length` is over `limit` (a body without one is refused when
/// reading passes the limit).
pub(crate) fn declared_body_too_large(headers: &HeaderMap, limit: usize) -> Option<Rejection> {
    let declared = headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse::<u64>()
        .ok()?;
    (declared > limit as u64).then(|| Rejection::payload_too_large(limit))
}

fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json")
}
