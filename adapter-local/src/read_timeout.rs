//! A request body that fails with [`BodyTimeout`] when the client stops sending it: a stalled upload
//! would otherwise hold its handler, its connection and a graceful shutdown open for ever.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body::{Body, Frame, SizeHint};
use routeway::error::BodyTimeout;
use routeway::BoxError;
use tokio::time::{Instant, Sleep};

/// `body`, failing once no frame has arrived for `idle` while it is being read; the stalled body is
/// then dropped, so the connection closes instead of waiting on it (or being drained) any longer.
#[derive(Debug)]
pub struct ReadTimeout<B> {
    body: Option<B>,
    idle: Duration,
    /// The deadline, created at the first wait and moved on after every frame.
    sleep: Option<Pin<Box<Sleep>>>,
    /// Whether `sleep` counts from the current wait (it is re-armed at the next wait after a frame).
    armed: bool,
}

impl<B> ReadTimeout<B> {
    /// Wraps `body`.
    pub fn new(body: B, idle: Duration) -> Self {
        Self {
            body: Some(body),
            idle,
            sleep: None,
            armed: false,
        }
    }
}

impl<B> Body for ReadTimeout<B>
where
    B: Body + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = B::Data;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<B::Data>, BoxError>>> {
        let this = &mut *self;
        let Some(body) = this.body.as_mut() else {
            return Poll::Ready(None);
        };
        match Pin::new(body).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.armed = false;
                Poll::Ready(frame.map(|frame| frame.map_err(Into::into)))
            }
            Poll::Pending => {
                let deadline = Instant::now() + this.idle;
                let sleep = match (&mut this.sleep, this.armed) {
                    (Some(sleep), true) => sleep,
                    (Some(sleep), false) => {
                        sleep.as_mut().reset(deadline);
                        sleep
                    }
                    (slot @ None, _) => slot.insert(Box::pin(tokio::time::sleep_until(deadline))),
                };
                this.armed = true;
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.body = None;
                        Poll::Ready(Some(Err(BodyTimeout::new(this.idle).into())))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.as_ref().is_none_or(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.body
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), Body::size_hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use http_body_util::{BodyExt, StreamBody};

    #[tokio::test(start_paused = true)]
    async fn a_stalled_body_fails_after_the_idle_time_and_a_steady_one_does_not() {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel::<Result<Frame<Bytes>, BoxError>>();
        let frames = futures_util::stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|frame| (frame, receiver))
        });
        let mut body = ReadTimeout::new(StreamBody::new(Box::pin(frames)), Duration::from_secs(30));
        let client = tokio::spawn(async move {
            for _ in 0..3 {
                tokio::time::sleep(Duration::from_secs(20)).await;
                sender.send(Ok(Frame::data(Bytes::from_static(b"x")))).unwrap();
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
            drop(sender);
        });
        for _ in 0..3 {
            assert!(
                body.frame().await.unwrap().is_ok(),
                "a frame every 20 s keeps the body alive"
            );
        }
        let started = Instant::now();
        let error = body.frame().await.unwrap().unwrap_err();
        assert!(error.is::<BodyTimeout>(), "{error}");
        assert_eq!(started.elapsed(), Duration::from_secs(30));
        client.abort();
    }
}
