//! A case is data: one request, what the response must be, and the targets where it cannot hold
//! (each with the platform's documented reason).

use std::time::Duration;

use serde_json::Value;

/// Which app a case is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppId {
    /// `examples/app-routes`: every example of the Route Handlers page.
    Example,
    /// `tests/spec-app`: one route per behaviour of the spec, plus bad-input routes.
    Spec,
    /// `tests/next-app-routes`: the port of Next.js' `test/e2e/app-dir/app-routes` fixture.
    Next,
}

/// A deploy target a harness stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// `App::handle` called in the test process.
    InProcess,
    /// `routeway-local` over loopback TCP.
    Local,
    /// `routeway-cloudflare` under workerd.
    Cloudflare,
    /// `routeway-lambda` in buffered mode through the Lambda emulator.
    Lambda,
    /// `routeway-lambda` in response-streaming mode through the Lambda emulator.
    LambdaStreaming,
}

/// The request a case sends.
#[derive(Debug, Clone)]
pub struct CaseRequest {
    /// Method token, sent as is (`HEADER` included).
    pub method: String,
    /// Request target, sent as is (`..` and `%2F` included).
    pub target: String,
    /// Headers, in order; repeated names are sent repeatedly.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Send the body as a stream of these chunk sizes with no `Content-Length` (chunked).
    pub stream_chunks: Option<usize>,
}

/// What one header must be.
#[derive(Debug, Clone)]
pub enum HeaderCheck {
    /// Present with exactly this value (the first value, when repeated).
    Equals(String, String),
    /// Present and containing this text.
    Contains(String, String),
    /// Not present.
    Absent(String),
    /// Present exactly this many times.
    Count(String, usize),
    /// Present; its value parses as JSON equal to this.
    Json(String, Value),
    /// Present with these values in order, whether sent as several header lines or one
    /// comma-separated line (the same thing in HTTP, RFC 9110 §5.3).
    Values(String, Vec<String>),
}

/// What the body must be.
#[derive(Debug, Clone)]
pub enum BodyCheck {
    /// Anything.
    Any,
    /// Zero bytes.
    Empty,
    /// Exactly these bytes.
    Exact(Vec<u8>),
    /// UTF-8 containing this text.
    Contains(String),
    /// JSON equal to this value.
    Json(Value),
}

/// How a streamed body must arrive.
#[derive(Debug, Clone)]
pub struct StreamCheck {
    /// The chunks, in order of arrival (split points may differ; the concatenation must match and each
    /// listed chunk must start arriving after the previous one).
    pub chunks: Vec<String>,
    /// Each chunk must arrive at least this long after the previous one: proof it was not buffered.
    pub min_gap: Duration,
}

/// The expected response.
#[derive(Debug, Clone)]
pub struct Expect {
    /// Status code.
    pub status: u16,
    /// Header checks.
    pub headers: Vec<HeaderCheck>,
    /// Body check.
    pub body: BodyCheck,
    /// For streams: the chunks and their arrival order.
    pub stream: Option<StreamCheck>,
    /// The body compared with an earlier case's body in the same run: `(case name, must be equal)`.
    pub compared_with: Option<(String, bool)>,
}

/// One case of the shared suite.
#[derive(Debug, Clone)]
pub struct Case {
    /// Unique, descriptive name.
    pub name: String,
    /// The app it targets.
    pub app: AppId,
    /// The request.
    pub request: CaseRequest,
    /// The response it expects.
    pub expect: Expect,
    /// Targets where the case cannot hold, each with the platform's documented reason.
    pub exempt: Vec<(Target, String)>,
    /// Environment the app must see (upstream URLs); `{upstream}` is replaced by the mock's base URL.
    pub needs_upstream: bool,
    /// How long to wait before sending (for revalidation times of about a second).
    pub delay: Option<std::time::Duration>,
}

impl Case {
    /// A case sending `method target` to `app`, expecting `200` and any body until told otherwise.
    pub fn new(name: &str, app: AppId, method: &str, target: &str) -> Self {
        Self {
            name: name.to_owned(),
            app,
            request: CaseRequest {
                method: method.to_owned(),
                target: target.to_owned(),
                headers: Vec::new(),
                body: Vec::new(),
                stream_chunks: None,
            },
            expect: Expect {
                status: 200,
                headers: Vec::new(),
                body: BodyCheck::Any,
                stream: None,
                compared_with: None,
            },
            exempt: Vec::new(),
            needs_upstream: false,
            delay: None,
        }
    }

    /// The body must equal the body the earlier case `name` saw in this run (served from a cache).
    pub fn expect_same_body_as(mut self, name: &str) -> Self {
        self.expect.compared_with = Some((name.to_owned(), true));
        self
    }

    /// The body must differ from the body the earlier case `name` saw in this run (regenerated).
    pub fn expect_body_differs_from(mut self, name: &str) -> Self {
        self.expect.compared_with = Some((name.to_owned(), false));
        self
    }

    /// Sends the request only after `delay` (cache entries growing stale, background work finishing).
    pub fn after(mut self, delay: std::time::Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// `GET target`.
    pub fn get(name: &str, app: AppId, target: &str) -> Self {
        Self::new(name, app, "GET", target)
    }

    /// `POST target`.
    pub fn post(name: &str, app: AppId, target: &str) -> Self {
        Self::new(name, app, "POST", target)
    }

    /// Adds a request header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.request.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the request body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.request.body = body.into();
        self
    }

    /// Sets a JSON request body with `content-type: application/json`.
    pub fn json_body(self, value: Value) -> Self {
        self.header("content-type", "application/json").body(value.to_string())
    }

    /// Sends the body chunked, in pieces of `size` bytes, without `Content-Length`.
    pub fn streamed(mut self, size: usize) -> Self {
        self.request.stream_chunks = Some(size.max(1));
        self
    }

    /// The app talks to the mock upstream.
    pub fn with_upstream(mut self) -> Self {
        self.needs_upstream = true;
        self
    }

    /// Expects this status.
    pub fn status(mut self, status: u16) -> Self {
        self.expect.status = status;
        self
    }

    /// Expects a header with exactly this value.
    pub fn expect_header(mut self, name: &str, value: &str) -> Self {
        self.expect
            .headers
            .push(HeaderCheck::Equals(name.to_owned(), value.to_owned()));
        self
    }

    /// Expects a header containing this text.
    pub fn expect_header_contains(mut self, name: &str, text: &str) -> Self {
        self.expect
            .headers
            .push(HeaderCheck::Contains(name.to_owned(), text.to_owned()));
        self
    }

    /// Expects a header to be absent.
    pub fn expect_no_header(mut self, name: &str) -> Self {
        self.expect.headers.push(HeaderCheck::Absent(name.to_owned()));
        self
    }

    /// Expects a header to appear `count` times.
    pub fn expect_header_count(mut self, name: &str, count: usize) -> Self {
        self.expect.headers.push(HeaderCheck::Count(name.to_owned(), count));
        self
    }

    /// Expects a header's values, as separate lines or comma-joined.
    pub fn expect_header_values(mut self, name: &str, values: &[&str]) -> Self {
        let values = values.iter().map(|value| (*value).to_owned()).collect();
        self.expect.headers.push(HeaderCheck::Values(name.to_owned(), values));
        self
    }

    /// Expects a header whose value is this JSON.
    pub fn expect_header_json(mut self, name: &str, value: Value) -> Self {
        self.expect.headers.push(HeaderCheck::Json(name.to_owned(), value));
        self
    }

    /// Expects an empty body.
    pub fn expect_empty(mut self) -> Self {
        self.expect.body = BodyCheck::Empty;
        self
    }

    /// Expects exactly this body.
    pub fn expect_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.expect.body = BodyCheck::Exact(body.into());
        self
    }

    /// Expects a body containing this text.
    pub fn expect_body_contains(mut self, text: &str) -> Self {
        self.expect.body = BodyCheck::Contains(text.to_owned());
        self
    }

    /// Expects this JSON body.
    pub fn expect_json(mut self, value: Value) -> Self {
        self.expect.body = BodyCheck::Json(value);
        self
    }

    /// Expects a stream of these chunks, each at least `min_gap` after the previous one.
    pub fn expect_stream(mut self, chunks: &[&str], min_gap: Duration) -> Self {
        self.expect.stream = Some(StreamCheck {
            chunks: chunks.iter().map(|c| (*c).to_owned()).collect(),
            min_gap,
        });
        self.expect.body = BodyCheck::Exact(chunks.concat().into_bytes());
        self
    }

    /// Marks a streaming case: Lambda's buffered mode returns the whole body at once.
    pub fn streams(self) -> Self {
        self.exempt(
            Target::Lambda,
            "buffered Lambda invocations return the whole response at once; AWS streams only with \
             InvokeMode RESPONSE_STREAM (Lambda response streaming), which the lambda-streaming harness runs",
        )
    }

    /// Marks the case as unable to hold on `target`, with the platform's documented reason.
    pub fn exempt(mut self, target: Target, reason: &str) -> Self {
        self.exempt.push((target, reason.to_owned()));
        self
    }
}
