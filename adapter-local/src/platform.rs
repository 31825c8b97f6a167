//! The local platform: process environment, tokio tasks for after-response work, and the outbound
//! client (see [`FetchClient`](crate::fetch_client::FetchClient)) for fetch.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use routeway::{Body, BoxError, BoxFuture, Platform, Response};
use tokio_util::task::TaskTracker;

use crate::fetch_client::FetchClient;

/// The platform behind requests served by the local server.
///
/// ```
/// use routeway::Platform;
/// let platform = routeway_local::LocalPlatform::new().with_env("UPSTREAM_URL", "http://127.0.0.1:9");
/// assert_eq!(platform.env("UPSTREAM_URL").as_deref(), Some("http://127.0.0.1:9"));
/// ```
#[derive(Clone)]
pub struct LocalPlatform {
    env: Arc<HashMap<String, String>>,
    client: FetchClient,
    background: TaskTracker,
}

impl std::fmt::Debug for LocalPlatform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalPlatform")
            .field("env_overrides", &self.env.len())
            .finish()
    }
}

impl Default for LocalPlatform {
    fn default() -> Self {
        Self::new()
    }
}

impl LocalPlatform {
    /// Reads the process environment; fetches over HTTP with the `fetch` feature and over HTTPS
    /// (webpki roots) with `https`, both on by default. The client and its TLS roots are set up on the
    /// first fetch, so starting (a Lambda cold start) does not pay for them.
    pub fn new() -> Self {
        Self {
            env: Arc::new(HashMap::new()),
            client: FetchClient::default(),
            background: TaskTracker::new(),
        }
    }

    /// Waits, at most `limit`, for the work handed to `wait_until` (cache writes, regenerations,
    /// handlers' after-response work) to finish: what the server does on shutdown. `false` when
    /// some was still running at the limit.
    pub async fn finish_background_work(&self, limit: Duration) -> bool {
        self.background.close();
        let finished = tokio::time::timeout(limit, self.background.wait()).await.is_ok();
        self.background.reopen();
        finished
    }

    /// Overrides one environment variable for handlers (tests, `.env`-style setups).
    pub fn with_env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.env).insert(name.into(), value.into());
        self
    }
}

impl Platform for LocalPlatform {
    fn name(&self) -> &'static str {
        "local"
    }

    fn env(&self, name: &str) -> Option<String> {
        self.env.get(name).cloned().or_else(|| std::env::var(name).ok())
    }

    fn wait_until(&self, work: BoxFuture<'static, ()>) {
        self.background.spawn(work);
    }

    fn fetch(&self, request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
        self.client.send(request)
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}
