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

    /// A file name of its own for this write of `key`: the key's hash (for a person reading the
    /// folder; the key itself is inside), then the process and write number. Two writes of one key
    /// never share a file, so an older write that lands late cannot overwrite a newer one.
    fn new_file_for(&self, key: &str) -> PathBuf {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.dir.join(format!(
            "{:016x}.{}-{write}.{EXTENSION}",
            hasher.finish(),
            std::process::id()
        ))
    }
}

fn lock(index: &Mutex<Index>) -> MutexGuard<'_, Index> {
    index.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Numbers the writes of this process, for their file names.
static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Writes `bytes` to `path` (a name no other write uses) through a temporary file, flushed to the
/// disk before a rename, so a reader, a crash or a power cut never leaves half an entry under an
/// entry's name (and a body cut short any other way fails to decode). Then `replaced`, the key's
/// previous file, goes; so does the new file if the key was removed or written again meanwhile: a
/// revalidated entry must not come back at the next start. A failed write is a miss.
async fn write_atomically(
    index: Arc<Mutex<Index>>,
    key: String,
    path: PathBuf,
    bytes: Vec<u8>,
    replaced: Option<PathBuf>,
) {
    let temporary = path.with_extension(format!("{EXTENSION}.tmp"));
    let written = async {
        let mut file = tokio::fs::File::create(&temporary).await?;
        tokio::io::AsyncWriteExt::write_all(&mut file, &bytes).await?;
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&temporary, &path).await
    };
    let mut stale: Vec<PathBuf> = replaced.into_iter().filter(|old| *old != path).collect();
    match written.await {
        Ok(()) => {
            if lock(&index).files.peek(&key) != Some(&path) {
                stale.push(path);
            }
        }
        Err(error) => {
            tracing::warn!("cannot write the cache entry {}: {error}", path.display());
            stale.push(temporary);
        }
    }
    remove_files(stale).await;
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
        let index = self.index.clone();
        Box::pin(async move {
            if let Some(entry) = hot.await {
                return Some(entry);
            }
            let file = file?;
            let bytes = tokio::fs::read(&file).await.ok()?;
            let entry = Arc::new(CachedResponse::decode_for(&key, &bytes)?);
            // Removed or replaced while it was read: this request may have it, memory may not.
            if lock(&index).files.peek(&key) == Some(&file) {
                warm.put(key, entry.clone()).await;
            }
            Some(entry)
        })
    }

    fn put(&self, key: String, entry: Arc<CachedResponse>) -> BoxFuture<'static, ()> {
        let bytes = entry.encode(&key);
        let path = self.new_file_for(&key);
        let (evicted, replaced) = {
            let mut index = self.index();
            let replaced = index.forget(&key);
            for tag in &entry.tags {
                index.tagged.entry(tag.clone()).or_default().insert(key.clone());
            }
            let evicted = match index.files.push(key.clone(), path.clone()) {
                Some((old_key, old_file)) if old_key != key => {
                    index.forget(&old_key);
                    Some((old_key, old_file))
                }
                _ => None,
            };
            (evicted, replaced)
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
            write_atomically(index, key, path, bytes, replaced).await;
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
