//! The response cache's rules that the shared suite cannot reach on every target: a regeneration
//! that panics keeps the last good answer, and many concurrent stale hits start one regeneration.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use routeway::config::{Revalidate, RouteConfig};
use routeway::request::RequestContext;
use routeway::{App, Body, BoxError, BoxFuture, Platform, PlatformHandle, Response, Route};

/// A platform whose `wait_until` work is collected and run by the test.
#[derive(Clone, Default)]
struct Collecting(Arc<Mutex<Vec<BoxFuture<'static, ()>>>>);

impl Collecting {
    fn run_pending(&self) -> usize {
        let work: Vec<_> = std::mem::take(&mut *self.0.lock().unwrap());
        let count = work.len();
        for future in work {
            futures_executor::block_on(future);
        }
        count
    }
}

impl Platform for Collecting {
    fn name(&self) -> &'static str {
        "test"
    }
    fn env(&self, _name: &str) -> Option<String> {
        None
    }
    fn wait_until(&self, work: BoxFuture<'static, ()>) {
        self.0.lock().unwrap().push(work);
    }
    fn fetch(&self, _request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
        Box::pin(async { Err("no fetch in this test".into()) })
    }
    fn sleep(&self, _duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

static RUNS: AtomicU32 = AtomicU32::new(0);

/// The first run answers; every later run panics.
async fn first_then_panics() -> String {
    match RUNS.fetch_add(1, Ordering::SeqCst) {
        0 => "first".to_owned(),
        _ => panic!("regeneration fails on purpose"),
    }
}

fn get(app: &App, platform: &Collecting) -> (String, String) {
    let mut request = http::Request::get("/isr").body(Body::empty()).unwrap();
    request
        .extensions_mut()
        .insert(RequestContext::new(PlatformHandle::new(platform.clone())));
    let response = futures_executor::block_on(app.handle(request));
    let status = response.headers()["x-routeway-cache"].to_str().unwrap().to_owned();
    let body = futures_executor::block_on(response.into_body().text()).unwrap();
    (status, body)
}

#[test]
fn stale_hits_regenerate_once_and_a_panicking_regeneration_keeps_the_last_good_answer() {
    let config = RouteConfig::new().revalidate(Revalidate::Seconds(1));
    let app = App::new().route("/isr", Route::new().get(first_then_panics).config(config));
    let platform = Collecting::default();

    assert_eq!(get(&app, &platform), ("MISS".into(), "first".into()));
    assert_eq!(get(&app, &platform), ("HIT".into(), "first".into()));
    std::thread::sleep(Duration::from_millis(1100));

    for _ in 0..50 {
        assert_eq!(get(&app, &platform), ("STALE".into(), "first".into()));
    }
    assert_eq!(platform.run_pending(), 1, "50 stale hits start one regeneration");
    assert_eq!(RUNS.load(Ordering::SeqCst), 2);

    assert_eq!(
        get(&app, &platform),
        ("STALE".into(), "first".into()),
        "the last good answer stays"
    );
    assert_eq!(platform.run_pending(), 1, "the next stale hit tries again");
}
