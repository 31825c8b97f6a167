//! [`App`]: the route table plus `handle(request) -> response`, the whole contract every adapter uses.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::future::{self, Either};
use futures_util::FutureExt;
use http::{header, HeaderValue, StatusCode};

use crate::cache::{dynamic_answer, serve_cached, CacheHandle, CachePolicy, CacheStore, CachedCall, Job};
use crate::error::{HandlerFailure, Rejection};
use crate::maybe_send::{BoxFuture, MaybeSend};
use crate::request::{declared_body_too_large, Request, RequestContext};
use crate::response::{empty, IntoResponse, Response};
use crate::route::Route;
use crate::router::{RouteError, RouteMethod, RoutePattern, RouteTable};
use crate::Body;

/// An application: routes by URL, each with its handlers by method.
///
/// ```
/// use routeway::{App, Body, Route};
/// async fn hello() -> &'static str { "hello" }
/// let app = App::new().route("/api/hello", Route::new().get(hello));
/// let request = http::Request::get("/api/hello").body(Body::empty()).unwrap();
/// let response = futures_executor::block_on(app.handle(request));
/// assert_eq!(response.status(), 200);
/// ```
#[derive(Debug, Clone, Default)]
pub struct App {
    table: Arc<RouteTable<Route>>,
    cache: CacheHandle,
}

/// One row of the route table, for printing and inspection.
#[derive(Debug)]
pub struct RouteInfo<'a> {
    /// The URL pattern, e.g. `/items/[slug]`.
    pub pattern: &'a RoutePattern,
    /// Where the route came from: its file, or the pattern for programmatic routes.
    pub source: &'a str,
    /// The route.
    pub route: &'a Route,
}

impl App {
    /// An app with no routes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a route at `pattern` (`/items/[slug]`, `/docs/[...path]`, `/shop/[[...slug]]`).
    ///
    /// # Panics
    /// When the route conflicts with an earlier one or the pattern is malformed; use
    /// [`App::try_route`] to handle that as an error.
    #[track_caller]
    pub fn route(self, pattern: &str, route: Route) -> Self {
        match self.try_route(pattern, pattern, route) {
            Ok(app) => app,
            Err(error) => panic!("{error}"),
        }
    }

    /// Adds a route; `source` (the route file) names it in errors and in the printed table.
    pub fn try_route(mut self, pattern: &str, source: &str, route: Route) -> Result<Self, RouteError> {
        if route.exported().iter().next().is_none() {
            return Err(RouteError::new(format!(
                "{source}: the route exports no handler; export at least one of \
                 `pub async fn GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD` or `OPTIONS`"
            )));
        }
        Arc::make_mut(&mut self.table).insert(pattern, source, route)?;
        Ok(self)
    }

    /// Uses `cache` for the responses of static and ISR routes (default: an in-memory LRU of 1024
    /// responses, build id `dev`).
    pub fn with_cache(mut self, cache: CacheHandle) -> Self {
        self.cache = cache;
        self
    }

    /// Keeps the current store and starts every cache key with `build_id`, so a new deployment
    /// starts clean (the generated `app()` passes one per build).
    pub fn with_build_id(self, build_id: &str) -> Self {
        let store = self.cache.store().clone();
        self.with_cache(CacheHandle::new(store, build_id))
    }

    /// Keeps the build id and stores cached responses and data entries in `store` (a file store
    /// locally, a shared store on Lambda).
    pub fn with_cache_store(self, store: Arc<dyn CacheStore>) -> Self {
        let build_id = self.cache.build_id().to_owned();
        self.with_cache(CacheHandle::new(store, &build_id))
    }

    /// The app's response cache.
    pub fn cache(&self) -> &CacheHandle {
        &self.cache
    }

    /// The routes, in registration order.
    pub fn routes(&self) -> impl Iterator<Item = RouteInfo<'_>> {
        self.table
            .iter()
            .map(|(pattern, source, route)| RouteInfo { pattern, source, route })
    }

    /// The route table as printed at startup: kind (○ static, ◐ ISR, ƒ dynamic), path, methods, runtime
    /// and config.
    pub fn route_table(&self) -> String {
        let mut rows: Vec<_> = self.routes().collect();
        rows.sort_by_key(|row| row.pattern.to_string());
        let width = rows.iter().map(|row| row.pattern.to_string().len()).max().unwrap_or(0);
        let methods_width = rows
            .iter()
            .map(|row| row.route.exported().to_string().len())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for row in rows {
            let config = row.route.route_config();
            let kind = match row.route.cache_policy() {
                None => "ƒ".to_owned(),
                Some(CachePolicy::Revalidate(seconds)) => format!("◐ {seconds}s"),
                Some(CachePolicy::Static) => "○".to_owned(),
            };
            let line = format!(
                "{kind:<6} {:<width$}  {:<methods_width$}  {:<6}  {}",
                row.pattern.to_string(),
                row.route.exported().to_string(),
                config.runtime.as_str(),
                config,
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push_str("○ static  ◐ ISR (revalidate)  ƒ dynamic\n");
        out
    }

    /// Answers one request: routing (`404`), method rules (`400`, `405` with `Allow`, automatic `HEAD`
    /// and `OPTIONS`), the handler, and `500` for a handler error or panic. The adapter's
    /// [`RequestContext`] is taken from the request's extensions when one is there.
    pub fn handle(&self, mut request: http::Request<Body>) -> impl Future<Output = Response> + MaybeSend + 'static {
        let context = request.extensions_mut().remove::<RequestContext>().unwrap_or_default();
        self.handle_with(request, context)
    }

    /// [`App::handle`] with the adapter's per-request facts passed directly.
    ///
    /// Routing and the method rules run before the first poll; the future holds only the boxed
    /// handler future and what is needed to finish the response, so it stays small to move, and it
    /// borrows nothing from the app.
    pub fn handle_with(
        &self,
        request: http::Request<Body>,
        context: RequestContext,
    ) -> impl Future<Output = Response> + MaybeSend + 'static {
        // One future per outcome, not an `async` block matching on it: that block would carry the
        // whole outcome beside the future it awaits, and adapters move the result on every request.
        match self.dispatch(request, context) {
            Dispatched::Answered(response) => Either::Left(future::ready(response)),
            // Boxed: the cache path's future is large, and every request's future would carry its size.
            Dispatched::Cached(cache, call) => Either::Right(Either::Left(Box::pin(serve_cached(cache, call)))),
            Dispatched::Handler(call) => Either::Right(Either::Right(async move {
                let response = run_handler(call.future, &*call.pattern, call.method).await;
                dynamic_answer(response, call.strip_body)
            })),
        }
    }

    /// Routing and method rules: either the answer, or the handler's future to run. Repeated request
    /// headers are joined first, as every platform's Fetch-style request has them.
    fn dispatch(&self, mut request: http::Request<Body>, context: RequestContext) -> Dispatched {
        if let Some(problem) = context.malformed() {
            return Dispatched::Answered(bad_request(&problem));
        }
        crate::repeated_headers::join(request.headers_mut());
        let found = match self.table.lookup(request.uri().path()) {
            Ok(Some(found)) => found,
            Ok(None) => return Dispatched::Answered(empty(StatusCode::NOT_FOUND)),
            Err(invalid) => return Dispatched::Answered(bad_request(&invalid)),
        };
        let route = found.value;
        if !route.serves_params(&found.params) {
            return Dispatched::Answered(empty(StatusCode::NOT_FOUND));
        }
        let Some(method) = RouteMethod::from_http(request.method()) else {
            return Dispatched::Answered(empty(StatusCode::BAD_REQUEST));
        };
        let (handler, strip_body) = match (route.handler(method), method) {
            (Some(handler), _) => (handler, false),
            (None, RouteMethod::Head) if route.handler(RouteMethod::Get).is_some() => {
                (route.handler(RouteMethod::Get).expect("checked above"), true)
            }
            (None, RouteMethod::Options) => return Dispatched::Answered(with_allow(StatusCode::NO_CONTENT, route)),
            (None, _) => return Dispatched::Answered(with_allow(StatusCode::METHOD_NOT_ALLOWED, route)),
        };
        // A body known to be empty cannot be too large, whatever it declares: no header lookup.
        if !http_body::Body::is_end_stream(request.body()) {
            if let Some(rejection) = declared_body_too_large(request.headers(), context.body_limit()) {
                return Dispatched::Answered(rejection.into_response());
            }
        }
        let context = context
            .with_cache(self.cache.clone())
            .with_fetch_cache(route.route_config().fetch_cache);
        let cached_method = method == RouteMethod::Get || (method == RouteMethod::Head && strip_body);
        if let Some(policy) = cached_method.then(|| route.cache_policy()).flatten() {
            let key = self.cache.key(request.uri().path());
            return Dispatched::Cached(
                self.cache.clone(),
                CachedCall {
                    job: Job {
                        path_at: self.cache.path_offset(),
                        key,
                        handler: handler.clone(),
                        params: found.params,
                        context,
                        on_no_store: route.on_no_store(),
                    },
                    policy,
                    pattern: found.pattern.clone(),
                    head: strip_body,
                },
            );
        }
        let (parts, body) = request.into_parts();
        let request = Request::from_parts(parts, body, context, found.params);
        Dispatched::Handler(HandlerCall {
            future: handler.call(request),
            pattern: found.pattern.clone(),
            method,
            strip_body,
        })
    }
}

/// The outcome of routing a request.
enum Dispatched {
    /// Answered without a handler (404, 400, 405, automatic OPTIONS, 413).
    Answered(Response),
    /// A static or ISR route's `GET`, answered through the cache.
    Cached(CacheHandle, CachedCall),
    /// The handler to run.
    Handler(HandlerCall),
}

struct HandlerCall {
    future: BoxFuture<'static, Response>,
    pattern: Arc<RoutePattern>,
    method: RouteMethod,
    strip_body: bool,
}

/// What adapters say at startup when a panicking handler cannot be answered: a native build with
/// `panic = "abort"` ends the process instead of answering `500` (`cargo lambda build` picks abort
/// unless the profile names a strategy). `None` otherwise, and on wasm32, where the Workers adapter
/// answers a panic on its own.
pub fn panic_abort_warning() -> Option<&'static str> {
    (cfg!(panic = "abort") && !cfg!(target_arch = "wasm32")).then_some(
        "this binary was built with `panic = \"abort\"`: a panicking handler ends the process instead \
         of answering 500. Add `[profile.release]` with `panic = \"unwind\"` to the workspace's Cargo.toml",
    )
}

/// Runs a handler's future: a panic becomes a logged `500`, a handler error is logged with the route,
/// and a panic in a streamed body later fails the stream (see [`Body::catching_panics`]).
pub(crate) async fn run_handler(
    future: BoxFuture<'static, Response>,
    pattern: &(dyn std::fmt::Display + Sync),
    method: RouteMethod,
) -> Response {
    let mut response = match AssertUnwindSafe(future).catch_unwind().await {
        Ok(response) => response,
        Err(panic) => {
            tracing::error!(route = %pattern, method = method.as_str(), "handler panicked: {}", crate::body::panic_message(&*panic));
            empty(StatusCode::INTERNAL_SERVER_ERROR)
        }
    };
    if let Some(failure) = response.extensions().get::<HandlerFailure>() {
        tracing::error!(route = %pattern, method = method.as_str(), "handler error: {}", failure.message);
    }
    let body = std::mem::take(response.body_mut());
    *response.body_mut() = body.catching_panics();
    response
}

/// `400` with what is wrong: a path that is not UTF-8 once decoded, a request the adapter found
/// malformed.
fn bad_request(problem: &dyn std::fmt::Display) -> Response {
    Rejection::new(StatusCode::BAD_REQUEST, format!("Bad request: {problem}\n")).into_response()
}

fn with_allow(status: StatusCode, route: &Route) -> Response {
    let mut response = empty(status);
    response
        .headers_mut()
        .insert(header::ALLOW, route.allow().to_header_value());
    response
}

/// A `HEAD` answer from a `GET` one: no body, the `Content-Length` the body would have had.
pub(crate) fn strip_for_head(response: &mut Response) {
    if let Some(length) = response.body().exact_len() {
        response
            .headers_mut()
            .entry(header::CONTENT_LENGTH)
            .or_insert_with(|| HeaderValue::from(length));
    }
    *response.body_mut() = Body::empty();
}
