//! What an adapter knows about a request beyond HTTP: the platform door, the client's address and
//! the body limit in force, the route's `fetch_cache` mode.

use std::net::SocketAddr;
use std::sync::Arc;

use super::DEFAULT_BODY_LIMIT;
use crate::cache::{CacheHandle, Fetch, IntoFetchRequest, Render};
use crate::config::FetchCache;
use crate::platform::PlatformHandle;

/// Per-request facts from the adapter, handed to [`App::handle_with`](crate::App::handle_with) (or
/// put in the `http::Request`'s extensions for [`App::handle`](crate::App::handle)).
///
/// ```
/// use routeway::request::RequestContext;
/// let context = RequestContext::default().with_body_limit(1024);
/// assert_eq!(context.body_limit(), 1024);
/// assert_eq!(context.platform().name(), "detached");
/// ```
#[derive(Debug, Clone)]
pub struct RequestContext {
    platform: PlatformHandle,
    client_addr: Option<SocketAddr>,
    body_limit: usize,
    cache: Option<CacheHandle>,
    fetch_cache: FetchCache,
    malformed: Option<&'static str>,
    /// Set while a cached route's handler runs: what its fetches ask of the page.
    render: Option<Arc<Render>>,
}

impl Default for RequestContext {
    fn default() -> Self {
        Self::new(PlatformHandle::detached())
    }
}

impl RequestContext {
    /// A context on `platform` with the default 4 MiB body limit and no client address.
    pub fn new(platform: PlatformHandle) -> Self {
        Self {
            platform,
            client_addr: None,
            body_limit: DEFAULT_BODY_LIMIT,
            cache: None,
            fetch_cache: FetchCache::Auto,
            malformed: None,
            render: None,
        }
    }

    /// Sets the client's address.
    pub fn with_client_addr(mut self, addr: SocketAddr) -> Self {
        self.client_addr = Some(addr);
        self
    }

    /// Marks the request as one the adapter's HTTP layer parsed but must not serve (HTTP/1.1
    /// without `Host`, say); the app answers `400` with `problem`, which says what to fix, before
    /// any routing.
    ///
    /// ```
    /// use routeway::{request::RequestContext, App, Body};
    /// let request = http::Request::get("/").body(Body::empty()).unwrap();
    /// let context = RequestContext::default().with_malformed("send a `Host` header");
    /// let response = futures_executor::block_on(App::new().handle_with(request, context));
    /// assert_eq!(response.status(), 400);
    /// ```
    pub fn with_malformed(mut self, problem: &'static str) -> Self {
        self.malformed = Some(problem);
        self
    }

    /// Why the adapter found the request malformed, if it did.
    pub fn malformed(&self) -> Option<&'static str> {
        self.malformed
    }

    /// Sets the most body bytes a request may carry.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Gives handlers the app's response cache (the app does this for every request it dispatches).
    pub fn with_cache(mut self, cache: CacheHandle) -> Self {
        self.cache = Some(cache);
        self
    }

    /// The app's response cache, once the app has dispatched the request.
    pub fn cache(&self) -> Option<&CacheHandle> {
        self.cache.as_ref()
    }

    /// Sets the route's `fetch_cache` mode (the app does this for every request it dispatches).
    pub fn with_fetch_cache(mut self, mode: FetchCache) -> Self {
        self.fetch_cache = mode;
        self
    }

    /// The route's `fetch_cache` mode: how [`RequestContext::fetch`] uses the data cache.
    pub fn fetch_cache(&self) -> FetchCache {
        self.fetch_cache
    }

    /// An outbound fetch through the platform's client and the app's data cache; set `revalidate`,
    /// `tags`, `force_cache` or `no_store` on it, then `.await` it.
    pub fn fetch(&self, request: impl IntoFetchRequest) -> Fetch {
        Fetch::new(self.clone(), request)
    }

    /// Records what the fetches made under this context ask of a cached page.
    pub(crate) fn with_render(mut self, render: Arc<Render>) -> Self {
        self.render = Some(render);
        self
    }

    /// Where fetches record what they ask of the cached page being built, if one is.
    pub(crate) fn render(&self) -> Option<&Render> {
        self.render.as_deref()
    }

    /// The platform door.
    pub fn platform(&self) -> &PlatformHandle {
        &self.platform
    }

    /// The client's address, when the platform knows it.
    pub fn client_addr(&self) -> Option<SocketAddr> {
        self.client_addr
    }

    /// The body limit in force.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }
}
