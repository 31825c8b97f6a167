//! The per-request log line, written when the response is done: at once for a buffered answer,
//! when hyper has taken the last byte of a streamed one. A stream's line so carries its whole time,
//! and says when the stream failed or broke its declared length (a `WARN`), or the connection
//! ended before it did. A request whose connection ends while its handler runs gets a line too.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Instant;

use bytes::{Buf, Bytes};
use http::{header, Method, StatusCode};
use http_body::{Frame, SizeHint};
use pin_project_lite::pin_project;
use routeway::{Body, BoxError};

use crate::log_format;

pin_project! {
    /// A request's answer on its way, with what its line needs. The line is written when the
    /// answer is ready (a streamed one's when the stream is done), or when hyper drops the future
    /// because the connection ended while the handler ran. A named future, not an `async` block:
    /// hyper moves it into place on every request, and a block would hold `answer` twice.
    pub(crate) struct Logged<F> {
        #[pin]
        answer: F,
        line: Option<RequestLine>,
    }

    impl<F> PinnedDrop for Logged<F> {
        fn drop(this: Pin<&mut Self>) {
            if let Some(line) = this.project().line.take() {
                let line = line.finish("-");
                tracing::info!("{line}, no answer: the connection ended while the handler ran");
            }
        }
    }
}

impl<F> Logged<F> {
    pub(crate) fn new(answer: F, line: RequestLine) -> Self {
        Self {
            answer,
            line: Some(line),
        }
    }
}

impl<F: Future<Output = routeway::Response>> Future for Logged<F> {
    type Output = Result<routeway::Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = ready!(this.answer.poll(cx));
        Poll::Ready(Ok(write_when_done(this.line, response)))
    }
}

/// What a request's line says before its answer (method and path, rendered at once) and when it
/// started. Rendered rather than kept as the request's `Uri`: that would share hyper's read buffer
/// while the handler runs, and hyper would then allocate a fresh buffer to read ahead.
pub(crate) struct RequestLine {
    start: String,
    head: bool,
    started: Instant,
}

impl RequestLine {
    pub(crate) fn new(method: &Method, path: &str, started: Instant) -> Self {
        Self {
            start: log_format::request_line_start(method.as_str(), path),
            head: method == Method::HEAD,
            started,
        }
    }

    /// `GET /items 200 0.4ms`.
    fn finish(self, status: &str) -> String {
        let elapsed = self.started.elapsed();
        log_format::finish_request_line(self.start, status, elapsed)
    }
}

/// The answer is ready: its line now, or for a streamed body when the stream is done.
fn write_when_done(line: &mut Option<RequestLine>, response: routeway::Response) -> routeway::Response {
    if response.body().is_stream() {
        let Some(line) = line.take() else {
            return response;
        };
        let status = response.status();
        return PendingLine { line, status }.wrap_stream(response);
    }
    if let Some(written) = line.take() {
        // The message as a `&str` field reaches the formatter as is, not through `format_args!`.
        tracing::info!(message = written.finish(response.status().as_str()).as_str());
    }
    response
}

/// What the line says about a request, waiting for the response to be done.
struct PendingLine {
    line: RequestLine,
    status: StatusCode,
}

impl PendingLine {
    fn write(self) {
        tracing::info!(message = self.render().as_str());
    }

    /// The streamed answer as it goes out, wrapped so its end writes the line; one hyper never
    /// polls (`HEAD`, `204`, `304`, `Content-Length: 0`) is done already.
    fn wrap_stream(self, response: routeway::Response) -> routeway::Response {
        // With a declared length hyper stops polling after the last byte instead of waiting for
        // the stream's end: the line is written when that byte is taken.
        let declared = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
        let sends_body = !self.line.head
            && !self.status.is_informational()
            && self.status != StatusCode::NO_CONTENT
            && self.status != StatusCode::NOT_MODIFIED
            && declared != Some(0);
        if !sends_body {
            self.write();
            return response;
        }
        response.map(|body| {
            Body::from_http_body(LoggedOnEnd {
                body,
                line: Some(self),
                declared,
                sent: 0,
            })
        })
    }

    fn render(self) -> String {
        self.line.finish(self.status.as_str())
    }
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
                    let sent = self.sent;
                    match self.declared {
                        Some(declared) if sent > declared => self.write_warning(format_args!(
                            "{} bytes over its Content-Length of {declared} were dropped",
                            sent - declared
                        )),
                        Some(declared) if sent == declared => self.write_line(),
                        _ => {}
                    }
                }
            }
            Poll::Ready(None) => match (self.declared, self.sent) {
                (Some(declared), sent) if sent < declared => self.write_warning(format_args!(
                    "stream ended after {sent} of its {declared} declared bytes; the connection was closed"
                )),
                _ => self.write_line(),
            },
            Poll::Ready(Some(Err(error))) => self.write_warning(format_args!("stream failed: {error}")),
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

impl LoggedOnEnd {
    /// The line, unless it was written already.
    fn write_line(&mut self) {
        if let Some(line) = self.line.take() {
            line.write();
        }
    }

    /// The line as a `WARN` ending in `problem`, unless it was written already.
    fn write_warning(&mut self, problem: std::fmt::Arguments<'_>) {
        if let Some(line) = self.line.take() {
            tracing::warn!("{}, {problem}", line.render());
        }
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
