//! Request bodies left unread are drained (up to a cap, in the background) instead of dropped, so a
//! client still uploading when an early response (a `413`, a `405`) is sent finishes its write and
//! reads that response instead of having its connection reset.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use hyper::body::Incoming;

/// How long a background drain may take.
const DRAIN_TIME: Duration = Duration::from_secs(10);

/// A body that can be drained in the background.
pub trait DrainableBody: Body<Data = Bytes> + Unpin + Send + 'static {}

impl<B: Body<Data = Bytes> + Unpin + Send + 'static> DrainableBody for B {}

/// A request body that drains what is left of itself, up to `cap` bytes, when dropped unread.
#[derive(Debug)]
pub struct DrainOnDrop<B: DrainableBody = Incoming> {
    body: Option<B>,
    cap: usize,
}

impl<B: DrainableBody> DrainOnDrop<B> {
    /// Wraps `body`, draining at most `cap` leftover bytes.
    pub fn new(body: B, cap: usize) -> Self {
        Self { body: Some(body), cap }
    }
}

impl<B: DrainableBody> Body for DrainOnDrop<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        match self.body.as_mut() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.as_ref().is_none_or(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.body
            .as_ref()
            .map(Body::size_hint)
            .unwrap_or_else(|| SizeHint::with_exact(0))
    }
}

impl<B: DrainableBody> Drop for DrainOnDrop<B> {
    fn drop(&mut self) {
        let Some(mut body) = self.body.take() else { return };
        if body.is_end_stream() || body.size_hint().lower() > self.cap as u64 {
            return;
        }
        let cap = self.cap;
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(tokio::time::timeout(DRAIN_TIME, async move {
            let mut drained = 0usize;
            while let Some(Ok(frame)) = body.frame().await {
                drained += frame.data_ref().map_or(0, Bytes::len);
                if drained > cap {
                    break;
                }
            }
        }));
    }
}
