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
mod serve;
mod store;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use http::{HeaderName, HeaderValue};
use web_time::SystemTime;

pub use encoding::DecodeError;
pub use fetch::{is_data_key, Fetch, IntoFetchRequest, DATA_ENTRY_LIMIT};
pub(crate) use serve::{serve_cached, CachedCall, Job};
pub use store::{CacheStore, CachedResponse, MemoryStore};

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

/// How long after a regeneration stored its answer a stale read of the older entry is taken as
/// having raced it (and starts no second regeneration).
const RACE_WINDOW: std::time::Duration = std::time::Duration::from_secs(5);

/// How many keys' regeneration state is kept before finished ones are forgotten.
const MAX_TRACKED_KEYS: usize = 4096;

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
    /// Per key: `None` while a regeneration runs, else when the last one stored its answer (so a
    /// stale hit that read the entry before that store does not start another).
    regenerating: Mutex<HashMap<String, Option<SystemTime>>>,
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
                regenerating: Mutex::new(HashMap::new()),
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
    /// the same page): the next request regenerates it.
    pub async fn revalidate_path(&self, path: &str) {
        self.inner.store.remove(&self.key(path)).await;
    }

    /// Drops every cached response tagged `tag`.
    pub async fn revalidate_tag(&self, tag: &str) {
        self.inner.store.remove_tagged(tag).await;
    }

    /// Marks `key` as being regenerated after a stale hit on the entry stored at `seen`; `false`
    /// when a regeneration is running, or one stored a newer answer moments ago (the stale read
    /// raced it). The second rule holds for [`RACE_WINDOW`] only: a store that lost that newer
    /// answer (a failed write) must not keep the key from ever regenerating again.
    fn start_regenerating(&self, key: &str, seen: SystemTime) -> bool {
        let mut regenerating = self.regenerating();
        let raced = |refreshed: &SystemTime| {
            *refreshed > seen && SystemTime::now().duration_since(*refreshed).unwrap_or_default() < RACE_WINDOW
        };
        match regenerating.get(key) {
            Some(None) => false,
            Some(Some(refreshed)) if raced(refreshed) => false,
            _ => {
                if regenerating.len() >= MAX_TRACKED_KEYS {
                    regenerating.retain(|_, state| state.is_none());
                }
                regenerating.insert(key.to_owned(), None);
                true
            }
        }
    }

    /// Ends the regeneration of `key`; `stored` is when its new answer was stored, if it was.
    fn finish_regenerating(&self, key: &str, stored: Option<SystemTime>) {
        let mut regenerating = self.regenerating();
        match stored {
            Some(at) => {
                regenerating.insert(key.to_owned(), Some(at));
            }
            None => {
                regenerating.remove(key);
            }
        }
    }

    fn regenerating(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<SystemTime>>> {
        self.inner
            .regenerating
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
