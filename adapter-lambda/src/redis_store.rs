//! The shared cache store for Lambda: Redis as Amazon ElastiCache (Redis OSS or Valkey) serves it,
//! so every instance of a function answers from the same entries and one `revalidate_tag` reaches
//! them all. Each instance keeps its own in-memory LRU as well, used while Redis cannot be reached:
//! an operation waits at most the timeout (1 s by default), a failure is logged, and for 10 s after
//! it reads and writes use the memory without trying Redis. Removals (revalidations) try Redis all
//! the same, and one that succeeds ends the cool-down.
//!
//! Layout: an entry is one string key (`{prefix}{cache key}`, the bytes of
//! [`CachedResponse::encode`]) with a time to live; a tag is a set of entry keys
//! (`{prefix}tag:{tag}`).

use std::sync::Arc;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::AsyncCommands;
use routeway::cache::{CacheStore, CachedResponse, MemoryStore};
use routeway::BoxFuture;
use tokio::sync::OnceCell;

/// The environment variable holding the Redis URL (`redis://host:6379`, `rediss://` for TLS, as
/// ElastiCache shows it for in-transit encryption).
pub const REDIS_URL_VAR: &str = "ROUTEWAY_REDIS_URL";

/// How long an entry lives in Redis unless told otherwise: a week, so entries of old deployments
/// leave by themselves.
pub const DEFAULT_ENTRY_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Cache entries in Redis, shared by every instance, with a per-instance memory fallback.
///
/// ```no_run
/// let app = routeway::App::new();
/// let store = routeway_lambda::RedisStore::new("redis://127.0.0.1:6379").unwrap();
/// let app = app.with_cache_store(std::sync::Arc::new(store));
/// ```
#[derive(Clone)]
pub struct RedisStore {
    inner: Arc<Inner>,
}

struct Inner {
    client: redis::Client,
    connection: OnceCell<ConnectionManager>,
    prefix: String,
    ttl: Duration,
    timeout: Duration,
    fallback: MemoryStore,
    /// When Redis last failed: for [`COOL_DOWN`] after it, reads and writes use the memory at
    /// once instead of waiting for a server that just did not answer.
    failed_at: std::sync::Mutex<Option<tokio::time::Instant>>,
}

/// How long after a failure reads and writes leave Redis alone.
const COOL_DOWN: Duration = Duration::from_secs(10);

/// Tag purges in progress get unique names (see [`Inner::remove_tagged`]).
static PURGES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("server", &self.inner.client.get_connection_info().addr())
            .field("prefix", &self.inner.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// A store on the Redis server at `url`; it connects on first use. For a `rediss://` URL with
    /// no process-wide rustls provider installed yet, it installs ring's: redis sets up TLS from
    /// that default, and without one (or with two crypto backends linked) the connection panics.
    pub fn new(url: &str) -> Result<Self, redis::RedisError> {
        let client = redis::Client::open(url)?;
        if matches!(
            client.get_connection_info().addr(),
            redis::ConnectionAddr::TcpTls { .. }
        ) && rustls::crypto::CryptoProvider::get_default().is_none()
        {
            // Losing a race with another install is fine: a default is then in place.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                connection: OnceCell::new(),
                prefix: "routeway:".to_owned(),
                ttl: DEFAULT_ENTRY_TTL,
                timeout: Duration::from_secs(1),
                fallback: MemoryStore::default(),
                failed_at: std::sync::Mutex::new(None),
            }),
        })
    }

    /// The store named by `ROUTEWAY_REDIS_URL`, if it is set.
    pub fn from_env() -> Option<Result<Self, redis::RedisError>> {
        std::env::var(REDIS_URL_VAR).ok().map(|url| Self::new(&url))
    }

    /// Starts every Redis key with `prefix` (default `routeway:`), to share a server between apps.
    pub fn with_prefix(self, prefix: &str) -> Self {
        self.map(|inner| inner.prefix = prefix.to_owned())
    }

    /// Sets how long entries live in Redis (default a week).
    pub fn with_entry_ttl(self, ttl: Duration) -> Self {
        self.map(|inner| inner.ttl = ttl)
    }

    /// Sets how long a request waits for Redis before using the instance's memory (default 1 s).
    pub fn with_timeout(self, timeout: Duration) -> Self {
        self.map(|inner| inner.timeout = timeout)
    }

    fn map(self, change: impl FnOnce(&mut Inner)) -> Self {
        let mut inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            client: shared.client.clone(),
            connection: OnceCell::new(),
            prefix: shared.prefix.clone(),
            ttl: shared.ttl,
            timeout: shared.timeout,
            fallback: MemoryStore::default(),
            failed_at: std::sync::Mutex::new(None),
        });
        change(&mut inner);
        Self { inner: Arc::new(inner) }
    }
}

impl Inner {
    /// Runs one Redis read or write within the timeout; skipped while cooling down after a failure.
    async fn run<T>(&self, operation: impl std::future::Future<Output = redis::RedisResult<T>>) -> Result<T, String> {
        let failed_at = *self.failed_at.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failed_at.is_some_and(|at| at.elapsed() < COOL_DOWN) {
            return Err(format!("it failed less than {}s ago", COOL_DOWN.as_secs()));
        }
        self.attempt(operation).await
    }

    /// Runs one Redis operation within the timeout, cooling down or not: how removals run. A
    /// revalidation Redis never heard of would leave the old entry to every instance until its TTL.
    async fn attempt<T>(
        &self,
        operation: impl std::future::Future<Output = redis::RedisResult<T>>,
    ) -> Result<T, String> {
        let result = match tokio::time::timeout(self.timeout, operation).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => Err(format!("no answer within {:?}", self.timeout)),
        };
        // A success (a removal tried while cooling down) ends the cool-down.
        *self.failed_at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) =
            result.is_err().then(tokio::time::Instant::now);
        result
    }

    async fn connection(&self) -> redis::RedisResult<ConnectionManager> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout))
            .set_number_of_retries(1);
        self.connection
            .get_or_try_init(|| ConnectionManager::new_with_config(self.client.clone(), config))
            .await
            .cloned()
    }

    fn entry_key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn tag_key(&self, tag: &str) -> String {
        format!("{}tag:{tag}", self.prefix)
    }

    async fn get(&self, key: &str) -> redis::RedisResult<Option<Arc<CachedResponse>>> {
        let bytes: Option<Vec<u8>> = self.connection().await?.get(self.entry_key(key)).await?;
        let Some(bytes) = bytes else {
            return Ok(None);
        };
        Ok(CachedResponse::decode_for(key, &bytes).map(Arc::new))
    }

    async fn put(&self, key: &str, entry: &CachedResponse) -> redis::RedisResult<()> {
        let entry_key = self.entry_key(key);
        let ttl = self.ttl.as_secs().max(1);
        let mut pipe = redis::pipe();
        pipe.atomic().set_ex(&entry_key, entry.encode(key), ttl).ignore();
        for tag in &entry.tags {
            let tag_key = self.tag_key(tag);
            pipe.sadd(&tag_key, &entry_key).ignore();
            pipe.expire(&tag_key, ttl as i64).ignore();
        }
        pipe.query_async(&mut self.connection().await?).await
    }

    async fn remove(&self, key: &str) -> redis::RedisResult<()> {
        self.connection().await?.del(self.entry_key(key)).await
    }

    /// Renames the tag's set first (atomic), so an entry tagged while the purge runs lands in a new
    /// set instead of being dropped from this one unpurged.
    async fn remove_tagged(&self, tag: &str) -> redis::RedisResult<()> {
        let mut connection = self.connection().await?;
        let tag_key = self.tag_key(tag);
        let purge = PURGES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let purging = format!("{tag_key}:purging:{}:{purge}", std::process::id());
        let renamed: redis::RedisResult<()> = connection.rename(&tag_key, &purging).await;
        if let Err(error) = renamed {
            // No such key: nothing carries the tag.
            return if error.kind() == redis::ErrorKind::Server(redis::ServerErrorKind::ResponseError) {
                Ok(())
            } else {
                Err(error)
            };
        }
        let mut keys: Vec<String> = connection.smembers(&purging).await?;
        keys.push(purging);
        connection.del(keys).await
    }
}

/// What a mirrored change does to Redis.
#[derive(Clone, Copy)]
enum Change {
    Write,
    Removal,
}

impl RedisStore {
    /// A change done on the instance's memory (`memory`, already applied) and then on Redis, whose
    /// failure is logged after `failure`. A removal tries Redis even while it cools down.
    fn mirrored<F>(
        &self,
        memory: BoxFuture<'static, ()>,
        failure: String,
        change: Change,
        write: impl FnOnce(Arc<Inner>) -> F,
    ) -> BoxFuture<'static, ()>
    where
        F: std::future::Future<Output = redis::RedisResult<()>> + Send + 'static,
    {
        let inner = self.inner.clone();
        let write = write(inner.clone());
        Box::pin(async move {
            memory.await;
            let result = match change {
                Change::Write => inner.run(write).await,
                Change::Removal => inner.attempt(write).await,
            };
            if let Err(error) = result {
                tracing::warn!("{failure}: {error}");
            }
        })
    }
}

impl CacheStore for RedisStore {
    fn get(&self, key: &str) -> BoxFuture<'static, Option<Arc<CachedResponse>>> {
        let inner = self.inner.clone();
        let key = key.to_owned();
        Box::pin(async move {
            match inner.run(inner.get(&key)).await {
                Ok(entry) => entry,
                Err(error) => {
                    tracing::warn!("Redis cache unavailable ({error}); answering from this instance's memory");
                    inner.fallback.get(&key).await
                }
            }
        })
    }

    fn put(&self, key: String, entry: Arc<CachedResponse>) -> BoxFuture<'static, ()> {
        let memory = self.inner.fallback.put(key.clone(), entry.clone());
        let failure = format!("cannot store {key} in the Redis cache");
        self.mirrored(memory, failure, Change::Write, move |inner| async move {
            inner.put(&key, &entry).await
        })
    }

    fn remove(&self, key: &str) -> BoxFuture<'static, ()> {
        let memory = self.inner.fallback.remove(key);
        let failure = format!("cannot remove {key} from the Redis cache");
        let key = key.to_owned();
        self.mirrored(memory, failure, Change::Removal, move |inner| async move {
            inner.remove(&key).await
        })
    }

    fn remove_tagged(&self, tag: &str) -> BoxFuture<'static, ()> {
        let memory = self.inner.fallback.remove_tagged(tag);
        let failure = format!("cannot revalidate tag {tag} in the Redis cache");
        let tag = tag.to_owned();
        self.mirrored(memory, failure, Change::Removal, move |inner| async move {
            inner.remove_tagged(&tag).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `rediss://` server that never finishes the TLS handshake is a failure like any other:
    /// the store answers from memory. Before the store installed a provider, a build with `redis`
    /// but without `https` (no rustls backend chosen by features) panicked here.
    #[tokio::test]
    async fn a_tls_url_connects_whatever_crypto_backends_are_linked() {
        // Connections land in the listen backlog and are never answered.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("rediss://127.0.0.1:{}", silent.local_addr().unwrap().port());
        let store = RedisStore::new(&url).unwrap().with_timeout(Duration::from_millis(200));
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
        assert!(store.get("key").await.is_none());
    }
}
