//! The routeway side of the throughput benchmark: the local server with one plaintext route and its
//! production defaults (per-request log line, limits, timers). Usage: `bench-routeway PORT`.

use routeway::{App, Route};

async fn plaintext() -> &'static str {
    "Hello, World!"
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|port| port.parse().ok())
        .unwrap_or(3201);
    let _logs = routeway_local::init_tracing();
    let app = App::new().route("/plaintext", Route::new().get(plaintext));
    routeway_local::Server::new(app).port(port).serve_until_signal().await
}
