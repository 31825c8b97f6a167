//! The Lambda platform: process environment, the native outbound client, and `wait_until` work
//! collected per invocation and run before the invocation ends.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures_util::FutureExt;

use routeway::{Body, BoxError, BoxFuture, Platform, Response};
use routeway_local::LocalPlatform;

/// The longest `wait_until` work may hold an invocation open after its response.
pub const AFTER_RESPONSE_LIMIT: Duration = Duration::from_secs(10);

/// What the invocation keeps for itself before its deadline: time to hand the response to Lambda.
const DEADLINE_MARGIN: Duration = Duration::from_secs(1);

/// The platform behind one Lambda invocation.
#[derive(Clone)]
pub struct LambdaPlatform {
    native: LocalPlatform,
    pending: Arc<Mutex<Vec<BoxFuture<'static, ()>>>>,
    deadline: Option<SystemTime>,
}

impl std::fmt::Debug for LambdaPlatform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LambdaPlatform").finish_non_exhaustive()
    }
}

impl LambdaPlatform {
    /// A platform for one invocation, fetching and sleeping with `native`; `deadline` is the
    /// invocation's, when Lambda gave one.
    pub fn new(native: LocalPlatform, deadline: Option<SystemTime>) -> Self {
        Self {
            native,
            pending: Arc::default(),
            deadline,
        }
    }

    /// Runs the work handed to `wait_until` so far (and any it hands on), to completion, for at most
    /// [`AFTER_RESPONSE_LIMIT`] and never past a second before the invocation's deadline: the
    /// response is waiting, and a hung piece of work must not turn it into a timeout. Work still
    /// running then is dropped with a warning; work that panics is logged, and the rest goes on.
    pub async fn run_pending(&self) {
        let limit = self.deadline.map_or(AFTER_RESPONSE_LIMIT, |deadline| {
            let left = deadline.duration_since(SystemTime::now()).unwrap_or_default();
            left.saturating_sub(DEADLINE_MARGIN).min(AFTER_RESPONSE_LIMIT)
        });
        let all = async {
            loop {
                let work: Vec<_> = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
                if work.is_empty() {
                    return;
                }
                futures_util::future::join_all(work.into_iter().map(|work| async move {
                    if AssertUnwindSafe(work).catch_unwind().await.is_err() {
                        tracing::error!("wait_until work panicked; the response was not affected");
                    }
                }))
                .await;
            }
        };
        if tokio::time::timeout(limit, all).await.is_err() {
            tracing::warn!(
                "wait_until work was still running {limit:?} after the response; it was dropped so the \
                 invocation could return (give fetches a timeout)"
            );
        }
    }
}

impl Platform for LambdaPlatform {
    fn name(&self) -> &'static str {
        "lambda"
    }

    fn env(&self, name: &str) -> Option<String> {
        self.native.env(name)
    }

    fn wait_until(&self, work: BoxFuture<'static, ()>) {
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).push(work);
    }

    fn fetch(&self, request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
        self.native.fetch(request)
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.native.sleep(duration)
    }
}
