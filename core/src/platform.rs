//! The one door to platform extras: environment and bindings, work after the response, outbound fetch.
//!
//! Each adapter implements [`Platform`] once and puts a [`PlatformHandle`] in every request's
//! extensions; handlers reach it through [`Context`](crate::Context) or [`Request::platform`](crate::Request::platform).
//! Tests swap it for their own implementation.

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;

use crate::maybe_send::{BoxError, BoxFuture};
use crate::{Body, Response};

/// What a deploy target offers a handler beyond the request.
///
/// Target-specific extras (Workers bindings, say) stay on the adapter's own type, reached with
/// [`PlatformHandle::downcast_ref`].
pub trait Platform: Send + Sync + Any {
    /// The target's name, as shown in logs: `local`, `lambda`, `cloudflare`, `test`.
    fn name(&self) -> &'static str;

    /// An environment variable or secret.
    fn env(&self, name: &str) -> Option<String>;

    /// Runs `work` after the response is sent (Workers' `ctx.waitUntil`, a spawned task locally).
    fn wait_until(&self, work: BoxFuture<'static, ()>);

    /// Sends an outbound HTTP request through the platform's own client.
    fn fetch(&self, request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>>;

    /// Waits `duration` with the platform's timer (tokio locally, `setTimeout` on Workers).
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// A shared handle to the request's platform.
///
/// ```
/// use routeway::PlatformHandle;
/// let platform = PlatformHandle::detached();
/// assert_eq!(platform.name(), "detached");
/// assert_eq!(platform.env("HOME"), None);
/// ```
#[derive(Clone)]
pub struct PlatformHandle(Arc<dyn Platform>);

impl PlatformHandle {
    /// Wraps a platform.
    pub fn new(platform: impl Platform) -> Self {
        Self(Arc::new(platform))
    }

    /// A platform with no environment, no outbound client and no background executor, for requests
    /// built by hand without an adapter.
    pub fn detached() -> Self {
        Self::new(Detached)
    }

    /// The target's name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// An environment variable or secret.
    pub fn env(&self, name: &str) -> Option<String> {
        self.0.env(name)
    }

    /// The adapter's own platform type, for what only that target has (Workers bindings, say);
    /// `None` on other targets.
    ///
    /// ```
    /// use routeway::PlatformHandle;
    /// struct Lambda;
    /// assert!(PlatformHandle::detached().downcast_ref::<Lambda>().is_none());
    /// ```
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        let platform: &dyn Any = &*self.0;
        platform.downcast_ref::<T>()
    }

    /// Runs `work` after the response is sent.
    pub fn wait_until(&self, work: impl std::future::Future<Output = ()> + crate::MaybeSend + 'static) {
        self.0.wait_until(Box::pin(work));
    }

    /// Polls `work` once, and runs what is left of it after the response: work that is done at
    /// once (a write to memory) ends here, and work waiting on I/O never holds the response back.
    pub(crate) fn now_or_after_response(&self, mut work: BoxFuture<'static, ()>) {
        if (&mut work).now_or_never().is_none() {
            self.0.wait_until(work);
        }
    }

    /// Sends an outbound request through the platform's client.
    pub async fn fetch(&self, request: http::Request<Body>) -> Result<Response, BoxError> {
        self.0.fetch(request).await
    }

    /// Waits `duration` with the platform's timer.
    pub async fn sleep(&self, duration: Duration) {
        self.0.sleep(duration).await;
    }

    /// `GET url` through the platform's client.
    pub async fn get(&self, url: &str) -> Result<Response, BoxError> {
        let request = http::Request::get(url).body(Body::empty())?;
        self.fetch(request).await
    }
}

impl fmt::Debug for PlatformHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PlatformHandle").field(&self.0.name()).finish()
    }
}

/// A request built without an adapter: no outbound client, no background work.
struct Detached;

impl Platform for Detached {
    fn name(&self) -> &'static str {
        "detached"
    }

    fn env(&self, _name: &str) -> Option<String> {
        None
    }

    fn wait_until(&self, _work: BoxFuture<'static, ()>) {
        tracing::warn!("wait_until called on a request with no platform: the work is dropped");
    }

    fn fetch(&self, request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
        let uri = request.uri().clone();
        Box::pin(async move { Err(format!("cannot fetch {uri}: this request has no platform client").into()) })
    }

    fn sleep(&self, _duration: Duration) -> BoxFuture<'static, ()> {
        tracing::warn!("sleep called on a request with no platform: it returns at once");
        Box::pin(std::future::ready(()))
    }
}
