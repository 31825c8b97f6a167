//! A cache store on disk that survives a restart: one file per entry in a folder, an in-memory LRU
//! in front for hot entries, and an index of keys and tags rebuilt from the files at startup.
//!
//! The local server uses it when `ROUTEWAY_CACHE_DIR` is set (Next keeps its cache in
//! `.next/cache` the same way); entries of earlier builds are never read again (their keys carry the
//! old build id) and leave as the least recently used once the store is full.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use routeway::cache::{CacheStore, CachedResponse, MemoryStore};
use routeway::BoxFuture;

const EXTENSION: &str = "entry";

/// The environment variable naming the cache folder for [`serve`](crate::serve).
pub const CACHE_DIR_VAR: &str = "ROUTEWAY_CACHE_DIR";

/// Entries kept on disk unless told otherwise.
pub const DEFAULT_DISK_ENTRIES: usize = 10_000;

/// Responses and data entries in files under one folder.
///
/// ```
/// use routeway::cache::CacheStore;
/// let dir = std::env::temp_dir().join(format!("routeway-doc-{}", std::process::id()));
/// let store = routeway_local::DiskStore::open(&dir).unwrap();
/// assert!(futures_util::FutureExt::now_or_never(store.get("missing")).is_some());
/// # std::fs::remove_dir_all(&dir).ok();
/// ```
#[derive(Debug)]
pub struct DiskStore {
    dir: PathBuf,
    hot: Arc<MemoryStore>,
    index: Arc<Mutex<Index>>,
}

/// Which file holds each key (least recently used first out), and which keys carry each tag.
#[derive(Debug)]
struct Index {
    files: lru::LruCache<String, PathBuf>,
    tagged: HashMap<String, HashSet<String>>,
}

impl Index {
    fn forget(&mut self, key: &str) -> Option<PathBuf> {
        let file = self.files.pop(key);
        self.tagged.retain(|_, keys| {
            keys.remove(key);
            !keys.is_empty()
        });
        file
    }
}

impl DiskStore {
    /// Opens (creating it if needed) the store in `dir`, keeping at most [`DEFAULT_DISK_ENTRIES`].
    /// Files that are not entries of this version are removed, with a warning.
    pub fn open(dir: impl AsRef<Path>) -> std::io::Result<Self> {
        Self::open_with_capacity(dir, DEFAULT_DISK_ENTRIES)
    }

    /// Opens the store in `dir`, keeping at most `entries` files (the least recently used go first).
    pub fn open_with_capacity(dir: impl AsRef<Path>, entries: usize) -> std::io::Result<Self> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir)?;
        let capacity = NonZeroUsize::new(entries).unwrap_or(NonZeroUsize::MIN);
        let mut index = Index {
            files: lru::LruCache::new(capacity),
            tagged: HashMap::new(),
        };
        let mut found = Vec::new();
        for item in std::fs::read_dir(&dir)? {
            let path = item?.path();
            match path.extension().and_then(|e| e.to_str()) {
                Some(EXTENSION) => {}
                Some("tmp") if path.to_string_lossy().contains(&format!(".{EXTENSION}.")) => {
                    // A write cut short by a crash or a kill: never a whole entry.
                    let _ = std::fs::remove_file(&path);
                    continue;
                }
                _ => continue,
            }
            let indexed = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| CachedResponse::decode_key_and_tags(&bytes).map_err(|e| e.to_string()));
            match indexed {
                Ok((key, tags)) => {
                    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
                    found.push((modified, key, tags, path));
                }
                Err(problem) => {
                    tracing::warn!("removing {}: {problem}", path.display());
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        found.sort_by_key(|(modified, ..)| *modified);
        for (_, key, tags, path) in found {
            for tag in tags {
                index.tagged.entry(tag).or_default().insert(key.clone());
            }
            if let Some((_, evicted)) = index.files.push(key, path) {
                let _ = std::fs::remove_file(evicted);
            }
        }
        Ok(Self {
            dir,
            hot: Arc::new(MemoryStore::default()),
            index: Arc::new(Mutex::new(index)),
        })
    }

    /// The folder the entries live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many entries are on disk.
    pub fn len(&self) -> usize {
        self.index().files.len()
    }

    /// Whether no entry is on disk.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn index(&self) -> MutexGuard<'_, Index> {
        lock(&self.index)
    }

    fn file_for(&self, key: &str) -> PathBuf {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        self.dir.join(format!("{:016x}.{EXTENSION}", hasher.finish()))
    }
}

fn lock(index: &Mutex<Index>) -> MutexGuard<'_, Index> {
    index.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Temporary files of writes in progress: `<entry>.<n>.tmp`, one name per write.
static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Writes `bytes` to `path` through a temporary file of its own and a rename, so a reader, a
/// crash or a concurrent write of the same key never sees half an entry. When the key was removed
/// or replaced while the file was written, the file goes again: a revalidated entry must not come
/// back at the next start. A failed write leaves the index as it is (the previous file, if any,
/// still holds a whole entry; a missing file reads as a miss).
async fn write_atomically(index: Arc<Mutex<Index>>, key: String, path: PathBuf, bytes: Vec<u8>) {
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = path.with_extension(format!("{EXTENSION}.{}-{write}.tmp", std::process::id()));
    let written = async {
        tokio::fs::write(&temporary, &bytes).await?;
        tokio::fs::rename(&temporary, &path).await
    };
    if let Err(error) = written.await {
        tracing::warn!("cannot write the cache entry {}: {error}", path.display());
        let _ = tokio::fs::remove_file(&temporary).await;
        return;
    }
    let current = lock(&index).files.peek(&key) == Some(&path);
    if !current {
        remove_files(vec![path]).await;
    }
}

async fn remove_files(files: Vec<PathBuf>) {
    for file in files {
        if let Err(error) = tokio::fs::remove_file(&file).await {
            if error.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!("cannot remove the cache entry {}: {error}", file.display());
            }
        }
    }
}

impl CacheStore for DiskStore {
    fn get(&self, key: &str) -> BoxFuture<'static, Option<Arc<CachedResponse>>> {
        let hot = self.hot.get(key);
        let file = self.index().files.get(key).cloned();
        let key = key.to_owned();
        let warm = self.hot.clone();
        Box::pin(async move {
            if let Some(entry) = hot.await {
                return Some(entry);
            }
            let bytes = tokio::fs::read(file?).await.ok()?;
            let entry = Arc::new(CachedResponse::decode_for(&key, &bytes)?);
            warm.put(key, entry.clone()).await;
            Some(entry)
        })
    }

    fn put(&self, key: String, entry: Arc<CachedResponse>) -> BoxFuture<'static, ()> {
        let bytes = entry.encode(&key);
        let path = self.file_for(&key);
        let evicted = {
            let mut index = self.index();
            index.forget(&key);
            for tag in &entry.tags {
                index.tagged.entry(tag.clone()).or_default().insert(key.clone());
            }
            match index.files.push(key.clone(), path.clone()) {
                Some((old_key, old_file)) if old_key != key => {
                    index.forget(&old_key);
                    Some((old_key, old_file))
                }
                _ => None,
            }
        };
        let forget_hot = evicted.as_ref().map(|(old_key, _)| self.hot.remove(old_key));
        let hot = self.hot.put(key.clone(), entry);
        let index = self.index.clone();
        Box::pin(async move {
            hot.await;
            if let Some(forget) = forget_hot {
                forget.await;
            }
            remove_files(evicted.map(|(_, file)| file).into_iter().collect()).await;
            write_atomically(index, key, path, bytes).await;
        })
    }

    fn remove(&self, key: &str) -> BoxFuture<'static, ()> {
        let file = self.index().forget(key);
        let hot = self.hot.remove(key);
        Box::pin(async move {
            hot.await;
            remove_files(file.into_iter().collect()).await;
        })
    }

    fn remove_tagged(&self, tag: &str) -> BoxFuture<'static, ()> {
        let files: Vec<PathBuf> = {
            let mut index = self.index();
            let keys = index.tagged.remove(tag).unwrap_or_default();
            keys.iter().filter_map(|key| index.forget(key)).collect()
        };
        let hot = self.hot.remove_tagged(tag);
        Box::pin(async move {
            hot.await;
            remove_files(files).await;
        })
    }
}
