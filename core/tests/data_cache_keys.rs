//! Data-cache keys: an outbound fetch is keyed by its URL as sent, never read as a page path. URLs
//! that a page path's canonical spelling would merge (`+` and `%2B` in a query) keep their own
//! entries, and every key they get is a data key, which the Workers store sorts entries by.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use routeway::cache::{is_data_key, CacheStore, CachedResponse, MemoryStore};
use routeway::request::RequestContext;
use routeway::{App, Body, BoxError, BoxFuture, Error, Platform, PlatformHandle, Request, Response, Route};

/// A memory store that remembers every key written to it.
struct Recording {
    entries: MemoryStore,
    keys: Mutex<Vec<String>>,
}

impl Recording {
    fn new() -> Self {
        Self {
            entries: MemoryStore::new(64),
            keys: Mutex::default(),
        }
    }
}

impl CacheStore for Recording {
    fn get(&self, key: &str) -> BoxFuture<'static, Option<Arc<CachedResponse>>> {
        self.entries.get(key)
    }
    fn put(&self, key: String, entry: Arc<CachedResponse>) -> BoxFuture<'static, ()> {
        self.keys.lock().unwrap().push(key.clone());
        self.entries.put(key, entry)
    }
    fn remove(&self, key: &str) -> BoxFuture<'static, ()> {
        self.entries.remove(key)
    }
    fn remove_tagged(&self, tag: &str) -> BoxFuture<'static, ()> {
        self.entries.remove_tagged(tag)
    }
}

/// A platform whose `fetch` answers with the URL it was asked for, counting the calls, and whose
/// `wait_until` work (the cache writes) runs when the test says.
#[derive(Clone, Default)]
struct Echo {
    fetches: Arc<AtomicU32>,
    pending: Arc<Mutex<Vec<BoxFuture<'static, ()>>>>,
}

impl Echo {
    fn run_pending(&self) {
        let work: Vec<_> = std::mem::take(&mut *self.pending.lock().unwrap());
        for future in work {
            futures_executor::block_on(future);
        }
    }
}

impl Platform for Echo {
    fn name(&self) -> &'static str {
        "test"
    }
    fn env(&self, _name: &str) -> Option<String> {
        None
    }
    fn wait_until(&self, work: BoxFuture<'static, ()>) {
        self.pending.lock().unwrap().push(work);
    }
    fn fetch(&self, request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        let url = request.uri().to_string();
        Box::pin(async move { Ok(Response::new(Body::from(url))) })
    }
    fn sleep(&self, _duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

/// `/proxy?url=U`: fetches `U` through the data cache (kept 60 s) and answers what came back.
async fn proxy(req: Request) -> Result<String, Error> {
    let url = req.search_params().get("url").unwrap_or_default().to_owned();
    let answer = req.fetch(url).revalidate(60).await?;
    Ok(answer.into_body().text().await?)
}

fn get(app: &App, platform: &Echo, query: &str) -> String {
    let mut request = http::Request::get(format!("/proxy?url={query}"))
        .body(Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(RequestContext::new(PlatformHandle::new(platform.clone())));
    let response = futures_executor::block_on(app.handle(request));
    let body = futures_executor::block_on(response.into_body().text()).unwrap();
    platform.run_pending();
    body
}

#[test]
fn fetches_whose_urls_differ_only_in_encoding_keep_their_own_entries() {
    let store = Arc::new(Recording::new());
    let app = App::new()
        .route("/proxy", Route::new().get(proxy))
        .with_cache_store(store.clone());
    let platform = Echo::default();
    // `url=https://api.example.com/items?q=a+b`, then the same with `q=a%2Bb`: a different query.
    let plus = "https%3A%2F%2Fapi.example.com%2Fitems%3Fq%3Da%2Bb";
    let encoded = "https%3A%2F%2Fapi.example.com%2Fitems%3Fq%3Da%252Bb";

    assert_eq!(get(&app, &platform, plus), "https://api.example.com/items?q=a+b");
    assert_eq!(get(&app, &platform, encoded), "https://api.example.com/items?q=a%2Bb");
    assert_eq!(
        platform.fetches.load(Ordering::SeqCst),
        2,
        "two URLs, two upstream calls"
    );
    assert_eq!(get(&app, &platform, plus), "https://api.example.com/items?q=a+b");
    assert_eq!(get(&app, &platform, encoded), "https://api.example.com/items?q=a%2Bb");
    assert_eq!(
        platform.fetches.load(Ordering::SeqCst),
        2,
        "both answered from the cache"
    );

    let keys = store.keys.lock().unwrap().clone();
    assert_eq!(keys.len(), 2, "{keys:?}");
    for key in &keys {
        assert!(is_data_key(key), "{key} is not a data key");
        assert!(
            key.contains("https://api.example.com/items?q="),
            "{key} is not the URL as sent"
        );
    }
}
