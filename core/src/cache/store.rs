//! Where cached responses live: the [`CacheStore`] trait and the bounded in-memory LRU every target
//! gets by default.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use lru::LruCache;
use web_time::SystemTime;

use crate::maybe_send::BoxFuture;
use crate::{Body, Response};

/// A stored response: what the handler answered, its tags, and when it was produced.
#[derive(Debug, Clone)]
pub struct CachedResponse {
    /// Status (always 2xx: nothing else is stored).
    pub status: StatusCode,
    /// The handler's headers (without routeway's cache headers).
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
    /// Tags for [`revalidate_tag`](crate::cache::CacheHandle::revalidate_tag).
    pub tags: Vec<String>,
    /// When the handler produced it.
    pub stored_at: SystemTime,
}

impl CachedResponse {
    /// An entry of the response `parts` with `body` and `tags`, stored now.
    pub fn from_parts(parts: http::response::Parts, body: Bytes, tags: Vec<String>) -> Self {
        Self {
            status: parts.status,
            headers: parts.headers,
            body,
            tags,
            stored_at: Self::now(),
        }
    }

    /// The stored response, as handlers and callers of `fetch` see it.
    pub fn to_response(&self) -> Response {
        let mut response = http::Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        // Built with room for the headers the cache adds (its status, cache-control): a clone would
        // be full, and the first insert would reallocate it on every cache hit.
        let mut headers = http::HeaderMap::try_with_capacity(self.headers.len() + 2).unwrap_or_default();
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        *response.headers_mut() = headers;
        response
    }

    /// Now, to the millisecond: the precision entries keep in every store (the byte form keeps
    /// milliseconds), so an entry read back compares equal to the one written.
    pub fn now() -> SystemTime {
        let since = SystemTime::now()
            .duration_since(web_time::UNIX_EPOCH)
            .unwrap_or_default();
        web_time::UNIX_EPOCH + std::time::Duration::from_millis(since.as_millis().try_into().unwrap_or(u64::MAX))
    }

    /// How long ago it was stored (zero when the clock went back).
    pub fn age(&self) -> std::time::Duration {
        SystemTime::now().duration_since(self.stored_at).unwrap_or_default()
    }
}

/// A response cache store. Writes are handed back as futures the cache runs after the response
/// (never making a response wait on them); a store should make a write visible to its own reads
/// before returning the future when it can, as [`MemoryStore`] does.
pub trait CacheStore: Send + Sync + 'static {
    /// The entry under `key`.
    fn get(&self, key: &str) -> BoxFuture<'static, Option<Arc<CachedResponse>>>;
    /// Stores `entry` under `key`.
    fn put(&self, key: String, entry: Arc<CachedResponse>) -> BoxFuture<'static, ()>;
    /// Drops the entry under `key`.
    fn remove(&self, key: &str) -> BoxFuture<'static, ()>;
    /// Drops every entry tagged `tag`.
    fn remove_tagged(&self, tag: &str) -> BoxFuture<'static, ()>;
}

/// A bounded in-memory LRU of responses: the default store on every target (per process locally
/// and on Lambda, per isolate on Workers).
///
/// ```
/// use routeway::cache::{CacheStore, MemoryStore};
/// let store = MemoryStore::new(2);
/// assert!(futures_executor::block_on(store.get("missing")).is_none());
/// ```
#[derive(Debug)]
pub struct MemoryStore {
    entries: Mutex<LruCache<String, Arc<CachedResponse>>>,
}

impl MemoryStore {
    /// A store keeping at most `capacity` responses (at least one), evicting the least recently used.
    pub fn new(capacity: usize) -> Self {
        let capacity = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        Self {
            entries: Mutex::new(LruCache::new(capacity)),
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, LruCache<String, Arc<CachedResponse>>> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for MemoryStore {
    /// 1024 responses.
    fn default() -> Self {
        Self::new(1024)
    }
}

impl CacheStore for MemoryStore {
    fn get(&self, key: &str) -> BoxFuture<'static, Option<Arc<CachedResponse>>> {
        let entry = self.entries().get(key).cloned();
        Box::pin(std::future::ready(entry))
    }

    fn put(&self, key: String, entry: Arc<CachedResponse>) -> BoxFuture<'static, ()> {
        self.entries().put(key, entry);
        Box::pin(std::future::ready(()))
    }

    fn remove(&self, key: &str) -> BoxFuture<'static, ()> {
        self.entries().pop(key);
        Box::pin(std::future::ready(()))
    }

    fn remove_tagged(&self, tag: &str) -> BoxFuture<'static, ()> {
        let mut entries = self.entries();
        let tagged: Vec<String> = entries
            .iter()
            .filter(|(_, entry)| entry.tags.iter().any(|t| t == tag))
            .map(|(key, _)| key.clone())
            .collect();
        for key in tagged {
            entries.pop(&key);
        }
        Box::pin(std::future::ready(()))
    }
}
