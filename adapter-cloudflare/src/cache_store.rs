//! The Workers cache store, in three layers:
//! - the isolate's memory, trusted for a second, so a request sees the write of the one before it
//!   (writes run after the response, through `waitUntil`);
//! - the Cache API (`caches.default`): responses, close and fast, but per data center;
//! - KV (the `ROUTEWAY_CACHE` binding), global: every entry, responses and data entries, and one
//!   marker per tag. Revalidation deletes from KV and from this data center's Cache API; other
//!   data centers drop their Cache API copy within a minute (its lifetime when KV is bound), and
//!   KV itself takes up to a minute to propagate.
//!
//! Without the KV binding, responses live in the Cache API only (a week), data entries and tags in
//! the isolate's memory, and a revalidation reaches this data center only. Entries are kept a week
//! at most; a store may drop them sooner, which the next request answers as a `MISS`.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use routeway::cache::{is_data_key, CacheStore, CachedResponse, MemoryStore};
use routeway::time::Instant;
use routeway::{App, BoxFuture};

/// The KV namespace binding for data entries and tags.
pub const KV_BINDING: &str = "ROUTEWAY_CACHE";

/// KV's largest value (25 MiB).
const KV_VALUE_LIMIT: usize = 25 << 20;

/// How long the isolate trusts its own copy before asking the Cache API or KV again.
const HOT_WINDOW: Duration = Duration::from_secs(1);

/// How long entries live in KV (and in the Cache API when KV is not bound).
const ENTRY_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// How long a data center's Cache API copy of a response lives when KV holds the entry: the most a
/// revalidation in another data center takes to be seen here (plus KV's own propagation, which
/// Cloudflare gives as up to 60 s).
const COLO_COPY_TTL: Duration = Duration::from_secs(60);

/// The Cache API wants URLs: every entry lives under this made-up origin.
const CACHE_ORIGIN: &str = "https://routeway-cache.internal/";

const HOT_ENTRIES: usize = 1024;

/// The app with its cache on the Cache API and KV of the Worker whose bindings are `env`: what
/// [`export!`](crate::export) does once per isolate.
pub fn with_workers_cache(app: App, env: &worker::Env) -> App {
    app.with_cache_store(Arc::new(WorkersStore::new(env.clone())))
}

/// Entries this isolate wrote or read lately, with when.
type HotEntries = lru::LruCache<String, (Instant, Arc<CachedResponse>)>;

/// Cache API for responses, KV for data entries and tags, memory in front.
#[derive(Debug)]
pub struct WorkersStore {
    env: worker::Env,
    hot: Arc<Mutex<HotEntries>>,
    /// Data entries when KV is not bound.
    data: MemoryStore,
    /// Keys per tag when KV is not bound.
    tagged: Mutex<HashMap<String, HashSet<String>>>,
}

impl WorkersStore {
    /// A store on the Worker's default cache and its `ROUTEWAY_CACHE` KV namespace, if bound.
    pub fn new(env: worker::Env) -> Self {
        Self {
            env,
            hot: Arc::new(Mutex::new(lru::LruCache::new(
                NonZeroUsize::new(HOT_ENTRIES).expect("not zero"),
            ))),
            data: MemoryStore::default(),
            tagged: Mutex::new(HashMap::new()),
        }
    }

    fn kv(&self) -> Option<worker::kv::KvStore> {
        self.env.kv(KV_BINDING).ok()
    }

    fn hot(&self) -> MutexGuard<'_, HotEntries> {
        lock(&self.hot)
    }

    fn tagged(&self) -> MutexGuard<'_, HashMap<String, HashSet<String>>> {
        lock(&self.tagged)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Puts `entry` in the isolate's memory, and lets go of the least recent entries past
/// [`HOT_WINDOW`]: no read trusts them any more, and an isolate has 128 MB in all.
fn warm(hot: &Mutex<HotEntries>, key: &str, entry: &Arc<CachedResponse>) {
    let mut hot = lock(hot);
    hot.put(key.to_owned(), (Instant::now(), entry.clone()));
    while hot.peek_lru().is_some_and(|(_, (at, _))| at.elapsed() > HOT_WINDOW) {
        hot.pop_lru();
    }
}

fn hash(text: &str) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// Where an entry lives, named by the hash of its key: `r` (a route's response) or `d` (a data
/// entry), then the hash. Tag markers carry this name, so a purge needs no other lookup.
fn entry_id(key: &str) -> String {
    let kind = if is_data_key(key) { 'd' } else { 'r' };
    format!("{kind}{}", hash(key))
}

fn cache_url(id: &str) -> String {
    format!("{CACHE_ORIGIN}{id}")
}

fn kv_name(id: &str) -> String {
    format!("entry:{id}")
}

/// Markers of one tag: `tag:<hash of the tag>:<entry id>` (hashed, so tag `a` never matches the
/// markers of tag `a:b`, and any tag fits KV's key size).
fn tag_prefix(tag: &str) -> String {
    format!("tag:{}:", hash(tag))
}

fn decoded(key: &str, bytes: &[u8]) -> Option<Arc<CachedResponse>> {
    CachedResponse::decode_for(key, bytes).map(Arc::new)
}

/// A response from this data center's Cache API, else (responses and data entries) from KV.
async fn read(key: &str, kv: Option<worker::kv::KvStore>) -> Result<Option<Arc<CachedResponse>>, worker::Error> {
    let id = entry_id(key);
    if !is_data_key(key) {
        if let Some(mut response) = worker::Cache::default().get(cache_url(&id), false).await? {
            return Ok(decoded(key, &response.bytes().await?));
        }
    }
    let Some(kv) = kv else {
        return Ok(None);
    };
    let bytes = kv.get(&kv_name(&id)).bytes().await?;
    Ok(bytes.and_then(|bytes| decoded(key, &bytes)))
}

/// The entry into KV (global) and, for a response, this data center's Cache API: for a minute when
/// KV holds it too (so a revalidation elsewhere reaches this data center within that minute), for
/// the entry's lifetime when the Cache API is its only home.
///
/// The tag markers go first: an entry whose marker could not be written would outlive its tag's
/// revalidation, so it is not stored at all. A failed KV write (a value over KV's 25 MiB, a second
/// write to the key within a second) still leaves this data center its Cache API copy.
async fn write(key: &str, entry: &CachedResponse, kv: Option<worker::kv::KvStore>) -> Result<(), worker::Error> {
    let id = entry_id(key);
    let ttl = ENTRY_TTL.as_secs();
    let bytes = entry.encode(key);
    let mut in_kv = false;
    if let Some(kv) = &kv {
        for tag in &entry.tags {
            let marker = format!("{}{id}", tag_prefix(tag));
            kv.put(&marker, "")?.expiration_ttl(ttl).execute().await?;
        }
        in_kv = if bytes.len() > KV_VALUE_LIMIT {
            tracing::warn!(
                "cache store: {key} is {} bytes, over KV's {KV_VALUE_LIMIT}-byte values; only this data \
                 center's Cache API keeps it",
                bytes.len()
            );
            false
        } else {
            let put = kv.put_bytes(&kv_name(&id), &bytes)?.expiration_ttl(ttl).execute().await;
            let stored = put.is_ok();
            warn_on_error(&format!("storing {key} in KV"), put.map_err(Into::into));
            stored
        };
    }
    if !is_data_key(key) {
        let local_ttl = if in_kv { COLO_COPY_TTL.as_secs() } else { ttl };
        let mut response = worker::Response::from_bytes(bytes)?;
        response
            .headers_mut()
            .set("cache-control", &format!("public, max-age={local_ttl}"))?;
        worker::Cache::default().put(cache_url(&id), response).await?;
    }
    Ok(())
}

/// Drops the entry `id` from KV and this data center's Cache API.
async fn delete(id: &str, kv: Option<&worker::kv::KvStore>) -> Result<(), worker::Error> {
    if let Some(kv) = kv {
        kv.delete(&kv_name(id)).await?;
    }
    if id.starts_with('r') {
        worker::Cache::default().delete(cache_url(id), false).await?;
    }
    Ok(())
}

/// The markers of `tag` in KV (their names end with the entry id).
async fn markers_in_kv(kv: &worker::kv::KvStore, tag: &str) -> Result<Vec<String>, worker::Error> {
    let mut found = Vec::new();
    let mut cursor = None;
    loop {
        let mut list = kv.list().prefix(tag_prefix(tag));
        if let Some(cursor) = cursor.take() {
            list = list.cursor(cursor);
        }
        let page = list.execute().await?;
        found.extend(page.keys.into_iter().map(|marker| marker.name));
        match page.cursor {
            Some(next) if !page.list_complete => cursor = Some(next),
            _ => return Ok(found),
        }
    }
}

fn warn_on_error(what: &str, result: Result<(), worker::Error>) {
    if let Err(error) = result {
        tracing::warn!("cache store: {what} failed: {error}");
    }
}

impl CacheStore for WorkersStore {
    fn get(&self, key: &str) -> BoxFuture<'static, Option<Arc<CachedResponse>>> {
        if let Some((warmed, entry)) = self.hot().peek(key) {
            if warmed.elapsed() < HOT_WINDOW {
                let entry = entry.clone();
                return Box::pin(std::future::ready(Some(entry)));
            }
        }
        let memory = (is_data_key(key) && self.kv().is_none()).then(|| self.data.get(key));
        let kv = self.kv();
        let key = key.to_owned();
        let hot = self.hot.clone();
        Box::pin(async move {
            if let Some(memory) = memory {
                return memory.await;
            }
            match read(&key, kv).await {
                Ok(Some(entry)) => {
                    warm(&hot, &key, &entry);
                    Some(entry)
                }
                Ok(None) => None,
                Err(error) => {
                    tracing::warn!("cache store: reading {key} failed: {error}");
                    None
                }
            }
        })
    }

    fn put(&self, key: String, entry: Arc<CachedResponse>) -> BoxFuture<'static, ()> {
        warm(&self.hot, &key, &entry);
        let kv = self.kv();
        if kv.is_none() {
            let mut tagged = self.tagged();
            for tag in &entry.tags {
                tagged.entry(tag.clone()).or_default().insert(key.clone());
            }
        }
        let memory = (is_data_key(&key) && kv.is_none()).then(|| self.data.put(key.clone(), entry.clone()));
        Box::pin(async move {
            if let Some(memory) = memory {
                return memory.await;
            }
            warn_on_error(&format!("storing {key}"), write(&key, &entry, kv).await);
        })
    }

    fn remove(&self, key: &str) -> BoxFuture<'static, ()> {
        self.hot().pop(key);
        let memory = self.data.remove(key);
        let kv = self.kv();
        let key = key.to_owned();
        Box::pin(async move {
            memory.await;
            warn_on_error(&format!("removing {key}"), delete(&entry_id(&key), kv.as_ref()).await);
        })
    }

    fn remove_tagged(&self, tag: &str) -> BoxFuture<'static, ()> {
        let hot_tagged: Vec<String> = self
            .hot()
            .iter()
            .filter(|(_, (_, entry))| entry.tags.iter().any(|t| t == tag))
            .map(|(key, _)| key.clone())
            .collect();
        for key in &hot_tagged {
            self.hot().pop(key);
        }
        let local: Vec<String> = self.tagged().remove(tag).unwrap_or_default().into_iter().collect();
        let memory = self.data.remove_tagged(tag);
        let kv = self.kv();
        let tag = tag.to_owned();
        Box::pin(async move {
            memory.await;
            for key in local {
                warn_on_error(&format!("removing {key}"), delete(&entry_id(&key), kv.as_ref()).await);
            }
            let Some(kv) = kv else {
                return;
            };
            let markers = match markers_in_kv(&kv, &tag).await {
                Ok(markers) => markers,
                Err(error) => {
                    tracing::warn!("cache store: listing tag {tag} failed: {error}");
                    return;
                }
            };
            let prefix_len = tag_prefix(&tag).len();
            for marker in markers {
                let id = &marker[prefix_len.min(marker.len())..];
                // A marker goes only with its entry, so a failed removal is tried again by the next
                // revalidation of the tag.
                match delete(id, Some(&kv)).await {
                    Ok(()) => warn_on_error(
                        &format!("removing tag marker {marker}"),
                        kv.delete(&marker).await.map_err(Into::into),
                    ),
                    Err(error) => tracing::warn!(
                        "cache store: removing entry {id} failed, kept for the next revalidation of {tag}: {error}"
                    ),
                }
            }
        })
    }
}
