//! The throughput baselines: a bare hyper 1 HTTP/1 server answering `Hello, World!` on every path.
//! Usage: `bench-bare-hyper PORT [timer]`; with `timer`, hyper's header-read timeout is armed (10 s)
//! with hyper-util's standard `TokioTimer`, to show what the timeout costs hyper itself (the local
//! adapter arms it too, with a cheaper per-connection timer).

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|port| port.parse().ok())
        .unwrap_or(3200);
    let with_timer = std::env::args().nth(2).as_deref() == Some("timer");
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("bare hyper listening on http://127.0.0.1:{port} (header-read timer: {with_timer})");
    let mut builder = http1::Builder::new();
    if with_timer {
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(Duration::from_secs(10));
    }
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let connection = builder.serve_connection(
            TokioIo::new(stream),
            service_fn(|_request| async {
                let mut response = http::Response::new(Full::new(Bytes::from_static(b"Hello, World!")));
                response.headers_mut().insert(
                    "content-type",
                    http::HeaderValue::from_static("text/plain;charset=UTF-8"),
                );
                Ok::<_, Infallible>(response)
            }),
        );
        tokio::spawn(connection);
    }
}
