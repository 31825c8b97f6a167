//! The Workers cache store: responses in the Cache API (per data center, shared by the isolates
//! there), data entries and tag markers in KV (the `ROUTEWAY_CACHE` binding, global) when it is
//! bound, and the isolate's memory in front for a second so a request sees the write of the one
//! before it (writes run after the response, through `waitUntil`).
//!
//! Without the KV binding, data entries and tags stay in the isolate's memory. Entries are kept a
//! week at most; the Cache API may drop them sooner, which the next request answers as a `MISS`.

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

/// How long the isolate trusts its own copy before asking the Cache API or KV again (and so how
/// long a revalidation on another isolate can take to be seen here).
const HOT_WINDOW: Duration = Duration::from_secs(1);

/// How long entries live in the Cache API and KV.
const ENTRY_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);

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

fn warm(hot: &Mutex<HotEntries>, key: &str, entry: &Arc<CachedResponse>) {
    lock(hot).put(key.to_owned(), (Instant::now(), entry.clone()));
}

fn hash(text: &str) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn cache_url(key: &str) -> String {
    format!("{CACHE_ORIGIN}{}", hash(key))
}

fn data_name(key: &str) -> String {
    format!("data:{}", hash(key))
}

fn tag_prefix(tag: &str) -> String {
    format!("tag:{tag}:")
}

fn decoded(key: &str, bytes: &[u8]) -> Option<Arc<CachedResponse>> {
    match CachedResponse::decode(bytes) {
        Ok((stored_key, entry)) if stored_key == key => Some(Arc::new(entry)),
        Ok(_) => None,
        Err(problem) => {
            tracing::warn!("ignoring the cache entry for {key}: {problem}");
            None
        }
    }
}

async fn read(key: &str, kv: Option<worker::kv::KvStore>) -> Result<Option<Arc<CachedResponse>>, worker::Error> {
    let bytes = if is_data_key(key) {
        match kv {
            Some(kv) => kv.get(&data_name(key)).bytes().await?,
            None => return Ok(None),
        }
    } else {
        match worker::Cache::default().get(cache_url(key), false).await? {
            Some(mut response) => Some(response.bytes().await?),
            None => None,
        }
    };
    Ok(bytes.and_then(|bytes| decoded(key, &bytes)))
}

async fn write(key: &str, entry: &CachedResponse, kv: Option<worker::kv::KvStore>) -> Result<(), worker::Error> {
    let ttl = ENTRY_TTL.as_secs();
    let bytes = entry.encode(key);
    if let Some(kv) = &kv {
        for tag in &entry.tags {
            kv.put(&format!("{}{}", tag_prefix(tag), hash(key)), "")?
                .metadata(key)?
                .expiration_ttl(ttl)
                .execute()
                .await?;
        }
    }
    if is_data_key(key) {
        if let Some(kv) = kv {
            kv.put_bytes(&data_name(key), &bytes)?
                .expiration_ttl(ttl)
                .execute()
                .await?;
        }
        return Ok(());
    }
    let mut response = worker::Response::from_bytes(bytes)?;
    response
        .headers_mut()
        .set("cache-control", &format!("public, max-age={ttl}"))?;
    worker::Cache::default().put(cache_url(key), response).await
}

async fn delete(key: &str, kv: Option<worker::kv::KvStore>) -> Result<(), worker::Error> {
    if is_data_key(key) {
        if let Some(kv) = kv {
            kv.delete(&data_name(key)).await?;
        }
        return Ok(());
    }
    worker::Cache::default().delete(cache_url(key), false).await?;
    Ok(())
}

/// The keys tagged `tag` in KV, each with its marker's name.
async fn tagged_in_kv(kv: &worker::kv::KvStore, tag: &str) -> Result<Vec<(String, String)>, worker::Error> {
    let mut found = Vec::new();
    let mut cursor = None;
    loop {
        let mut list = kv.list().prefix(tag_prefix(tag));
        if let Some(cursor) = cursor.take() {
            list = list.cursor(cursor);
        }
        let page = list.execute().await?;
        for marker in page.keys {
            if let Some(serde_json::Value::String(key)) = marker.metadata {
                found.push((key, marker.name));
            }
        }
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
        if let Some((warmed, entry)) = self.hot().get(key) {
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
            warn_on_error(&format!("removing {key}"), delete(&key, kv).await);
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
            let mut doomed: Vec<(String, Option<String>)> = local.into_iter().map(|key| (key, None)).collect();
            if let Some(kv) = &kv {
                match tagged_in_kv(kv, &tag).await {
                    Ok(found) => doomed.extend(found.into_iter().map(|(key, marker)| (key, Some(marker)))),
                    Err(error) => tracing::warn!("cache store: listing tag {tag} failed: {error}"),
                }
            }
            for (key, marker) in doomed {
                warn_on_error(&format!("removing {key}"), delete(&key, kv.clone()).await);
                if let (Some(kv), Some(marker)) = (&kv, marker) {
                    warn_on_error(
                        &format!("removing tag marker {marker}"),
                        kv.delete(&marker).await.map_err(Into::into),
                    );
                }
            }
        })
    }
}
