//! The per-request log line, written when the response is done: at once for a buffered answer,
//! when the last chunk is out for a streamed one. A stream's line so carries its whole time, and
//! says when the stream failed (a `WARN`, with the error) or was cut short by the connection.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use http::{Method, StatusCode, Uri};
use http_body::{Frame, SizeHint};
use routeway::{Body, BoxError};

use crate::log_format;

/// What the line says about a request, waiting for the response to be done.
pub(crate) struct PendingLine {
    pub method: Method,
    pub uri: Uri,
    pub status: StatusCode,
    pub started: Instant,
}

impl PendingLine {
    fn write(self) {
        tracing::info!("{}", self.render());
    }

    /// A streamed answer whose end writes the line.
    pub fn write_at_end(self, response: routeway::Response) -> routeway::Response {
        response.map(|body| Body::from_http_body(LoggedOnEnd { body, line: Some(self) }))
    }

    fn render(&self) -> String {
        log_format::request_line(
            self.method.as_str(),
            self.uri.path(),
            self.status.as_str(),
            self.started.elapsed(),
        )
    }
}

/// `GET /items 200 0.4ms` for an answer that is out once its headers are: from borrowed parts, so
/// the common case moves nothing.
pub(crate) fn write_now(method: &Method, uri: &Uri, status: StatusCode, started: Instant) {
    tracing::info!(
        "{}",
        log_format::request_line(method.as_str(), uri.path(), status.as_str(), started.elapsed())
    );
}

/// A streamed body that writes its request's line once, when it ends, fails or is dropped.
struct LoggedOnEnd {
    body: Body,
    line: Option<PendingLine>,
}

impl http_body::Body for LoggedOnEnd {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        match &polled {
            Poll::Ready(None) => {
                if let Some(line) = self.line.take() {
                    line.write();
                }
            }
            Poll::Ready(Some(Err(error))) => {
                if let Some(line) = self.line.take() {
                    tracing::warn!("{}, stream failed: {error}", line.render());
                }
            }
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        http_body::Body::is_end_stream(&self.body)
    }

    fn size_hint(&self) -> SizeHint {
        http_body::Body::size_hint(&self.body)
    }
}

impl Drop for LoggedOnEnd {
    fn drop(&mut self) {
        if let Some(line) = self.line.take() {
            tracing::info!("{}, stream cut short: the connection closed first", line.render());
        }
    }
}
