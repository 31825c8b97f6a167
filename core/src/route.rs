//! A route: the handlers one route file exports, by method, and its segment config.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::cache::OnNoStore;
use crate::config::{Dynamic, RouteConfig};
use crate::handler::{BoxedHandler, Handler};
use crate::request::Params;
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
#[derive(Debug, Default)]
pub struct Route {
    handlers: [Option<BoxedHandler>; 7],
    config: RouteConfig,
    static_params: Option<Arc<[Value]>>,
    /// Set once its cached `GET` made a `no-store` fetch: from then on it is served as dynamic.
    rendered_dynamic: Arc<AtomicBool>,
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

/// A clone starts out cached again: the flag a `no-store` fetch sets belongs to one registration.
impl Clone for Route {
    fn clone(&self) -> Self {
        Self {
            handlers: self.handlers.clone(),
            config: self.config,
            static_params: self.static_params.clone(),
            rendered_dynamic: Arc::default(),
        }
    }
}

impl Route {
    /// A route with no handlers and Next's default config.
    pub fn new() -> Self {
        Self {
            handlers: Default::default(),
            config: RouteConfig::new(),
            static_params: None,
            rendered_dynamic: Arc::default(),
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

    /// The params that exist (Next's `generateStaticParams`): with `dynamic_params = false` in the
    /// config, any other params answer 404. Each entry serialises to a map from param name to its
    /// value, a list for catch-alls; numbers count as their text.
    ///
    /// ```
    /// use routeway::{config::RouteConfig, Route};
    /// #[derive(serde::Serialize)]
    /// struct Slug { slug: &'static str }
    /// async fn show() -> &'static str { "ok" }
    /// let route = Route::new()
    ///     .get(show)
    ///     .config(RouteConfig::new().dynamic_params(false))
    ///     .static_params([Slug { slug: "first" }, Slug { slug: "second" }]);
    /// let first = routeway::Params::from_iter([("slug".to_string(), routeway::ParamValue::One("first".into()))]);
    /// assert!(route.serves_params(&first));
    /// assert!(!route.serves_params(&routeway::Params::default()));
    /// ```
    ///
    /// # Panics
    /// When an entry does not serialise to a map: it is a startup error, like a wrong route file.
    pub fn static_params<I: IntoIterator<Item = T>, T: Serialize>(mut self, params: I) -> Self {
        let listed = params
            .into_iter()
            .map(|entry| match serde_json::to_value(entry).map(normalize_params) {
                Ok(map @ Value::Object(_)) => map,
                Ok(other) => panic!("static_params entries must serialise to a map of params, got {other}"),
                Err(error) => panic!("static_params entry does not serialise: {error}"),
            })
            .collect();
        self.static_params = Some(listed);
        self
    }

    /// Whether the route answers for `params`: always with `dynamic_params = true` (the default),
    /// else only for params listed by [`Route::static_params`] (a route without params and without
    /// a list answers).
    pub fn serves_params(&self, params: &Params) -> bool {
        if self.config.dynamic_params {
            return true;
        }
        let Some(listed) = &self.static_params else {
            // A path without params has nothing to list (Next ignores the setting there).
            return params.is_empty();
        };
        let Ok(params) = serde_json::to_value(params) else {
            return false;
        };
        listed.contains(&params)
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
    /// without `force-static`, `force-dynamic`, `revalidate = 0`, or it made a `no-store` fetch).
    pub fn cache_policy(&self) -> Option<crate::cache::CachePolicy> {
        if self.rendered_dynamic.load(Ordering::Relaxed) {
            return None;
        }
        let get = self.handler(RouteMethod::Get)?;
        crate::cache::CachePolicy::for_route(&self.config, get.reads_request())
    }

    /// What a `no-store` fetch in its cached `GET` does to the route, by its `dynamic` config.
    pub(crate) fn on_no_store(&self) -> OnNoStore {
        match self.config.dynamic {
            Dynamic::ForceStatic => OnNoStore::Keep,
            Dynamic::Error => OnNoStore::Refuse,
            Dynamic::Auto | Dynamic::ForceDynamic => OnNoStore::TurnDynamic(self.rendered_dynamic.clone()),
        }
    }

    /// Whether the route's `GET` is served from the cache (static or ISR).
    pub fn is_static(&self) -> bool {
        self.cache_policy().is_some()
    }
}

/// Numbers become their text, so `{"id": 1}` lists the URL `/items/1`; a `None` (an optional
/// catch-all that matched nothing) is absent, as in [`Params`].
fn normalize_params(value: Value) -> Value {
    match value {
        Value::Number(number) => Value::String(number.to_string()),
        Value::Array(items) => Value::Array(items.into_iter().map(normalize_params).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(name, value)| (name, normalize_params(value)))
                .collect(),
        ),
        other => other,
    }
}
