//! One harness per target: each sends a case's request to an app and observes the response,
//! including when each body chunk arrived.

mod in_process;
mod lambda;
mod local_tcp;
mod workerd;

use std::future::Future;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::HeaderMap;
use http_body_util::BodyExt;

pub use in_process::InProcess;
pub use lambda::{InvokeMode, LambdaEmulator};
pub use local_tcp::LocalTcp;
pub use workerd::{app_dir, Workerd};

use crate::case::{AppId, CaseRequest, Target};

/// A loopback port nothing listens on right now, for a server the harness starts: below the
/// kernel's ephemeral range, so that nothing asking the kernel for any free port (wrangler's and
/// workerd's internal servers, the source port of an outgoing connection) can take it between this
/// check and the server binding it. (A CI run once lost every Worker case that way: `wrangler dev`
/// found its port taken, and the readiness probe reached the other app's internal server.)
pub fn free_port() -> std::io::Result<u16> {
    static NEXT: AtomicU16 = AtomicU16::new(0);
    const LOWEST: u16 = 10_000;
    let ephemeral_start = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse::<u16>().ok())
        .unwrap_or(32_768);
    let span = ephemeral_start.saturating_sub(LOWEST);
    if span > 0 {
        // Spread by process id, so test processes running at once try different ports first.
        let seed = (std::process::id() % u32::from(span)) as u16;
        for _ in 0..256 {
            let port = LOWEST + seed.wrapping_add(NEXT.fetch_add(97, Ordering::Relaxed)) % span;
            if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
                return Ok(port);
            }
        }
    }
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A response as a client saw it.
#[derive(Debug)]
pub struct Observed {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: HeaderMap,
    /// Body chunks with their arrival time after the response head.
    pub frames: Vec<(Duration, Bytes)>,
}

impl Observed {
    /// The whole body.
    pub fn body(&self) -> Vec<u8> {
        self.frames
            .iter()
            .flat_map(|(_, chunk)| chunk.iter().copied())
            .collect()
    }
}

/// Sends cases to one target.
pub trait Harness {
    /// The target this harness stands for.
    fn target(&self) -> Target;

    /// Sends `request` to `app`.
    fn send(&self, app: AppId, request: &CaseRequest) -> impl Future<Output = Result<Observed, String>>;
}

/// Reads a body frame by frame, timing each data frame from `head`; gives up after 20 seconds.
pub async fn collect_frames<B>(mut body: B, head: Instant) -> Result<Vec<(Duration, Bytes)>, String>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: std::fmt::Display,
{
    let mut frames = Vec::new();
    let deadline = head + Duration::from_secs(20);
    while !body.is_end_stream() {
        let next = tokio::time::timeout_at(deadline.into(), body.frame()).await;
        match next {
            Err(_) => return Err("body did not finish within 20 s".to_owned()),
            Ok(None) => break,
            Ok(Some(Err(error))) => return Err(format!("body failed: {error}")),
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    if !data.is_empty() {
                        frames.push((head.elapsed(), data));
                    }
                }
            }
        }
    }
    Ok(frames)
}

/// The case's request as an `http::Request`: its method token and target sent as is, its headers, a
/// `Host` when given, `Content-Length` for a whole body (none for a chunked one).
pub fn http_request(request: &CaseRequest, host: Option<&str>) -> Result<http::Request<routeway::Body>, String> {
    let method = http::Method::from_bytes(request.method.as_bytes()).map_err(|e| e.to_string())?;
    let mut builder = http::Request::builder().method(method).uri(&request.target);
    if let Some(host) = host {
        builder = builder.header("host", host);
    }
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if request.stream_chunks.is_none() && !request.body.is_empty() {
        builder = builder.header("content-length", request.body.len());
    }
    builder.body(request_body(request)).map_err(|e| e.to_string())
}

/// Sends the case's request over a fresh HTTP/1.1 connection to `address` (raw method and target, as
/// a client would) and observes the answer; gives up when no response head comes within 30 s.
pub async fn send_over_tcp(address: &str, request: &CaseRequest) -> Result<Observed, String> {
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|e| format!("connect {address}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(connection);
    let http_request = http_request(request, Some(address))?;
    let head = Instant::now();
    let response = tokio::time::timeout(Duration::from_secs(30), sender.send_request(http_request))
        .await
        .map_err(|_| format!("no response from {address} within 30 s"))?
        .map_err(|e| format!("request failed: {e}"))?;
    observe(response, head).await
}

/// Reads a response into an [`Observed`], timing body chunks from `head`.
pub async fn observe<B>(response: http::Response<B>, head: Instant) -> Result<Observed, String>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: std::fmt::Display,
{
    let (parts, body) = response.into_parts();
    let frames = collect_frames(body, head).await?;
    Ok(Observed {
        status: parts.status.as_u16(),
        headers: parts.headers,
        frames,
    })
}

/// The request body as the case asks: whole, or chunked without `Content-Length`.
pub fn request_body(request: &CaseRequest) -> routeway::Body {
    match request.stream_chunks {
        None => routeway::Body::from(request.body.clone()),
        Some(size) => {
            let chunks: Vec<Result<Bytes, std::io::Error>> = request
                .body
                .chunks(size)
                .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
                .collect();
            routeway::Body::from_stream(futures_util::stream::iter(chunks))
        }
    }
}
