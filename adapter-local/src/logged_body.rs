//! The per-request log line, written when the response is done: at once for a buffered answer,
//! when the last byte is out for a streamed one. A stream's line so carries its whole time, and
//! says when the stream failed (a `WARN`, with the error) or the connection ended before it did.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::{Buf, Bytes};
use http::{header, Method, StatusCode, Uri};
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

    /// The answer as it goes out. A streamed body that is sent is wrapped so its end writes the
    /// line; one hyper never sends (`HEAD`, `204`, `304`) is done already.
    pub fn write_when_done(self, response: routeway::Response) -> routeway::Response {
        let sends_body = self.method != Method::HEAD
            && !self.status.is_informational()
            && self.status != StatusCode::NO_CONTENT
            && self.status != StatusCode::NOT_MODIFIED;
        if !sends_body {
            self.write();
            return response;
        }
        // With a declared length hyper stops polling after the last byte instead of waiting for
        // the stream's end: the line is written when that byte goes out.
        let declared = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
        response.map(|body| {
            Body::from_http_body(LoggedOnEnd {
                body,
                line: Some(self),
                declared,
                sent: 0,
            })
        })
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

/// A streamed body that writes its request's line once: when it ends (or its declared length is
/// out), fails, or is dropped before that.
struct LoggedOnEnd {
    body: Body,
    line: Option<PendingLine>,
    declared: Option<u64>,
    sent: u64,
}

impl http_body::Body for LoggedOnEnd {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    self.sent += data.remaining() as u64;
                    if self.declared.is_some_and(|declared| self.sent >= declared) {
                        if let Some(line) = self.line.take() {
                            line.write();
                        }
                    }
                }
            }
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
            Poll::Pending => {}
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
            tracing::info!(
                "{}, stream cut short: the connection ended before it did",
                line.render()
            );
        }
    }
}
