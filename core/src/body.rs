//! The one body type for requests and responses: empty, a buffer, or a stream of chunks.
//!
//! Streams stay streams end to end: a request body is read chunk by chunk under the size limit, and a
//! streamed response reaches the adapter frame by frame, never collected first.

use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt};
use http_body::{Frame, SizeHint};

use crate::error::Rejection;
use crate::maybe_send::{BoxError, BoxStream, MaybeSend};

/// A request or response body.
///
/// ```
/// use routeway::Body;
/// let body = Body::from("hello");
/// assert_eq!(body.exact_len(), Some(5));
/// ```
pub struct Body {
    kind: Kind,
}

enum Kind {
    Empty,
    Full(Bytes),
    Stream(BoxStream<'static, Result<Frame<Bytes>, BoxError>>),
}

impl Body {
    /// An empty body.
    pub const fn empty() -> Self {
        Self { kind: Kind::Empty }
    }

    /// A body that streams the chunks of `stream` as they are produced.
    ///
    /// ```
    /// use routeway::Body;
    /// use futures_util::stream;
    /// let chunks = stream::iter(["<p>One</p>", "<p>Two</p>"].map(Ok::<_, std::io::Error>));
    /// let body = Body::from_stream(chunks);
    /// assert_eq!(body.exact_len(), None);
    /// ```
    pub fn from_stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + MaybeSend + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        let frames = stream.map(|item| item.map(|chunk| Frame::data(chunk.into())).map_err(Into::into));
        Self {
            kind: Kind::Stream(Box::pin(frames)),
        }
    }

    /// Wraps any `http_body::Body` (a hyper `Incoming`, a platform stream) without buffering it.
    pub fn from_http_body<B>(body: B) -> Self
    where
        B: http_body::Body + MaybeSend + 'static,
        B::Data: Into<Bytes>,
        B::Error: Into<BoxError>,
    {
        let frames = http_body_util::BodyStream::new(body)
            .map_ok(|frame| frame.map_data(Into::into))
            .map_err(Into::into);
        Self {
            kind: Kind::Stream(Box::pin(frames)),
        }
    }

    /// The same body, with a panic in its stream turned into a read error naming the panic: a
    /// handler's stream that panics fails like any other failing stream (its response cut short, or
    /// a `500` where the adapter buffers it) instead of unwinding through whatever polls it, such as
    /// a Lambda invocation. Other bodies are returned as they are.
    ///
    /// ```
    /// use routeway::Body;
    /// use futures_util::{stream, StreamExt};
    /// let chunks = stream::iter([1, 2]).map(|n| {
    ///     assert!(n < 2, "chunk {n} panics");
    ///     Ok::<_, std::io::Error>("ok")
    /// });
    /// let body = Body::from_stream(chunks).catching_panics();
    /// let failed = futures_executor::block_on(body.bytes()).unwrap_err();
    /// assert!(failed.to_string().contains("the body stream panicked: chunk 2 panics"));
    /// ```
    pub fn catching_panics(self) -> Self {
        match self.kind {
            Kind::Stream(frames) => {
                let frames = AssertUnwindSafe(frames).catch_unwind().map(|item| match item {
                    Ok(item) => item,
                    Err(panic) => Err(format!("the body stream panicked: {}", panic_message(&*panic)).into()),
                });
                Self {
                    kind: Kind::Stream(Box::pin(frames)),
                }
            }
            kind => Self { kind },
        }
    }

    /// The length when it is known without reading: `Some(0)` for empty, the buffer's length for bytes.
    pub fn exact_len(&self) -> Option<u64> {
        match &self.kind {
            Kind::Empty => Some(0),
            Kind::Full(bytes) => Some(bytes.len() as u64),
            Kind::Stream(_) => None,
        }
    }

    /// The bytes of an empty or buffered body without reading anything; a stream is handed back.
    ///
    /// ```
    /// use routeway::Body;
    /// assert_eq!(Body::from("hi").try_into_bytes().unwrap(), "hi");
    /// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("a")]);
    /// assert!(Body::from_stream(chunks).try_into_bytes().is_err());
    /// ```
    pub fn try_into_bytes(self) -> Result<Bytes, Self> {
        match self.kind {
            Kind::Empty => Ok(Bytes::new()),
            Kind::Full(bytes) => Ok(bytes),
            Kind::Stream(_) => Err(self),
        }
    }

    /// Whether this body is a stream (produced or received chunk by chunk).
    pub fn is_stream(&self) -> bool {
        matches!(self.kind, Kind::Stream(_))
    }

    /// The body as a stream of data chunks (trailers are dropped).
    pub fn into_stream(self) -> BoxStream<'static, Result<Bytes, BoxError>> {
        match self.kind {
            Kind::Empty => Box::pin(futures_util::stream::empty()),
            Kind::Full(bytes) => Box::pin(futures_util::stream::once(async move { Ok(bytes) })),
            Kind::Stream(frames) => Box::pin(frames.try_filter_map(|frame| async move { Ok(frame.into_data().ok()) })),
        }
    }

    /// Reads the whole body, failing with `413` once more than `limit` bytes have arrived: how a
    /// request body is read.
    pub async fn bytes_limited(self, limit: usize) -> Result<Bytes, Rejection> {
        self.collect(limit).await.map_err(|failure| match failure {
            Collect::TooLarge => Rejection::payload_too_large(limit),
            Collect::Read(error) => Rejection::body_read(error),
        })
    }

    /// Reads the whole body with no limit: for bodies the app holds, such as an upstream
    /// response. A failure is the app's, not the client's: with `?` in a handler it answers `500`
    /// and is logged.
    ///
    /// ```
    /// use routeway::{Body, Error, IntoResponse};
    /// let failed: Result<u32, Error> = futures_executor::block_on(async {
    ///     Ok(Body::from("{not json").json::<u32>().await?)
    /// });
    /// let error = failed.unwrap_err();
    /// assert!(error.to_string().starts_with("the body is not valid JSON"));
    /// assert_eq!(error.into_response().status(), 500);
    /// ```
    pub async fn bytes(self) -> Result<Bytes, BodyError> {
        self.collect(usize::MAX).await.map_err(|failure| match failure {
            Collect::TooLarge => unreachable!("no body is over usize::MAX bytes"),
            Collect::Read(error) => BodyError(format!("the body could not be read: {error}")),
        })
    }

    /// Reads the whole body as UTF-8 text (see [`Body::bytes`] for where failures go).
    pub async fn text(self) -> Result<String, BodyError> {
        let bytes = self.bytes().await?;
        String::from_utf8(without_bom(&bytes).to_vec())
            .map_err(|error| BodyError(format!("the body is not valid UTF-8: {}", error.utf8_error())))
    }

    /// Reads the whole body as JSON (see [`Body::bytes`] for where failures go).
    pub async fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, BodyError> {
        let bytes = self.bytes().await?;
        serde_json::from_slice(without_bom(&bytes))
            .map_err(|error| BodyError(format!("the body is not valid JSON: {error}")))
    }

    async fn collect(self, limit: usize) -> Result<Bytes, Collect> {
        match self.kind {
            Kind::Empty => Ok(Bytes::new()),
            Kind::Full(bytes) if bytes.len() <= limit => Ok(bytes),
            Kind::Full(_) => Err(Collect::TooLarge),
            Kind::Stream(_) => {
                let mut stream = self.into_stream();
                let mut buffer = bytes::BytesMut::new();
                while let Some(chunk) = stream.next().await {
                    let chunk = chunk.map_err(Collect::Read)?;
                    if buffer.len() + chunk.len() > limit {
                        return Err(Collect::TooLarge);
                    }
                    buffer.extend_from_slice(&chunk);
                }
                Ok(buffer.freeze())
            }
        }
    }
}

/// `bytes` without a leading UTF-8 byte order mark, which the Web's `text()` and `json()` drop too.
///
/// ```
/// use routeway::body::without_bom;
/// assert_eq!(without_bom(b"\xEF\xBB\xBF{}"), b"{}");
/// assert_eq!(without_bom(b"{}"), b"{}");
/// ```
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The text a panic was raised with (`panic!("...")`, `unwrap` and `expect` messages).
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("non-text panic payload")
}

/// Why [`Body::collect`] stopped.
enum Collect {
    TooLarge,
    Read(BoxError),
}

/// A body the app holds (an upstream response, say) that could not be read whole or parsed. Not the
/// client's fault: a handler that returns it with `?` answers `500` and the failure is logged with the
/// route. (A request body's problems are [`Rejection`]s: `400`, `413`, `415`.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError(String);

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BodyError {}

impl Default for Body {
    fn default() -> Self {
        Self::empty()
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            Kind::Empty => f.write_str("Body::Empty"),
            Kind::Full(bytes) => f.debug_tuple("Body::Full").field(&bytes.len()).finish(),
            Kind::Stream(_) => f.write_str("Body::Stream"),
        }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        if bytes.is_empty() {
            Self::empty()
        } else {
            Self {
                kind: Kind::Full(bytes),
            }
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Bytes::from_static(text.as_bytes()).into()
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Bytes::from_static(bytes).into()
    }
}

impl From<()> for Body {
    fn from(_: ()) -> Self {
        Self::empty()
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.kind {
            Kind::Empty => Poll::Ready(None),
            Kind::Full(_) => {
                let Kind::Full(bytes) = std::mem::replace(&mut self.kind, Kind::Empty) else {
                    unreachable!("matched Full above")
                };
                Poll::Ready(Some(Ok(Frame::data(bytes))))
            }
            Kind::Stream(stream) => stream.as_mut().poll_next(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.kind, Kind::Empty)
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Empty => SizeHint::with_exact(0),
            Kind::Full(bytes) => SizeHint::with_exact(bytes.len() as u64),
            Kind::Stream(_) => SizeHint::default(),
        }
    }
}
