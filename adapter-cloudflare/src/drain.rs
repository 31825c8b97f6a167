//! Request bodies left unread are drained (up to a cap, as `waitUntil` work) instead of cancelled:
//! workerd resets the connection of a client still uploading when its body is cancelled, so an
//! early answer (a `413`, a `405`) would never reach it.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use routeway::{BoxError, PlatformHandle};

/// A workerd request body that drains what is left of itself, up to `cap` bytes, when dropped unread.
pub(crate) struct DrainOnDrop {
    body: Option<worker::Body>,
    cap: usize,
    platform: PlatformHandle,
}

impl DrainOnDrop {
    pub(crate) fn new(body: worker::Body, cap: usize, platform: PlatformHandle) -> Self {
        Self {
            body: Some(body),
            cap,
            platform,
        }
    }
}

impl Stream for DrainOnDrop {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let Some(body) = self.body.as_mut() else {
            return Poll::Ready(None);
        };
        match body.poll_next_unpin(cx) {
            Poll::Ready(None) => {
                self.body = None;
                Poll::Ready(None)
            }
            Poll::Ready(Some(chunk)) => Poll::Ready(Some(chunk.map_err(|error| error.to_string().into()))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for DrainOnDrop {
    fn drop(&mut self) {
        let Some(mut body) = self.body.take() else { return };
        let cap = self.cap;
        self.platform.wait_until(async move {
            let mut drained = 0usize;
            while let Some(Ok(chunk)) = body.next().await {
                drained += chunk.len();
                if drained > cap {
                    break;
                }
            }
        });
    }
}
