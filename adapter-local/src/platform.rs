//! The local platform: process environment, tokio tasks for after-response work, a hyper client
//! for outbound fetch (HTTP, and HTTPS with the `https` feature).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use routeway::{Body, BoxError, BoxFuture, Platform, Response};
use tokio_util::task::TaskTracker;

use crate::convert::from_hyper_response;

/// HTTP and HTTPS with the `https` feature, plain HTTP without it.
#[cfg(feature = "https")]
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
#[cfg(not(feature = "https"))]
type Connector = HttpConnector;

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
    client: Arc<OnceLock<Client<Connector, Body>>>,
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
    /// Reads the process environment; fetches over HTTP and, with the `https` feature (on by default),
    /// HTTPS (webpki roots). The client and its TLS roots are set up on the first fetch, so starting
    /// (a Lambda cold start) does not pay for them.
    pub fn new() -> Self {
        Self {
            env: Arc::new(HashMap::new()),
            client: Arc::default(),
            background: TaskTracker::new(),
        }
    }

    fn client(&self) -> &Client<Connector, Body> {
        self.client.get_or_init(|| {
            #[cfg(feature = "https")]
            let connector = hyper_rustls::HttpsConnectorBuilder::new()
                .with_webpki_roots()
                .https_or_http()
                .enable_http1()
                .build();
            #[cfg(not(feature = "https"))]
            let connector = HttpConnector::new();
            Client::builder(TokioExecutor::new()).build(connector)
        })
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
        #[cfg(not(feature = "https"))]
        if request.uri().scheme() == Some(&http::uri::Scheme::HTTPS) {
            let host = request
                .uri()
                .authority()
                .map(|a| a.host().to_owned())
                .unwrap_or_default();
            return Box::pin(async move { Err(HttpsDisabled(host).into()) });
        }
        let client = self.client().clone();
        Box::pin(async move {
            let response = client.request(request).await?;
            Ok(from_hyper_response(response))
        })
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// An `https://` fetch (to this host) in a build without the `https` feature.
#[cfg(not(feature = "https"))]
#[derive(Debug)]
struct HttpsDisabled(String);

#[cfg(not(feature = "https"))]
impl std::fmt::Display for HttpsDisabled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot fetch https://{}: this build has no HTTPS client, as the `https` feature of \
             routeway-local and routeway-lambda is off (default features disabled); add \
             `features = [\"https\"]` to those dependencies",
            self.0
        )
    }
}

#[cfg(not(feature = "https"))]
impl std::error::Error for HttpsDisabled {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs in both builds: `cargo xtask test` also tests this crate without its default features.
    #[tokio::test]
    async fn an_https_fetch_without_the_https_feature_names_the_feature() {
        let request = http::Request::get("https://127.0.0.1:1/")
            .body(Body::empty())
            .expect("a request");
        let error = LocalPlatform::new()
            .fetch(request)
            .await
            .expect_err("nothing listens on port 1");
        let names_feature = error.to_string().contains("the `https` feature");
        assert_eq!(names_feature, !cfg!(feature = "https"), "{error}");
    }
}
