//! What an adapter knows about a request beyond HTTP: the platform door, the client's address and
//! the body limit in force.

use std::net::SocketAddr;

use super::DEFAULT_BODY_LIMIT;
use crate::cache::CacheHandle;
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
        }
    }

    /// Sets the client's address.
    pub fn with_client_addr(mut self, addr: SocketAddr) -> Self {
        self.client_addr = Some(addr);
        self
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
