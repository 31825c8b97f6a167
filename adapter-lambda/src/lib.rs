//! # routeway-lambda
//!
//! Runs a routeway [`App`] on AWS Lambda through `lambda_http`: API Gateway REST (v1) and HTTP (v2)
//! APIs, Application Load Balancers and function URLs, which `lambda_http` tells apart and parses.
//!
//! ```no_run
//! # fn app() -> routeway::App { routeway::App::new() }
//! fn main() {
//!     // Buffered unless ROUTEWAY_LAMBDA_INVOKE_MODE=RESPONSE_STREAM (a function URL or REST API
//!     // integration set to stream responses).
//!     routeway_lambda::run(app());
//! }
//! ```
//!
//! - The API Gateway stage prefix never reaches routing: routes match the path the client asked for.
//! - A handler error or panic answers a real `500` response, never a Lambda invocation error (which
//!   API Gateway would turn into a `502`).
//! - A buffered response over Lambda's 6 MB payload quota, counted as Lambda counts it (binary bodies
//!   base64-encoded, text ones JSON-escaped), is a logged `500`; a body is cut off as it arrives once
//!   it is over the quota unencoded.
//! - Work handed to `wait_until` runs before the invocation returns (buffered) or after the last body
//!   chunk was sent and before the stream is closed (streaming): Lambda freezes the instance once an
//!   invocation ends, so later work could not be relied on.
//! - Instances may take several requests at once (`AWS_LAMBDA_MAX_CONCURRENCY`, managed instances):
//!   nothing here assumes one request per process.
//! - Outbound `fetch` needs the `fetch` feature (hyper, plain HTTP) and `https` for TLS (rustls),
//!   both on by default: about 0.3 and 1.6 MB of the binary. An app that fetches nothing can leave
//!   them out, with `default-features = false` here and on `routeway-local`.
//! - Cache: with the `redis` feature and `ROUTEWAY_REDIS_URL` set, cached responses and data entries
//!   live in Redis (Amazon ElastiCache), shared by every instance ([`RedisStore`]); otherwise each
//!   instance keeps its own in-memory LRU.

#![warn(missing_docs, missing_debug_implementations)]

mod convert;
mod payload;
mod platform;
#[cfg(feature = "redis")]
mod redis_store;
mod service;

pub use platform::LambdaPlatform;
#[cfg(feature = "redis")]
pub use redis_store::{RedisStore, DEFAULT_ENTRY_TTL, REDIS_URL_VAR};
pub use service::{InvokeMode, LambdaService, StreamedBody, StreamingService};

use routeway::App;

/// Runs `app` until the Lambda runtime stops, in the mode `ROUTEWAY_LAMBDA_INVOKE_MODE` names
/// (`BUFFERED`, the default, or `RESPONSE_STREAM`).
///
/// # Panics
/// If the tokio runtime cannot start; exits with status 1 if the Lambda runtime API fails.
pub fn run(app: App) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("start the tokio runtime");
    if let Err(error) = runtime.block_on(serve(app, InvokeMode::from_env())) {
        eprintln!("routeway-lambda: {error}");
        std::process::exit(1);
    }
}

/// Serves `app` in `mode` until the Lambda runtime stops.
pub async fn serve(app: App, mode: InvokeMode) -> Result<(), lambda_http::Error> {
    // Lines go out before an invocation returns: a frozen instance would hold a batch back.
    let _logs = routeway_local::init_tracing_with(routeway_local::LogDelivery::Immediate);
    if let Some(warning) = routeway::app::panic_abort_warning() {
        tracing::warn!("{warning}");
    }
    let service = LambdaService::new(with_shared_cache(app)?);
    // Boxed: each runtime's loop stays one function of its own instead of being inlined into this
    // one (which the compiler then copied into several codegen units: ~90 KB of binary).
    match mode {
        InvokeMode::Buffered => Box::pin(lambda_http::run_concurrent(service)).await,
        InvokeMode::ResponseStream => {
            Box::pin(lambda_http::run_with_streaming_response_concurrent(service.streaming())).await
        }
    }
}

/// The app with its cache in Redis when `ROUTEWAY_REDIS_URL` names a server.
#[cfg(feature = "redis")]
fn with_shared_cache(app: App) -> Result<App, lambda_http::Error> {
    match RedisStore::from_env() {
        Some(Ok(store)) => Ok(app.with_cache_store(std::sync::Arc::new(store))),
        Some(Err(error)) => Err(format!("{REDIS_URL_VAR} is not a Redis URL: {error}").into()),
        None => Ok(app),
    }
}

/// Without the `redis` feature the cache stays in memory; a `ROUTEWAY_REDIS_URL` is a mistake
/// worth saying.
#[cfg(not(feature = "redis"))]
fn with_shared_cache(app: App) -> Result<App, lambda_http::Error> {
    if std::env::var_os("ROUTEWAY_REDIS_URL").is_some() {
        tracing::warn!(
            "ROUTEWAY_REDIS_URL is set but routeway-lambda was built without its `redis` feature; \
             the cache stays in this instance's memory"
        );
    }
    Ok(app)
}
