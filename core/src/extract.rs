//! Handler arguments: types that know how to come out of a request.
//!
//! Each extractor says whether it reads the request ([`FromRequest::READS_REQUEST`]); a handler reads
//! the request when any of its arguments does. That is how a `GET` handler's signature decides whether
//! it can be static.
//!
//! A handler reads the body once: at most one argument may take it ([`FromRequest::TAKES_BODY`]),
//! and a [`Request`] argument is extracted after the others, so `(req: Request, Json(item): Json<T>)`
//! gets the typed body and a request for the URL, headers and cookies. Breaking either rule is a
//! compile error naming the handler.

use std::future::Future;
use std::ops::Deref;

use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;

use crate::cache::{CacheHandle, Fetch, IntoFetchRequest};
use crate::error::Rejection;
use crate::maybe_send::MaybeSend;
use crate::platform::PlatformHandle;
use crate::request::{Cookies, FormData, Params, Request, RequestContext};
use crate::response::Json;

/// A handler argument.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a handler argument",
    label = "not a handler argument",
    note = "handler arguments are `Request`, `Context<P>`, `Cookies`, `Headers`, `Query<T>`, `Json<T>`, `Form<T>`, `FormData`, `Bytes` and `String`, or your own type implementing `routeway::FromRequest`"
)]
pub trait FromRequest: Sized {
    /// Whether taking this argument makes the handler depend on the incoming request.
    const READS_REQUEST: bool;

    /// Whether extracting this argument reads the request body; a handler may have one such argument.
    const TAKES_BODY: bool = false;

    /// Whether this argument takes what is left of the request (the [`Request`] itself): it is
    /// extracted after every other argument, and a handler may have one.
    const TAKES_REQUEST: bool = false;

    /// Extracts the argument; a rejection answers the request instead of the handler.
    fn from_request(request: &mut Request) -> impl Future<Output = Result<Self, Rejection>> + MaybeSend;
}

impl FromRequest for Request {
    const READS_REQUEST: bool = true;
    const TAKES_REQUEST: bool = true;

    fn from_request(request: &mut Request) -> impl Future<Output = Result<Self, Rejection>> + MaybeSend {
        std::future::ready(Ok(request.take()))
    }
}

/// The handler's second argument in Next.js: the route's params, plus the platform door.
/// Taking it does not make a handler dynamic.
///
/// ```
/// use routeway::{Context, Params};
/// #[derive(serde::Deserialize)]
/// struct Slug { slug: String }
/// pub async fn GET(ctx: Context<Slug>) -> String {
///     format!("item {}", ctx.params.slug)
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Context<P = Params> {
    /// The route's dynamic params, raw ([`Params`]) or deserialised into your type.
    pub params: P,
    pathname: String,
    context: RequestContext,
}

impl<P> Context<P> {
    /// The platform door.
    pub fn platform(&self) -> &PlatformHandle {
        self.context.platform()
    }

    /// The app's response cache (`revalidate_path`, `revalidate_tag`); `None` outside an app.
    pub fn cache(&self) -> Option<&CacheHandle> {
        self.context.cache()
    }

    /// An outbound fetch through the platform's client and the app's data cache (Next's patched
    /// `fetch`): set `revalidate`, `tags`, `force_cache` or `no_store`, then `.await` it.
    pub fn fetch(&self, request: impl IntoFetchRequest) -> Fetch {
        self.context.fetch(request)
    }

    /// An environment variable or secret.
    pub fn env(&self, name: &str) -> Option<String> {
        self.context.platform().env(name)
    }

    /// The request's path (`nextUrl.pathname`). Like the params, it is part of the route's URL, so
    /// reading it does not make a handler dynamic.
    pub fn pathname(&self) -> &str {
        &self.pathname
    }
}

/// What [`Context`] can hold as `params`: the raw [`Params`], or any type that deserialises from them.
pub trait FromParams: Sized {
    /// Builds the value from the matched params.
    fn from_params(params: &Params) -> Result<Self, Rejection>;
}

impl FromParams for Params {
    fn from_params(params: &Params) -> Result<Self, Rejection> {
        Ok(params.clone())
    }
}

impl<T: DeserializeOwned> FromParams for T {
    fn from_params(params: &Params) -> Result<Self, Rejection> {
        params.deserialize()
    }
}

impl<P: FromParams + MaybeSend> FromRequest for Context<P> {
    const READS_REQUEST: bool = false;

    fn from_request(request: &mut Request) -> impl Future<Output = Result<Self, Rejection>> + MaybeSend {
        let context = P::from_params(request.params()).map(|params| Context {
            params,
            pathname: request.path().to_owned(),
            context: request.context().clone(),
        });
        std::future::ready(context)
    }
}

impl FromRequest for Cookies {
    const READS_REQUEST: bool = true;

    fn from_request(request: &mut Request) -> impl Future<Output = Result<Self, Rejection>> + MaybeSend {
        std::future::ready(Ok(request.cookies()))
    }
}

/// The request headers (`headers()` from `next/headers`), read-only.
#[derive(Debug, Clone)]
pub struct Headers(pub HeaderMap);

impl Deref for Headers {
    type Target = HeaderMap;
    fn deref(&self) -> &HeaderMap {
        &self.0
    }
}

impl FromRequest for Headers {
    const READS_REQUEST: bool = true;

    fn from_request(request: &mut Request) -> impl Future<Output = Result<Self, Rejection>> + MaybeSend {
        std::future::ready(Ok(Headers(request.headers().clone())))
    }
}

/// The query string deserialised into `T` (`400` when it does not fit).
#[derive(Debug, Clone)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + MaybeSend> FromRequest for Query<T> {
    const READS_REQUEST: bool = true;

    fn from_request(request: &mut Request) -> impl Future<Output = Result<Self, Rejection>> + MaybeSend {
        let query = request.query().unwrap_or_default();
        std::future::ready(
            crate::request::urlencoded::deserialize(query)
                .map(Query)
                .map_err(Rejection::invalid_query),
        )
    }
}

/// `Json<T>` as an argument: the body as JSON of type `T`; `415` when the request says it is not JSON.
impl<T: DeserializeOwned + MaybeSend> FromRequest for Json<T> {
    const READS_REQUEST: bool = true;
    const TAKES_BODY: bool = true;

    async fn from_request(request: &mut Request) -> Result<Self, Rejection> {
        request.expect_json_content_type()?;
        request.json().await.map(Json)
    }
}

/// The form body (urlencoded or multipart) deserialised into `T`.
#[derive(Debug, Clone)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + MaybeSend> FromRequest for Form<T> {
    const READS_REQUEST: bool = true;
    const TAKES_BODY: bool = true;

    async fn from_request(request: &mut Request) -> Result<Self, Rejection> {
        request.form().await.map(Form)
    }
}

impl FromRequest for FormData {
    const READS_REQUEST: bool = true;
    const TAKES_BODY: bool = true;

    async fn from_request(request: &mut Request) -> Result<Self, Rejection> {
        request.form_data().await
    }
}

impl FromRequest for Bytes {
    const READS_REQUEST: bool = true;
    const TAKES_BODY: bool = true;

    async fn from_request(request: &mut Request) -> Result<Self, Rejection> {
        request.bytes().await
    }
}

impl FromRequest for String {
    const READS_REQUEST: bool = true;
    const TAKES_BODY: bool = true;

    async fn from_request(request: &mut Request) -> Result<Self, Rejection> {
        request.text().await
    }
}
