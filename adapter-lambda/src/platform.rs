//! The Lambda platform: process environment, the native outbound client, and `wait_until` work
//! collected per invocation and run before the invocation ends.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use routeway::{Body, BoxError, BoxFuture, Platform, Response};
use routeway_local::LocalPlatform;

/// The platform behind one Lambda invocation.
#[derive(Clone)]
pub struct LambdaPlatform {
    native: LocalPlatform,
    pending: Arc<Mutex<Vec<BoxFuture<'static, ()>>>>,
}

impl std::fmt::Debug for LambdaPlatform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LambdaPlatform").finish_non_exhaustive()
    }
}

impl LambdaPlatform {
    /// A platform for one invocation, fetching and sleeping with `native`.
    pub fn new(native: LocalPlatform) -> Self {
        Self {
            native,
            pending: Arc::default(),
        }
    }

    /// Runs the work handed to `wait_until` so far (and any it hands on), to completion.
    pub async fn run_pending(&self) {
        loop {
            let work: Vec<_> = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
            if work.is_empty() {
                return;
            }
            futures_util::future::join_all(work).await;
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
