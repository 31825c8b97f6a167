//! The throughput baseline: a bare hyper 1 HTTP/1 server answering `Hello, World!` on every path.
//! Usage: `bench-bare-hyper PORT`.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|port| port.parse().ok())
        .unwrap_or(3200);
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("bare hyper listening on http://127.0.0.1:{port}");
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let service = service_fn(|_request| async {
                let mut response = http::Response::new(Full::new(Bytes::from_static(b"Hello, World!")));
                response.headers_mut().insert(
                    "content-type",
                    http::HeaderValue::from_static("text/plain;charset=UTF-8"),
                );
                Ok::<_, Infallible>(response)
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
