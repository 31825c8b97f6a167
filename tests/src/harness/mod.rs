//! One harness per target: each sends a case's request to an app and observes the response,
//! including when each body chunk arrived.

mod in_process;
mod local_tcp;

use std::future::Future;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::HeaderMap;
use http_body_util::BodyExt;

pub use in_process::InProcess;
pub use local_tcp::LocalTcp;

use crate::case::{AppId, CaseRequest, Target};

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
