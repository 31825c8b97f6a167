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
            const READS_REQUEST: bool = false $(|| $arg::READS_REQUEST)+;

            #[allow(non_snake_case, clippy::manual_async_fn)]
            fn call(self, mut request: Request) -> impl Future<Output = Response> + MaybeSend {
                async move {
                    $(
                        let $arg = match $arg::from_request(&mut request).await {
                            Ok(value) => value,
                            Err(rejection) => return rejection.into_response(),
                        };
                    )+
                    self($($arg),+).await.into_response()
                }
            }
        }
    };
}

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
