//! A route: the handlers one route file exports, by method, and its segment config.

use crate::config::RouteConfig;
use crate::handler::{BoxedHandler, Handler};
use crate::router::{MethodSet, RouteMethod};

/// The handlers of one route file, by method, plus its segment config.
///
/// ```
/// use routeway::{Route, Request};
/// async fn list() -> &'static str { "[]" }
/// async fn create(req: Request) -> String { req.path().to_owned() }
/// let route = Route::new().get(list).post(create);
/// assert_eq!(route.allow().to_string(), "GET, HEAD, OPTIONS, POST");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Route {
    handlers: [Option<BoxedHandler>; 7],
    config: RouteConfig,
}

macro_rules! method_setters {
    ($($name:ident => $method:ident),+ $(,)?) => {
        impl Route {
            $(
                #[doc = concat!("Serves `", stringify!($method), "` with `handler`.")]
                pub fn $name<T: 'static, H: Handler<T>>(self, handler: H) -> Self {
                    self.on(RouteMethod::$method, handler)
                }
            )+
        }

        $(
            #[doc = concat!("A route serving `", stringify!($method), "` with `handler`.")]
            pub fn $name<T: 'static, H: Handler<T>>(handler: H) -> Route {
                Route::new().on(RouteMethod::$method, handler)
            }
        )+
    };
}

method_setters!(
    get => Get,
    post => Post,
    put => Put,
    patch => Patch,
    delete => Delete,
    head => Head,
    options => Options,
);

impl Route {
    /// A route with no handlers and Next's default config.
    pub fn new() -> Self {
        Self {
            handlers: Default::default(),
            config: RouteConfig::new(),
        }
    }

    /// Serves `method` with `handler`.
    pub fn on<T: 'static, H: Handler<T>>(mut self, method: RouteMethod, handler: H) -> Self {
        self.handlers[method.index()] = Some(BoxedHandler::new(handler));
        self
    }

    /// Sets the route's segment config.
    pub fn config(mut self, config: RouteConfig) -> Self {
        self.config = config;
        self
    }

    /// The route's segment config.
    pub fn route_config(&self) -> &RouteConfig {
        &self.config
    }

    /// The handler for `method`, if exported.
    pub fn handler(&self, method: RouteMethod) -> Option<&BoxedHandler> {
        self.handlers[method.index()].as_ref()
    }

    /// The methods the route file exports.
    pub fn exported(&self) -> MethodSet {
        RouteMethod::ALL
            .into_iter()
            .filter(|method| self.handler(*method).is_some())
            .collect()
    }

    /// The methods the route answers: exported ones, `HEAD` when `GET` is exported, `OPTIONS` always.
    pub fn allow(&self) -> MethodSet {
        let mut allow = self.exported();
        if allow.contains(RouteMethod::Get) {
            allow.insert(RouteMethod::Head);
        }
        allow.insert(RouteMethod::Options);
        allow
    }

    /// How the route's `GET` is cached, or `None` when it is dynamic (no `GET`, it reads the request
    /// without `force-static`, `force-dynamic`, or `revalidate = 0`).
    pub fn cache_policy(&self) -> Option<crate::cache::CachePolicy> {
        let get = self.handler(RouteMethod::Get)?;
        crate::cache::CachePolicy::for_route(&self.config, get.reads_request())
    }

    /// Whether the route's `GET` is served from the cache (static or ISR).
    pub fn is_static(&self) -> bool {
        self.cache_policy().is_some()
    }
}
