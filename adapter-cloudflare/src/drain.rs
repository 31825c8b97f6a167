//! Request bodies left unread are drained (up to a cap) before the response is handed to workerd,
//! instead of cancelled: workerd resets the connection of a client still uploading when its body is
//! cancelled, and a body left half-read spoils the connection for the next request, so an early
//! answer (a `413`, a `415`) would never reach the client.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use routeway::BoxError;

/// Where a request body dropped unread waits to be drained.
#[derive(Clone, Default)]
pub(crate) struct Leftover(Rc<RefCell<Option<worker::Body>>>);

impl Leftover {
    /// Reads and discards what is left of a body dropped unread, up to `cap` bytes.
    pub(crate) async fn drain(&self, cap: usize) {
        let Some(mut body) = self.0.borrow_mut().take() else {
            return;
        };
        let mut drained = 0usize;
        while let Some(Ok(chunk)) = body.next().await {
            drained += chunk.len();
            if drained > cap {
                return;
            }
        }
    }
}

/// A workerd request body that leaves itself in a [`Leftover`] when dropped before its end.
pub(crate) struct DrainOnDrop {
    body: Option<worker::Body>,
    leftover: Leftover,
}

impl DrainOnDrop {
    pub(crate) fn new(body: worker::Body, leftover: Leftover) -> Self {
        Self {
            body: Some(body),
            leftover,
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
        if let Some(body) = self.body.take() {
            *self.leftover.0.borrow_mut() = Some(body);
        }
    }
}
