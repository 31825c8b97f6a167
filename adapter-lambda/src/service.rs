//! The `tower` services `lambda_http` runs: buffered, or streaming with after-response work chained
//! to the end of the body.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use lambda_http::RequestExt;
use routeway::request::{RequestContext, DEFAULT_BODY_LIMIT};
use routeway::{App, BoxError, BoxFuture, PlatformHandle};
use routeway_local::LocalPlatform;

use crate::convert::{
    client_addr, from_lambda_request, has_header_lambda_cannot_carry, into_buffered_response, HeaderCarrier,
};
use crate::platform::LambdaPlatform;

/// How responses go back to Lambda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvokeMode {
    /// The whole response at once (every event source).
    #[default]
    Buffered,
    /// Streamed chunk by chunk (function URLs or REST APIs set to stream responses).
    ResponseStream,
}

impl InvokeMode {
    /// `ROUTEWAY_LAMBDA_INVOKE_MODE`: `RESPONSE_STREAM` streams, anything else (or nothing) buffers.
    pub fn from_env() -> Self {
        match std::env::var("ROUTEWAY_LAMBDA_INVOKE_MODE").as_deref() {
            Ok("RESPONSE_STREAM") => Self::ResponseStream,
            _ => Self::Buffered,
        }
    }
}

/// A routeway app as a `lambda_http` service (buffered responses).
#[derive(Debug, Clone)]
pub struct LambdaService {
    app: App,
    native: LocalPlatform,
    body_limit: usize,
}

impl LambdaService {
    /// Serves `app` with the 4 MiB body limit (API Gateway's own limit is 10 MB, function URLs' 6 MB).
    pub fn new(app: App) -> Self {
        Self {
            app,
            native: LocalPlatform::new(),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// The most body bytes a request may carry; more answers `413`.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The same app with streamed responses.
    pub fn streaming(self) -> StreamingService {
        StreamingService(self)
    }

    /// Answers one request; `wait_until` work is left to the caller on the returned platform.
    async fn respond(&self, request: lambda_http::Request) -> (routeway::Response, LambdaPlatform) {
        // A deadline already past when the invocation starts is not a real one: `cargo lambda watch`
        // sends the timeout itself (`600000`) where Lambda sends a time.
        let deadline = request
            .lambda_context_ref()
            .map(lambda_http::Context::deadline)
            .filter(|deadline| *deadline > std::time::SystemTime::now());
        let platform = LambdaPlatform::new(self.native.clone(), deadline);
        let mut context = RequestContext::new(PlatformHandle::new(platform.clone())).with_body_limit(self.body_limit);
        if let Some(addr) = client_addr(&request) {
            context = context.with_client_addr(addr);
        }
        let request = match from_lambda_request(request) {
            Ok(request) => request,
            Err(problem) => {
                context = context.with_malformed(problem);
                http::Request::new(routeway::Body::empty())
            }
        };
        let response = self.app.handle_with(request, context).await;
        (response, platform)
    }
}

impl tower_service::Service<lambda_http::Request> for LambdaService {
    type Response = http::Response<lambda_http::Body>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: lambda_http::Request) -> Self::Future {
        let service = self.clone();
        Box::pin(async move {
            let (response, platform) = service.respond(request).await;
            let response = into_buffered_response(response).await;
            platform.run_pending().await;
            Ok(response)
        })
    }
}

/// A routeway app as a `lambda_http` streaming service.
#[derive(Debug, Clone)]
pub struct StreamingService(LambdaService);

impl tower_service::Service<lambda_http::Request> for StreamingService {
    type Response = http::Response<StreamedBody>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: lambda_http::Request) -> Self::Future {
        let service = self.0.clone();
        Box::pin(async move {
            let (mut response, platform) = service.respond(request).await;
            if has_header_lambda_cannot_carry(response.headers(), HeaderCarrier::Streamed) {
                response = routeway::response::empty(http::StatusCode::INTERNAL_SERVER_ERROR);
            }
            Ok(response.map(|body| StreamedBody {
                body,
                platform,
                after: None,
            }))
        })
    }
}

/// A streamed response body that runs the invocation's `wait_until` work once the last chunk is out,
/// before it reports its end.
///
/// A stream that fails is logged and ended there, its response cut short: lambda_runtime would
/// otherwise write the error into the response body as text (its error trailers go out as data).
pub struct StreamedBody {
    body: routeway::Body,
    platform: LambdaPlatform,
    after: Option<BoxFuture<'static, ()>>,
}

impl std::fmt::Debug for StreamedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamedBody")
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl http_body::Body for StreamedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if self.after.is_none() {
            match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Ready(Some(Err(error))) => {
                    tracing::error!("the response stream failed, so the response is cut short: {error}");
                }
                Poll::Ready(None) => {}
                other => return other,
            }
            let platform = self.platform.clone();
            self.after = Some(Box::pin(async move { platform.run_pending().await }));
        }
        match self.after.as_mut().map(|after| after.as_mut().poll(cx)) {
            Some(Poll::Pending) => Poll::Pending,
            _ => Poll::Ready(None),
        }
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
