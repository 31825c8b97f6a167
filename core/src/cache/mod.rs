//! The response cache (spec §6): static `GET` routes are answered from a store until revalidated,
//! ISR routes (`revalidate = N`) are served stale while one background regeneration runs, and
//! outbound fetches go through the data cache ([`Fetch`]), and
//! handlers drop entries on demand with [`CacheHandle::revalidate_path`] and
//! [`CacheHandle::revalidate_tag`].
//!
//! Responses of cached routes carry `x-routeway-cache: HIT | STALE | MISS` and a `Cache-Control` a
//! CDN understands; responses of dynamic routes carry `private, no-cache, no-store, max-age=0,
//! must-revalidate` (with `no-transform` when streamed) unless the handler set its own. Responses that set cookies, non-2xx responses
//! and streamed responses (delivered as produced, never buffered) are never stored.

mod encoding;
mod fetch;
mod misses;
mod regeneration;
mod render;
mod serve;
mod store;

use std::sync::Arc;

use http::{HeaderName, HeaderValue};
use web_time::SystemTime;

pub use encoding::DecodeError;
pub use fetch::{is_data_key, Fetch, IntoFetchRequest, DATA_ENTRY_LIMIT};
use misses::Misses;
use regeneration::{RegenerationMark, Regenerations};
pub(crate) use render::Render;
pub(crate) use serve::{serve_cached, CachedCall, Job, OnNoStore};
pub use store::{CacheStore, CachedResponse, MemoryStore, DEFAULT_MEMORY_LIMIT};

use crate::config::{Dynamic, Revalidate, RouteConfig};
use crate::Response;

/// `x-routeway-cache`: `HIT`, `STALE` or `MISS`.
pub const CACHE_STATUS: HeaderName = HeaderName::from_static("x-routeway-cache");

/// `Cache-Control` of a dynamic route's responses (unless the handler set one).
pub const DYNAMIC_CACHE_CONTROL: HeaderValue =
    HeaderValue::from_static("private, no-cache, no-store, max-age=0, must-revalidate");

/// `Cache-Control` of a dynamic route's streamed responses (unless the handler set one):
/// [`DYNAMIC_CACHE_CONTROL`] plus `no-transform`. Compressing proxies, Cloudflare's among them,
/// would otherwise gzip the stream and hold every chunk back until it ends.
pub const STREAMED_CACHE_CONTROL: HeaderValue =
    HeaderValue::from_static("private, no-cache, no-store, max-age=0, must-revalidate, no-transform");

/// The `Cache-Control` a dynamic response gets when its handler set none.
pub(crate) fn dynamic_cache_control(body: &crate::Body) -> HeaderValue {
    if body.is_stream() {
        STREAMED_CACHE_CONTROL
    } else {
        DYNAMIC_CACHE_CONTROL
    }
}

/// A dynamic route's answer: the handler's response with the `Cache-Control` above unless it set
/// one, and without its body for `HEAD`.
pub(crate) fn dynamic_answer(mut response: Response, head: bool) -> Response {
    let cache_control = dynamic_cache_control(response.body());
    response
        .headers_mut()
        .entry(http::header::CACHE_CONTROL)
        .or_insert(cache_control);
    if head {
        crate::app::strip_for_head(&mut response);
    }
    response
}

/// How a route's `GET` is cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachePolicy {
    /// Until revalidated on demand or redeployed.
    Static,
    /// Stale after this many seconds, then regenerated in the background.
    Revalidate(u32),
}

impl CachePolicy {
    /// The policy for a `GET` handler with `config`, or `None` when it is dynamic: it reads the
    /// request (unless `force-static`), is `force-dynamic`, or has `revalidate = 0`.
    pub fn for_route(config: &RouteConfig, reads_request: bool) -> Option<Self> {
        let dynamic = match config.dynamic {
            Dynamic::ForceDynamic => true,
            Dynamic::ForceStatic => false,
            Dynamic::Auto | Dynamic::Error => reads_request,
        };
        match config.revalidate {
            _ if dynamic => None,
            Revalidate::Seconds(0) => None,
            Revalidate::Seconds(seconds) => Some(Self::Revalidate(seconds)),
            Revalidate::Never => Some(Self::Static),
        }
    }

    /// This policy, or `revalidate` seconds when those come sooner: an entry built from fetches
    /// that revalidate sooner than its route is stale when they are, as a Next.js page is.
    ///
    /// ```
    /// use routeway::cache::CachePolicy;
    /// assert_eq!(CachePolicy::Static.tightened(Some(60)), CachePolicy::Revalidate(60));
    /// assert_eq!(CachePolicy::Revalidate(30).tightened(Some(60)), CachePolicy::Revalidate(30));
    /// assert_eq!(CachePolicy::Revalidate(30).tightened(None), CachePolicy::Revalidate(30));
    /// ```
    pub fn tightened(self, revalidate: Option<u32>) -> Self {
        match (self, revalidate) {
            (_, None | Some(0)) => self,
            (Self::Static, Some(seconds)) => Self::Revalidate(seconds),
            (Self::Revalidate(own), Some(seconds)) => Self::Revalidate(own.min(seconds)),
        }
    }

    /// Whether an entry stored `age` ago is still fresh under this policy.
    pub fn is_fresh(self, age: std::time::Duration) -> bool {
        match self {
            Self::Static => true,
            Self::Revalidate(seconds) => age < std::time::Duration::from_secs(seconds.into()),
        }
    }

    /// The `Cache-Control` a CDN in front should honour.
    ///
    /// ```
    /// use routeway::cache::CachePolicy;
    /// assert_eq!(CachePolicy::Static.cache_control(), "s-maxage=31536000, stale-while-revalidate");
    /// assert_eq!(CachePolicy::Revalidate(60).cache_control(), "s-maxage=60, stale-while-revalidate");
    /// ```
    pub fn cache_control(self) -> HeaderValue {
        match self {
            Self::Static => HeaderValue::from_static("s-maxage=31536000, stale-while-revalidate"),
            Self::Revalidate(seconds) => HeaderValue::try_from(format!("s-maxage={seconds}, stale-while-revalidate"))
                .expect("digits and ASCII are a valid header value"),
        }
    }
}

/// Tags a response carries into the cache, for [`CacheHandle::revalidate_tag`]. Set them with
/// [`tag_response`].
#[derive(Debug, Clone, Default)]
pub struct CacheTags(pub Vec<String>);

/// Attaches cache tags to a response.
///
/// ```
/// use routeway::cache::{tag_response, CacheTags};
/// let response = tag_response(routeway::response::text("items"), ["items"]);
/// assert_eq!(response.extensions().get::<CacheTags>().unwrap().0, ["items"]);
/// ```
pub fn tag_response<I: IntoIterator<Item = T>, T: Into<String>>(mut response: Response, tags: I) -> Response {
    let mut current = response.extensions_mut().remove::<CacheTags>().unwrap_or_default();
    current.0.extend(tags.into_iter().map(Into::into));
    response.extensions_mut().insert(current);
    response
}

/// An app's response cache: a store, the build id every key carries, and the keys being
/// regenerated right now. Handlers reach it as [`Context::cache`](crate::Context::cache) or
/// [`Request::cache`](crate::Request::cache).
#[derive(Clone)]
pub struct CacheHandle {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn CacheStore>,
    build_id: String,
    regenerations: Regenerations,
    misses: Misses,
}

impl std::fmt::Debug for CacheHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CacheHandle")
            .field("build_id", &self.inner.build_id)
            .finish_non_exhaustive()
    }
}

impl Default for CacheHandle {
    fn default() -> Self {
        Self::new(Arc::new(MemoryStore::default()), "dev")
    }
}

impl CacheHandle {
    /// A cache over `store`; every key starts with `build_id`, so a new deployment starts clean.
    /// A `/` or `:` in it (a branch name, say) becomes `-`: the key's first `:` ends the build id,
    /// and stores tell data entries from pages by what comes before it.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use routeway::cache::{is_data_key, CacheHandle, MemoryStore};
    /// let cache = CacheHandle::new(Arc::new(MemoryStore::new(8)), "feature/x:fetch:y");
    /// assert_eq!(cache.key("/items"), "feature-x-fetch-y:/items");
    /// assert!(!is_data_key(&cache.key("/items")));
    /// ```
    pub fn new(store: Arc<dyn CacheStore>, build_id: &str) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                build_id: build_id.replace(['/', ':'], "-"),
                regenerations: Regenerations::default(),
                misses: Misses::default(),
            }),
        }
    }

    /// The key of the response cached for `path`: the build id, `:`, then the path's
    /// [canonical spelling](crate::router::canonical_path), so `/blog/café` and
    /// `/blog/caf%c3%a9` share one entry.
    pub fn key(&self, path: &str) -> String {
        self.prefixed(&crate::router::canonical_path(path))
    }

    /// The key of a data-cache entry, from the fetch's own key (`fetch:GET https://…#…`), as is: a
    /// URL is not a page path, and its query must not be read as path segments.
    pub(crate) fn data_key(&self, fetch_key: &str) -> String {
        self.prefixed(fetch_key)
    }

    fn prefixed(&self, rest: &str) -> String {
        let mut key = String::with_capacity(self.inner.build_id.len() + 1 + rest.len());
        key.push_str(&self.inner.build_id);
        key.push(':');
        key.push_str(rest);
        key
    }

    /// Where the path starts in every [`key`](Self::key).
    pub(crate) fn path_offset(&self) -> usize {
        self.inner.build_id.len() + 1
    }

    /// The build id every key starts with.
    pub fn build_id(&self) -> &str {
        &self.inner.build_id
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn CacheStore> {
        &self.inner.store
    }

    /// Drops the cached response for `path` (`/items/abc`, `/blog/café`; any spelling that reaches
    /// the same page), and the data-cache entries its handler fetched: the next request
    /// regenerates it from fresh upstream answers.
    pub async fn revalidate_path(&self, path: &str) {
        self.inner.misses.revalidated();
        let key = self.key(path);
        let data_keys = match self.inner.store.get(&key).await {
            Some(entry) => entry.data_keys.clone(),
            None => Vec::new(),
        };
        // The data first: a request between the two would rebuild the page from the old data.
        futures_util::future::join_all(data_keys.iter().map(|key| self.inner.store.remove(key))).await;
        self.inner.store.remove(&key).await;
    }

    /// Drops every cached response tagged `tag`.
    pub async fn revalidate_tag(&self, tag: &str) {
        self.inner.misses.revalidated();
        self.inner.store.remove_tagged(tag).await;
    }

    /// Marks `key` as being regenerated after a stale hit on the entry stored at `seen`: the
    /// mark to finish when it ends, or `None` when a regeneration of it is running already or one
    /// stored a newer answer moments ago ([`Regenerations::start`]).
    pub(crate) fn start_regenerating(&self, key: &str, seen: SystemTime) -> Option<RegenerationMark> {
        let number = self.inner.regenerations.start(key, seen)?;
        Some(RegenerationMark::new(self.clone(), key.to_owned(), number))
    }

    fn regenerations(&self) -> &Regenerations {
        &self.inner.regenerations
    }

    fn misses(&self) -> &Misses {
        &self.inner.misses
    }
}
