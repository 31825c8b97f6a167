//! The on-disk cache store: entries, tags and evictions survive a restart, broken files are dropped,
//! and a server restarted on the same folder answers from the cache without running the handler.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use routeway::cache::{CacheStore, CachedResponse};
use routeway::{App, Route};
use routeway_local::{DiskStore, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn entry(body: &'static str, tags: &[&str]) -> Arc<CachedResponse> {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", "text/plain".parse().unwrap());
    Arc::new(CachedResponse {
        status: StatusCode::OK,
        headers,
        body: Bytes::from_static(body.as_bytes()),
        tags: tags.iter().map(|tag| tag.to_string()).collect(),
        stored_at: routeway::time::SystemTime::now(),
        revalidate: None,
        data_keys: Vec::new(),
    })
}

async fn body_of(store: &DiskStore, key: &str) -> Option<String> {
    let entry = store.get(key).await?;
    Some(String::from_utf8(entry.body.to_vec()).unwrap())
}

#[tokio::test]
async fn entries_and_tags_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = DiskStore::open(dir.path()).unwrap();
        store.put("b:/a".into(), entry("a", &["items"])).await;
        store.put("b:/b".into(), entry("b", &["items", "other"])).await;
        store.put("b:/c".into(), entry("c", &[])).await;
        assert_eq!(body_of(&store, "b:/a").await.as_deref(), Some("a"));
    }
    let store = DiskStore::open(dir.path()).unwrap();
    assert_eq!(store.len(), 3);
    let read = store.get("b:/b").await.expect("b survives");
    assert_eq!(read.headers["content-type"], "text/plain");
    assert_eq!(read.tags, ["items", "other"]);
    store.remove_tagged("items").await;
    assert_eq!(body_of(&store, "b:/a").await, None);
    assert_eq!(body_of(&store, "b:/b").await, None);
    assert_eq!(body_of(&store, "b:/c").await.as_deref(), Some("c"));
    store.remove("b:/c").await;
    drop(store);
    let store = DiskStore::open(dir.path()).unwrap();
    assert!(store.is_empty(), "revalidated entries came back after a restart");
}

#[tokio::test]
async fn the_least_recently_used_file_goes_when_full() {
    let dir = tempfile::tempdir().unwrap();
    let store = DiskStore::open_with_capacity(dir.path(), 2).unwrap();
    store.put("k1".into(), entry("1", &[])).await;
    store.put("k2".into(), entry("2", &[])).await;
    store.put("k3".into(), entry("3", &[])).await;
    assert_eq!(store.len(), 2);
    assert_eq!(body_of(&store, "k1").await, None);
    drop(store);
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 2, "the evicted entry's file is still on disk");
    let store = DiskStore::open_with_capacity(dir.path(), 2).unwrap();
    assert_eq!(body_of(&store, "k3").await.as_deref(), Some("3"));
}

#[tokio::test]
async fn broken_files_are_removed_at_startup() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("0000000000000000.entry"), b"half an entry").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"not ours").unwrap();
    std::fs::write(dir.path().join("0000000000000001.entry.7-3.tmp"), b"cut short").unwrap();
    let store = DiskStore::open(dir.path()).unwrap();
    assert!(store.is_empty());
    assert!(!dir.path().join("0000000000000000.entry").exists());
    assert!(!dir.path().join("0000000000000001.entry.7-3.tmp").exists());
    assert!(
        dir.path().join("notes.txt").exists(),
        "a file that is not an entry was touched"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_of_one_key_leave_a_whole_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(DiskStore::open(dir.path()).unwrap());
    let bodies: [&'static str; 4] = ["short", "a much longer body than the others", "mid-size body", "x"];
    let writes: Vec<_> = (0..40)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move { store.put("k".into(), entry(bodies[n % 4], &[])).await })
        })
        .collect();
    for write in writes {
        write.await.unwrap();
    }
    drop(store);
    let store = DiskStore::open(dir.path()).unwrap();
    let body = body_of(&store, "k").await.expect("one whole entry survives");
    assert!(bodies.contains(&body.as_str()), "a torn entry: {body:?}");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "temporary files were left behind");
}

#[tokio::test]
async fn an_older_write_that_lands_late_does_not_replace_a_newer_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = DiskStore::open(dir.path()).unwrap();
    store.put("k".into(), entry("first", &[])).await;
    // A regeneration's write starts, a revalidation and a new write go through, then it lands.
    let late = store.put("k".into(), entry("stale", &[]));
    store.remove("k").await;
    store.put("k".into(), entry("fresh", &[])).await;
    late.await;
    assert_eq!(body_of(&store, "k").await.as_deref(), Some("fresh"));
    drop(store);
    let store = DiskStore::open(dir.path()).unwrap();
    assert_eq!(
        body_of(&store, "k").await.as_deref(),
        Some("fresh"),
        "the late write came back after a restart"
    );
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 1, "older versions were left on disk");
}

static RUNS: AtomicU32 = AtomicU32::new(0);

async fn counted() -> String {
    format!("run {}", RUNS.fetch_add(1, Ordering::SeqCst) + 1)
}

async fn get(server: &routeway_local::RunningServer, path: &str) -> String {
    let mut stream = TcpStream::connect(server.address()).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer.to_ascii_lowercase()
}

#[tokio::test]
async fn a_restarted_server_answers_from_the_disk_cache() {
    let dir = tempfile::tempdir().unwrap();
    let start = || async {
        let store = DiskStore::open(dir.path()).unwrap();
        let app = App::new()
            .with_build_id("build-1")
            .route("/counted", Route::new().get(counted))
            .with_cache_store(Arc::new(store));
        Server::new(app).port(0).print_routes(false).start().await.unwrap()
    };
    let server = start().await;
    let first = get(&server, "/counted").await;
    assert!(
        first.contains("x-routeway-cache: miss") && first.ends_with("run 1"),
        "{first}"
    );
    let second = get(&server, "/counted").await;
    assert!(
        second.contains("x-routeway-cache: hit") && second.ends_with("run 1"),
        "{second}"
    );
    server.stop().await;

    let server = start().await;
    let after_restart = get(&server, "/counted").await;
    assert!(
        after_restart.contains("x-routeway-cache: hit") && after_restart.ends_with("run 1"),
        "{after_restart}"
    );
    assert_eq!(
        RUNS.load(Ordering::SeqCst),
        1,
        "the handler ran again after the restart"
    );
    server.stop().await;
}
