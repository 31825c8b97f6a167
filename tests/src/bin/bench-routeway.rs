//! The routeway side of the throughput benchmarks: the local server with its production defaults
//! (per-request log line, limits, timers). Usage: `bench-routeway PORT`.
//!
//! - `/plaintext`: a handler run on every request (`force-dynamic`), against bare hyper.
//! - `/cached`: the same bytes from a static route, answered from the cache (a `HIT`).
//! - `/isr`: `revalidate = 3`, counting its runs; `/isr-runs` reports the count, for the check that
//!   many concurrent requests to an expired entry run the handler once.

use std::sync::atomic::{AtomicU32, Ordering};

use routeway::config::{Dynamic, Revalidate, RouteConfig};
use routeway::{App, Route};

static ISR_RUNS: AtomicU32 = AtomicU32::new(0);

async fn plaintext() -> &'static str {
    "Hello, World!"
}

async fn isr() -> String {
    format!("run {}", ISR_RUNS.fetch_add(1, Ordering::SeqCst) + 1)
}

async fn isr_runs() -> String {
    ISR_RUNS.load(Ordering::SeqCst).to_string()
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|port| port.parse().ok())
        .unwrap_or(3201);
    let _logs = routeway_local::init_tracing();
    let dynamic = RouteConfig::new().dynamic(Dynamic::ForceDynamic);
    let app = App::new()
        .route("/plaintext", Route::new().get(plaintext).config(dynamic))
        .route("/cached", Route::new().get(plaintext))
        .route(
            "/isr",
            Route::new()
                .get(isr)
                .config(RouteConfig::new().revalidate(Revalidate::Seconds(3))),
        )
        .route("/isr-runs", Route::new().get(isr_runs).config(dynamic));
    routeway_local::Server::new(app).port(port).serve_until_signal().await
}
