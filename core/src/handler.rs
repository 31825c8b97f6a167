//! How an `async fn` becomes a handler, and how its signature says whether it reads the request.

use std::future::Future;
use std::sync::Arc;

use crate::extract::FromRequest;
use crate::maybe_send::{BoxFuture, MaybeSend};
use crate::request::Request;
use crate::response::{IntoResponse, Response};

/// An async function usable as a route handler: `pub async fn GET(...)` with up to six arguments that
/// implement [`FromRequest`], returning anything that implements [`IntoResponse`].
///
/// At most one argument reads the body, and `Request` comes at most once (it is extracted last, so
/// it sits well beside `Json<T>` for the headers); a signature breaking either rule fails to compile:
///
/// ```
/// # use routeway::{Json, Request, Route};
/// async fn create(req: Request, Json(name): Json<String>) -> String {
///     format!("{name} from {:?}", req.headers().get("user-agent"))
/// }
/// let _ = Route::new().post(create);
/// ```
///
/// ```compile_fail
/// # use routeway::{Json, Request, Route};
/// async fn create(Json(name): Json<String>, text: String) -> String {
///     format!("{name} {text}")
/// }
/// let _ = Route::new().post(create); // error: the body is read once
/// ```
///
/// ```
/// use routeway::{Handler, Request, Context};
/// async fn static_get() -> &'static str { "hello" }
/// async fn dynamic_get(req: Request) -> String { req.path().to_owned() }
/// async fn with_params(ctx: Context) -> String { format!("{:?}", ctx.params) }
/// fn reads<T, H: Handler<T>>(_: H) -> bool { H::READS_REQUEST }
/// assert!(!reads(static_get));
/// assert!(reads(dynamic_get));
/// assert!(!reads(with_params));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a routeway handler",
    label = "not a handler",
    note = "a handler is an `async fn` with up to six arguments among `Request`, `Context<P>`, `Cookies`, `Headers`, `Query<T>`, `Json<T>`, `Form<T>`, `FormData`, `Bytes` and `String` (or types implementing `routeway::FromRequest`)",
    note = "it returns a type implementing `routeway::IntoResponse`: `Response`, `Json<T>`, `String`, `&'static str`, `StatusCode`, `(StatusCode, T)`, `Redirect`, `NotFound`, or `Result<T, E>` of those with an error such as `routeway::Error`"
)]
pub trait Handler<T>: Clone + Send + Sync + Sized + 'static {
    /// Whether any argument reads the incoming request (request, headers, cookies, query or body).
    const READS_REQUEST: bool;

    /// Runs the handler.
    fn call(self, request: Request) -> impl Future<Output = Response> + MaybeSend;
}

/// Whether `handler` reads the request, usable in `const` items: the generated route table asserts
/// `dynamic = "error"` routes with it at compile time.
pub const fn reads_request<T, H: Handler<T>>(_handler: &H) -> bool {
    H::READS_REQUEST
}

impl<F, Fut, R> Handler<()> for F
where
    F: FnOnce() -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = R> + MaybeSend,
    R: IntoResponse,
{
    const READS_REQUEST: bool = false;

    #[allow(clippy::manual_async_fn)]
    fn call(self, _request: Request) -> impl Future<Output = Response> + MaybeSend {
        async move { self().await.into_response() }
    }
}

macro_rules! impl_handler {
    ($($arg:ident),+) => {
        impl<F, Fut, R, $($arg,)+> Handler<($($arg,)+)> for F
        where
            F: FnOnce($($arg),+) -> Fut + Clone + Send + Sync + 'static,
            Fut: Future<Output = R> + MaybeSend,
            R: IntoResponse,
            $($arg: FromRequest + MaybeSend,)+
        {
            // Evaluated when the handler is registered, so a signature that cannot work fails to compile.
            const READS_REQUEST: bool = {
                assert!(0 $(+ $arg::TAKES_BODY as usize)+ <= 1, "{}", TWO_BODIES);
                assert!(0 $(+ $arg::TAKES_REQUEST as usize)+ <= 1, "{}", TWO_REQUESTS);
                false $(|| $arg::READS_REQUEST)+
            };

            #[allow(non_snake_case, clippy::manual_async_fn)]
            fn call(self, mut request: Request) -> impl Future<Output = Response> + MaybeSend {
                async move {
                    // Every argument but `Request` first, in order; then `Request`, with what is left.
                    $(
                        let $arg = if $arg::TAKES_REQUEST {
                            None
                        } else {
                            match $arg::from_request(&mut request).await {
                                Ok(value) => Some(value),
                                Err(rejection) => return rejection.into_response(),
                            }
                        };
                    )+
                    $(
                        let $arg = match $arg {
                            Some(value) => value,
                            None => match $arg::from_request(&mut request).await {
                                Ok(value) => value,
                                Err(rejection) => return rejection.into_response(),
                            },
                        };
                    )+
                    self($($arg),+).await.into_response()
                }
            }
        }
    };
}

const TWO_BODIES: &str = "a routeway handler reads the request body once: take at most one of `Json<T>`, `Form<T>`, \
     `FormData`, `Bytes` and `String` as arguments";
const TWO_REQUESTS: &str = "a routeway handler takes `Request` once: drop the second `Request` argument";

impl_handler!(T1);
impl_handler!(T1, T2);
impl_handler!(T1, T2, T3);
impl_handler!(T1, T2, T3, T4);
impl_handler!(T1, T2, T3, T4, T5);
impl_handler!(T1, T2, T3, T4, T5, T6);

/// A handler with its argument types erased, as stored in the route table.
#[derive(Clone)]
pub struct BoxedHandler {
    call: Arc<dyn Fn(Request) -> BoxFuture<'static, Response> + Send + Sync>,
    reads_request: bool,
}

impl BoxedHandler {
    /// Erases `handler`'s argument types.
    pub fn new<T: 'static, H: Handler<T>>(handler: H) -> Self {
        Self {
            call: Arc::new(move |request| Box::pin(handler.clone().call(request))),
            reads_request: H::READS_REQUEST,
        }
    }

    /// Runs the handler.
    pub fn call(&self, request: Request) -> BoxFuture<'static, Response> {
        (self.call)(request)
    }

    /// Whether the handler reads the request.
    pub fn reads_request(&self) -> bool {
        self.reads_request
    }
}

impl std::fmt::Debug for BoxedHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoxedHandler")
            .field("reads_request", &self.reads_request)
            .finish()
    }
}
