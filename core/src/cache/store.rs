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
    /// The shortest `revalidate` time of the fetches it was built from, when it has one: the
    /// entry is stale after that many seconds even on a route cached until revalidated.
    pub revalidate: Option<u32>,
    /// The data-cache entries it was built from, dropped with it by
    /// [`revalidate_path`](crate::cache::CacheHandle::revalidate_path).
    pub data_keys: Vec<String>,
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
            revalidate: None,
            data_keys: Vec::new(),
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
/// and on Lambda, per isolate on Workers). It keeps at most `capacity` entries and, like Next.js'
/// `cacheMaxMemorySize`, at most 50 MB of them ([`MemoryStore::with_byte_limit`]), evicting the
/// least recently used; an entry larger than the whole limit is not kept.
///
/// ```
/// use routeway::cache::{CacheStore, MemoryStore};
/// let store = MemoryStore::new(2);
/// assert!(futures_executor::block_on(store.get("missing")).is_none());
/// ```
#[derive(Debug)]
pub struct MemoryStore {
    entries: Mutex<Entries>,
}

#[derive(Debug)]
struct Entries {
    lru: LruCache<String, Arc<CachedResponse>>,
    bytes: usize,
    byte_limit: usize,
}

/// The default [`MemoryStore::with_byte_limit`]: Next.js' default `cacheMaxMemorySize`.
pub const DEFAULT_MEMORY_LIMIT: usize = 50 * 1000 * 1000;

impl MemoryStore {
    /// A store keeping at most `capacity` responses (at least one), evicting the least recently used.
    pub fn new(capacity: usize) -> Self {
        let capacity = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        Self {
            entries: Mutex::new(Entries {
                lru: LruCache::new(capacity),
                bytes: 0,
                byte_limit: DEFAULT_MEMORY_LIMIT,
            }),
        }
    }

    /// Keeps at most `bytes` of entries (bodies, headers, keys and tags), evicting the least
    /// recently used.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use routeway::cache::{CacheStore, CachedResponse, MemoryStore};
    /// let store = MemoryStore::new(8).with_byte_limit(100);
    /// let entry = |length: usize| {
    ///     let parts = http::Response::new(()).into_parts().0;
    ///     Arc::new(CachedResponse::from_parts(parts, vec![b'x'; length].into(), vec![]))
    /// };
    /// futures_executor::block_on(async {
    ///     store.put("a".into(), entry(60)).await;
    ///     store.put("b".into(), entry(30)).await;
    ///     assert!(store.get("a").await.is_some());
    ///     store.put("c".into(), entry(30)).await; // over 100: the least recent (b) goes
    ///     assert!(store.get("b").await.is_none());
    ///     assert!(store.get("a").await.is_some() && store.get("c").await.is_some());
    /// });
    /// ```
    pub fn with_byte_limit(self, bytes: usize) -> Self {
        self.entries().byte_limit = bytes;
        self
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for MemoryStore {
    /// 1024 responses, 50 MB.
    fn default() -> Self {
        Self::new(1024)
    }
}

impl Entries {
    fn put(&mut self, key: String, entry: Arc<CachedResponse>) {
        self.remove(&key);
        let size = size_of(&key, &entry);
        if size > self.byte_limit {
            return;
        }
        self.bytes += size;
        if let Some((evicted_key, evicted)) = self.lru.push(key, entry) {
            self.bytes -= size_of(&evicted_key, &evicted);
        }
        while self.bytes > self.byte_limit {
            let Some((evicted_key, evicted)) = self.lru.pop_lru() else {
                break;
            };
            self.bytes -= size_of(&evicted_key, &evicted);
        }
    }

    fn remove(&mut self, key: &str) {
        if let Some((key, entry)) = self.lru.pop_entry(key) {
            self.bytes -= size_of(&key, &entry);
        }
    }
}

/// What an entry holds in memory, near enough: body, headers, key, tags and data keys.
fn size_of(key: &str, entry: &CachedResponse) -> usize {
    let headers: usize = entry
        .headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    let strings = |list: &[String]| list.iter().map(String::len).sum::<usize>();
    key.len() + entry.body.len() + headers + strings(&entry.tags) + strings(&entry.data_keys)
}

impl CacheStore for MemoryStore {
    fn get(&self, key: &str) -> BoxFuture<'static, Option<Arc<CachedResponse>>> {
        let entry = self.entries().lru.get(key).cloned();
        Box::pin(std::future::ready(entry))
    }

    fn put(&self, key: String, entry: Arc<CachedResponse>) -> BoxFuture<'static, ()> {
        self.entries().put(key, entry);
        Box::pin(std::future::ready(()))
    }

    fn remove(&self, key: &str) -> BoxFuture<'static, ()> {
        self.entries().remove(key);
        Box::pin(std::future::ready(()))
    }

    fn remove_tagged(&self, tag: &str) -> BoxFuture<'static, ()> {
        let mut entries = self.entries();
        let tagged: Vec<String> = entries
            .lru
            .iter()
            .filter(|(_, entry)| entry.tags.iter().any(|t| t == tag))
            .map(|(key, _)| key.clone())
            .collect();
        for key in tagged {
            entries.remove(&key);
        }
        Box::pin(std::future::ready(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(length: usize) -> Arc<CachedResponse> {
        let parts = http::Response::new(()).into_parts().0;
        Arc::new(CachedResponse::from_parts(parts, vec![b'x'; length].into(), vec![]))
    }

    #[test]
    fn bytes_are_counted_through_replacing_removing_and_refusing() {
        let store = MemoryStore::new(8).with_byte_limit(100);
        futures_executor::block_on(async {
            store.put("a".into(), entry(50)).await;
            store.put("a".into(), entry(20)).await;
            assert_eq!(store.entries().bytes, 21, "a replaced entry no longer counts");
            store.put("big".into(), entry(200)).await;
            assert!(
                store.get("big").await.is_none(),
                "larger than the whole limit: not kept"
            );
            assert!(store.get("a").await.is_some(), "and nothing else was evicted for it");
            store.remove_tagged("none").await;
            store.remove("a").await;
            assert_eq!(store.entries().bytes, 0);
        });
    }
}
