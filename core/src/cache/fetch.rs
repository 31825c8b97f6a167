//! The data cache (spec §5–§6): outbound `fetch` through the platform's client, with Next's per-call
//! `revalidate`, `tags` and `no-store`, under the route's `fetch_cache` mode.
//!
//! A cached fetch is answered from the app's cache store while fresh; once older than its
//! `revalidate` time the stale copy comes back at once while one refresh per key runs after the
//! response, except while a page is being regenerated: that waits for fresh data, and takes the
//! stale copy only when the upstream fails. Only `GET` and `HEAD` fetches are stored, only 2xx
//! answers, and only bodies up to [`DATA_ENTRY_LIMIT`] (larger ones pass through untouched, as
//! Next does past 2 MB).

use std::future::IntoFuture;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::{stream, StreamExt};
use http::Method;

use super::regeneration::RegenerationMark;
use super::{CacheHandle, CachePolicy, CachedResponse};
use crate::config::FetchCache;
use crate::maybe_send::{BoxError, BoxFuture};
use crate::request::RequestContext;
use crate::{Body, Response};

/// The largest body the data cache stores.
pub const DATA_ENTRY_LIMIT: usize = 2 * 1024 * 1024;

/// Whether a cache key belongs to a data-cache entry (an outbound fetch) rather than a route's
/// response: stores that keep the two apart (Workers: KV and the Cache API) ask this.
///
/// ```
/// use routeway::cache::is_data_key;
/// assert!(is_data_key("build:fetch:GET https://api.example.com/items#00"));
/// assert!(!is_data_key("build:/items"));
/// assert!(!is_data_key("build:/a:fetch:b"));
/// ```
pub fn is_data_key(key: &str) -> bool {
    key.find(DATA_KEY_MARK).is_some_and(|at| !key[..at].contains('/'))
}

const DATA_KEY_MARK: &str = ":fetch:";

/// What a fetch can be built from: a URL (a `GET`) or a whole request.
pub trait IntoFetchRequest {
    /// The request to send.
    fn into_fetch_request(self) -> Result<http::Request<Body>, BoxError>;
}

impl IntoFetchRequest for &str {
    fn into_fetch_request(self) -> Result<http::Request<Body>, BoxError> {
        http::Request::get(self)
            .body(Body::empty())
            .map_err(|error| format!("cannot fetch {self:?}: {error}").into())
    }
}

impl IntoFetchRequest for String {
    fn into_fetch_request(self) -> Result<http::Request<Body>, BoxError> {
        self.as_str().into_fetch_request()
    }
}

impl IntoFetchRequest for &String {
    fn into_fetch_request(self) -> Result<http::Request<Body>, BoxError> {
        self.as_str().into_fetch_request()
    }
}

impl IntoFetchRequest for http::Request<Body> {
    fn into_fetch_request(self) -> Result<http::Request<Body>, BoxError> {
        Ok(self)
    }
}

/// An outbound fetch being set up; `.await` it to send. Built by
/// [`Context::fetch`](crate::Context::fetch) or [`Request::fetch`](crate::Request::fetch).
///
/// ```no_run
/// use routeway::prelude::*;
/// pub async fn GET(ctx: Context) -> Result<Response, Error> {
///     let upstream = ctx
///         .fetch("https://api.example.com/items")
///         .revalidate(60)
///         .tags(["items"])
///         .await?;
///     Ok(Response::new(upstream.into_body()))
/// }
/// ```
#[must_use = "a fetch is sent when it is awaited"]
pub struct Fetch {
    context: RequestContext,
    request: Result<http::Request<Body>, BoxError>,
    force_cache: bool,
    no_store: bool,
    revalidate: Option<u32>,
    tags: Vec<String>,
}

impl std::fmt::Debug for Fetch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetch")
            .field("uri", &self.request.as_ref().map(|request| request.uri()).ok())
            .field("force_cache", &self.force_cache)
            .field("no_store", &self.no_store)
            .field("revalidate", &self.revalidate)
            .field("tags", &self.tags)
            .finish()
    }
}

impl Fetch {
    pub(crate) fn new(context: RequestContext, request: impl IntoFetchRequest) -> Self {
        Self {
            context,
            request: request.into_fetch_request(),
            force_cache: false,
            no_store: false,
            revalidate: None,
            tags: Vec::new(),
        }
    }

    /// `next: { revalidate }`: cache the answer, fresh for `seconds`; `0` never caches it.
    pub fn revalidate(mut self, seconds: u32) -> Self {
        self.revalidate = Some(seconds);
        self
    }

    /// `next: { tags }`: cache the answer under these tags, dropped by
    /// [`revalidate_tag`](crate::cache::CacheHandle::revalidate_tag).
    pub fn tags<I: IntoIterator<Item = T>, T: Into<String>>(mut self, tags: I) -> Self {
        self.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// `cache: 'force-cache'`: cache the answer until revalidated (or for [`Fetch::revalidate`]).
    pub fn force_cache(mut self) -> Self {
        self.force_cache = true;
        self
    }

    /// `cache: 'no-store'`: always ask the upstream.
    pub fn no_store(mut self) -> Self {
        self.no_store = true;
        self
    }

    /// How this call is stored under the route's `fetch_cache` mode: `Ok(None)` for not at all, an
    /// error when the call contradicts an `only-*` mode. In an ISR route, a call stored without a
    /// caching option of its own (tags only) takes the route's `revalidate` time, as Next's "auto
    /// cache" fetches do; `force_cache()` and `default-cache` keep the answer until revalidated.
    ///
    /// ```
    /// use routeway::cache::CachePolicy;
    /// use routeway::config::FetchCache;
    /// use routeway::request::RequestContext;
    /// let fetch = |mode| RequestContext::default().with_fetch_cache(mode).fetch("http://upstream/a");
    /// assert_eq!(fetch(FetchCache::Auto).storage().unwrap(), None);
    /// assert_eq!(fetch(FetchCache::Auto).revalidate(60).storage().unwrap(), Some(CachePolicy::Revalidate(60)));
    /// assert_eq!(fetch(FetchCache::Auto).tags(["a"]).storage().unwrap(), Some(CachePolicy::Static));
    /// assert_eq!(fetch(FetchCache::DefaultCache).storage().unwrap(), Some(CachePolicy::Static));
    /// assert_eq!(fetch(FetchCache::ForceNoStore).revalidate(60).storage().unwrap(), None);
    /// assert!(fetch(FetchCache::OnlyNoStore).force_cache().storage().is_err());
    /// ```
    pub fn storage(&self) -> Result<Option<CachePolicy>, BoxError> {
        let mode = self.context.fetch_cache();
        let (asks_no_store, asks_cache) = (self.asks_no_store(), self.asks_cache());
        let cached = match mode {
            FetchCache::Auto => asks_cache || (!asks_no_store && !self.tags.is_empty()),
            FetchCache::DefaultCache => !asks_no_store,
            FetchCache::DefaultNoStore => asks_cache,
            FetchCache::ForceCache => true,
            FetchCache::ForceNoStore => false,
            FetchCache::OnlyCache if asks_no_store => {
                return Err(contradiction(mode, "asks for no-store (no_store() or revalidate(0))"));
            }
            FetchCache::OnlyCache => true,
            FetchCache::OnlyNoStore if asks_cache => {
                return Err(contradiction(
                    mode,
                    "asks to be cached (force_cache() or revalidate(N))",
                ));
            }
            FetchCache::OnlyNoStore => false,
        };
        let auto = !self.force_cache && matches!(mode, FetchCache::Auto | FetchCache::OnlyCache);
        let route_revalidate = auto.then(|| self.context.render()?.route_revalidate()).flatten();
        Ok(cached.then_some(
            match self.revalidate.filter(|seconds| *seconds > 0).or(route_revalidate) {
                Some(seconds) => CachePolicy::Revalidate(seconds),
                None => CachePolicy::Static,
            },
        ))
    }

    /// Whether this call is `no-store`, asked for or made so by the route's `fetch_cache`: in a
    /// cached route such a fetch makes the route dynamic, as in Next.js.
    fn is_no_store(&self) -> bool {
        match self.context.fetch_cache() {
            FetchCache::ForceNoStore | FetchCache::OnlyNoStore => true,
            FetchCache::ForceCache | FetchCache::OnlyCache => false,
            FetchCache::DefaultNoStore => !self.asks_cache(),
            FetchCache::Auto | FetchCache::DefaultCache => self.asks_no_store(),
        }
    }

    /// The call itself asks not to be stored: `no_store()` or `revalidate(0)`.
    fn asks_no_store(&self) -> bool {
        self.no_store || self.revalidate == Some(0)
    }

    /// The call itself asks to be stored: `force_cache()` or `revalidate(N)`, and no no-store.
    fn asks_cache(&self) -> bool {
        !self.asks_no_store() && (self.force_cache || self.revalidate.is_some())
    }

    async fn send(self) -> Result<Response, BoxError> {
        let policy = self.storage()?;
        let no_store = self.is_no_store();
        let request = self.request?;
        let platform = self.context.platform().clone();
        let cache = match (policy, self.context.cache()) {
            (Some(policy), Some(cache)) if is_replayable(request.method()) => Some((policy, cache.clone())),
            _ => None,
        };
        let render = self.context.render();
        if let Some(render) = render {
            let revalidate = match cache {
                Some((CachePolicy::Revalidate(seconds), _)) => Some(seconds),
                _ => None,
            };
            render.record(|run| run.fetch(no_store, revalidate, &self.tags));
        }
        let Some((policy, cache)) = cache else {
            return platform.fetch(request).await;
        };
        let template = Replay::of(&request);
        let key = cache.data_key(&template.key());
        let rebuilding_page = render.is_some_and(|render| {
            render.record(|run| run.data_key(&key));
            render.regenerating()
        });
        // A page being regenerated waits for fresh data rather than rebuilding from stale data, and
        // falls back to the stale data when the upstream fails.
        let stale = match cache.store().get(&key).await {
            Some(entry) => {
                let fresh = policy.is_fresh(entry.age());
                if fresh || !rebuilding_page {
                    if let Some(mark) = (!fresh)
                        .then(|| cache.start_regenerating(&key, entry.stored_at))
                        .flatten()
                    {
                        platform.wait_until(refresh(cache, key, template, self.tags, self.context, mark));
                    }
                    return Ok(entry.to_response());
                }
                Some(entry)
            }
            None => None,
        };
        let response = match (platform.fetch(request).await, &stale) {
            (Ok(response), _) => response,
            (Err(error), Some(stale)) => {
                tracing::warn!(
                    "refreshing {} failed ({error}); rebuilding the page from the stale data",
                    template.uri
                );
                return Ok(stale.to_response());
            }
            (Err(error), None) => return Err(error),
        };
        match (into_data_entry(response, self.tags).await, stale) {
            (Ok(entry), _) => {
                let entry = Arc::new(entry);
                let answer = entry.to_response();
                platform.now_or_after_response(cache.store().put(key, entry));
                Ok(answer)
            }
            (Err(response), Some(stale)) if !response.status().is_success() => {
                tracing::warn!(
                    "refreshing {} answered {}; rebuilding the page from the stale data",
                    template.uri,
                    response.status()
                );
                Ok(stale.to_response())
            }
            (Err(response), _) => Ok(response),
        }
    }
}

impl IntoFuture for Fetch {
    type Output = Result<Response, BoxError>;
    type IntoFuture = BoxFuture<'static, Result<Response, BoxError>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

fn contradiction(mode: FetchCache, asks: &str) -> BoxError {
    format!(
        "the route's fetch_cache is \"{}\" but this fetch {asks}; change the call or the route's FETCH_CACHE",
        mode.as_str()
    )
    .into()
}

fn is_replayable(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// What is needed to send a cached fetch again for its refresh: method, URL and headers (a `GET`
/// or `HEAD` has no body).
struct Replay {
    method: Method,
    uri: http::Uri,
    headers: http::HeaderMap,
}

impl Replay {
    fn of(request: &http::Request<Body>) -> Self {
        Self {
            method: request.method().clone(),
            uri: request.uri().clone(),
            headers: request.headers().clone(),
        }
    }

    fn request(&self) -> http::Request<Body> {
        let mut request = http::Request::new(Body::empty());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        request
    }

    /// `fetch:GET https://host/path?query#<hash of the headers>`: requests that differ in a header
    /// (an API key, `Accept`) are different entries.
    fn key(&self) -> String {
        let mut headers: Vec<(&str, &[u8])> = self
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
            .collect();
        headers.sort_unstable();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        headers.hash(&mut hasher);
        format!(
            "{}{} {}#{:016x}",
            &DATA_KEY_MARK[1..],
            self.method,
            self.uri,
            hasher.finish()
        )
    }
}

/// Sends the fetch again and stores its answer; a failure keeps the stale entry.
async fn refresh(
    cache: CacheHandle,
    key: String,
    template: Replay,
    tags: Vec<String>,
    context: RequestContext,
    mark: RegenerationMark,
) {
    let stored = match context.platform().fetch(template.request()).await {
        Ok(response) => match into_data_entry(response, tags).await {
            Ok(entry) => {
                let stored_at = entry.stored_at;
                cache.store().put(key.clone(), Arc::new(entry)).await;
                Some(stored_at)
            }
            Err(response) => {
                tracing::warn!(
                    "refreshing the data cache entry for {} answered {}; keeping the stale one",
                    template.uri,
                    response.status()
                );
                None
            }
        },
        Err(error) => {
            tracing::warn!("refreshing the data cache entry for {} failed: {error}", template.uri);
            None
        }
    };
    mark.finish(stored);
}

/// The answer as a data entry, or back whole when it may not be stored: not 2xx, or a body over
/// [`DATA_ENTRY_LIMIT`] (the bytes read so far are put back in front of the rest of the stream).
async fn into_data_entry(response: Response, tags: Vec<String>) -> Result<CachedResponse, Response> {
    if !response.status().is_success() {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let body = match body.try_into_bytes() {
        Ok(bytes) if bytes.len() <= DATA_ENTRY_LIMIT => bytes,
        Ok(bytes) => return Err(Response::from_parts(parts, Body::from(bytes))),
        Err(body) => match read_up_to(body, DATA_ENTRY_LIMIT).await {
            Ok(bytes) => bytes,
            Err(body) => return Err(Response::from_parts(parts, body)),
        },
    };
    Ok(CachedResponse::from_parts(parts, body, tags))
}

/// The whole body when it ends within `limit` bytes; otherwise (or when it fails) a body that
/// yields what was read, then the rest, then the failure.
async fn read_up_to(body: Body, limit: usize) -> Result<Bytes, Body> {
    let mut chunks = body.into_stream();
    let mut read: Vec<Bytes> = Vec::new();
    let mut total = 0;
    while let Some(chunk) = chunks.next().await {
        match chunk {
            Ok(chunk) => {
                total += chunk.len();
                read.push(chunk);
                if total > limit {
                    break;
                }
            }
            Err(error) => {
                let replay = stream::iter(read.into_iter().map(Ok)).chain(stream::iter([Err(error)]));
                return Err(Body::from_stream(replay));
            }
        }
    }
    if total > limit {
        let replay = stream::iter(read.into_iter().map(Ok::<_, BoxError>)).chain(chunks);
        return Err(Body::from_stream(replay));
    }
    let mut whole = bytes::BytesMut::with_capacity(total);
    read.iter().for_each(|chunk| whole.extend_from_slice(chunk));
    Ok(whole.freeze())
}
