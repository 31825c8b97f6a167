//! The Lambda adapter's shared cache store against a real Redis: two instances (two stores, two
//! apps) agree on entries and revalidations, and an unreachable Redis degrades to the instance's
//! memory within the timeout instead of failing or hanging requests.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use routeway::cache::{CacheStore, CachedResponse};
use routeway::request::RequestContext;
use routeway::{App, Body, PlatformHandle, Route};
use routeway_lambda::RedisStore;
use routeway_local::LocalPlatform;
use routeway_tests::harness::free_port;
use routeway_tests::redis_server::RedisServer;

fn entry(body: &'static str, tags: &[&str]) -> Arc<CachedResponse> {
    Arc::new(CachedResponse {
        status: StatusCode::OK,
        headers: http::HeaderMap::new(),
        body: Bytes::from_static(body.as_bytes()),
        tags: tags.iter().map(|tag| tag.to_string()).collect(),
        stored_at: routeway::time::SystemTime::now(),
        revalidate: None,
        data_keys: Vec::new(),
    })
}

async fn body_of(store: &RedisStore, key: &str) -> Option<Bytes> {
    store.get(key).await.map(|entry| entry.body.clone())
}

#[tokio::test]
async fn two_instances_share_entries_and_revalidations() {
    let redis = RedisServer::start().await.unwrap();
    let first = RedisStore::new(&redis.url()).unwrap();
    let second = RedisStore::new(&redis.url()).unwrap();
    first.put("b:/items".into(), entry("items", &["items"])).await;
    first.put("b:/other".into(), entry("other", &[])).await;
    assert_eq!(body_of(&second, "b:/items").await.as_deref(), Some(&b"items"[..]));
    let read = second.get("b:/items").await.unwrap();
    assert_eq!(read.tags, ["items"]);

    second.remove_tagged("items").await;
    assert_eq!(
        body_of(&first, "b:/items").await,
        None,
        "a tag revalidated on one instance"
    );
    assert_eq!(body_of(&first, "b:/other").await.as_deref(), Some(&b"other"[..]));
    second.remove("b:/other").await;
    assert_eq!(
        body_of(&first, "b:/other").await,
        None,
        "a path revalidated on one instance"
    );
}

async fn get(app: &App) -> (String, String) {
    let request = http::Request::get("http://localhost/counted")
        .body(Body::empty())
        .unwrap();
    // A real platform: the MISS's write to Redis is handed to `wait_until`.
    let context = RequestContext::new(PlatformHandle::new(LocalPlatform::new()));
    let answer = app.handle_with(request, context).await;
    let cache = answer.headers()["x-routeway-cache"].to_str().unwrap().to_owned();
    (cache, answer.into_body().text().await.unwrap())
}

#[tokio::test]
async fn apps_on_two_instances_run_a_static_handler_once() {
    static RUNS: AtomicU32 = AtomicU32::new(0);
    async fn counted() -> String {
        format!("run {}", RUNS.fetch_add(1, Ordering::SeqCst) + 1)
    }
    let redis = RedisServer::start().await.unwrap();
    let instance = || {
        let store = RedisStore::new(&redis.url()).unwrap();
        App::new()
            .with_build_id("build-1")
            .route("/counted", Route::new().get(counted))
            .with_cache_store(Arc::new(store))
    };
    let (one, two) = (instance(), instance());
    assert_eq!(get(&one).await, ("MISS".to_owned(), "run 1".to_owned()));
    // The MISS's write runs after the response (`wait_until`); wait (bounded) until Redis has it.
    let probe = RedisStore::new(&redis.url()).unwrap();
    for _ in 0..100 {
        if probe.get("build-1:/counted").await.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(get(&two).await, ("HIT".to_owned(), "run 1".to_owned()));
    assert_eq!(RUNS.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_silent_redis_falls_back_to_memory_and_is_left_alone_after_a_failure() {
    // Accepts connections (the kernel's backlog) and never answers, like a server behind a
    // firewall that drops packets.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("redis://{}", silent.local_addr().unwrap());
    let store = RedisStore::new(&url).unwrap().with_timeout(Duration::from_millis(200));
    let started = std::time::Instant::now();
    store.put("k".into(), entry("kept", &["t"])).await;
    assert_eq!(body_of(&store, "k").await.as_deref(), Some(&b"kept"[..]));
    store.remove_tagged("t").await;
    assert_eq!(body_of(&store, "k").await, None);
    // Four operations: the write waits for the timeout, the reads skip Redis while it cools down,
    // and the removal between them tries it anyway (so waits for the timeout too).
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "requests waited {:?} on a silent Redis",
        started.elapsed()
    );
    drop(silent);
}

#[tokio::test]
async fn a_revalidation_reaches_redis_while_it_cools_down_after_a_failure() {
    let redis = RedisServer::start().await.unwrap();
    let writer = RedisStore::new(&redis.url()).unwrap();
    let cooling = RedisStore::new(&redis.url()).unwrap();
    writer.put("b:/items".into(), entry("items", &["items"])).await;
    writer.put("b:/other".into(), entry("other", &[])).await;
    // A failed operation: this key is the tag's set, and GET on a set is a WRONGTYPE error.
    assert_eq!(body_of(&cooling, "tag:items").await, None);
    cooling.remove("b:/other").await;
    cooling.remove_tagged("items").await;
    let probe = RedisStore::new(&redis.url()).unwrap();
    assert_eq!(body_of(&probe, "b:/other").await, None, "revalidate_path reached Redis");
    assert_eq!(body_of(&probe, "b:/items").await, None, "revalidate_tag reached Redis");
    writer.put("b:/new".into(), entry("new", &[])).await;
    assert_eq!(
        body_of(&cooling, "b:/new").await.as_deref(),
        Some(&b"new"[..]),
        "a removal that reached Redis ended the cool-down: reads go to Redis again"
    );
}

#[tokio::test]
async fn a_refused_connection_falls_back_to_memory() {
    let nothing_there = format!("redis://127.0.0.1:{}", free_port().unwrap());
    let store = RedisStore::new(&nothing_there).unwrap();
    store.put("k".into(), entry("kept", &[])).await;
    assert_eq!(body_of(&store, "k").await.as_deref(), Some(&b"kept"[..]));
}
