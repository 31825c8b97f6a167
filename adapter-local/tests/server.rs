//! The local server's production defaults over real sockets: header-read and body-read timeouts,
//! header size limit, graceful shutdown finishing an open stream (within its timeout), and the route
//! table printed at startup; a request hyper refuses gets a log line.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use routeway::{App, ResponseExt, Route};
use routeway_local::{RunningServer, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn hello() -> &'static str {
    "hello"
}

async fn slow_stream(ctx: routeway::Context) -> routeway::Response {
    let platform = ctx.platform().clone();
    let chunks = futures_util::stream::unfold(0u8, move |index| {
        let platform = platform.clone();
        async move {
            if index == 3 {
                return None;
            }
            platform.sleep(Duration::from_millis(150)).await;
            Some((Ok::<_, std::convert::Infallible>(format!("chunk {index};")), index + 1))
        }
    });
    routeway::response::stream(chunks)
}

async fn echo(mut req: routeway::Request) -> Result<String, routeway::Rejection> {
    req.text().await
}

async fn endless_stream() -> routeway::Response {
    let first = futures_util::stream::once(async { Ok::<_, std::convert::Infallible>("event;") });
    routeway::response::stream(first.chain(futures_util::stream::pending()))
}

async fn failing_stream() -> routeway::Response {
    let chunks = futures_util::stream::iter([Ok("first;"), Err(std::io::Error::other("upstream went away"))]);
    routeway::response::stream(chunks)
}

/// A stream that declares its length (as a proxied upstream answer does).
async fn sized_stream() -> routeway::Response {
    let chunks = futures_util::stream::iter([Ok::<_, std::convert::Infallible>("first;"), Ok("second")]);
    routeway::response::stream(chunks).with_header("content-length", "12")
}

/// A stream that declares 20 bytes and sends 12.
async fn short_stream() -> routeway::Response {
    sized_stream().await.with_header("content-length", "20")
}

/// A streamed body on a `204`, which hyper never sends.
async fn no_content_stream() -> routeway::Response {
    sized_stream().await.with_status(routeway::http::StatusCode::NO_CONTENT)
}

/// Answers after 300 ms.
async fn slow_answer(ctx: routeway::Context) -> &'static str {
    ctx.platform().sleep(Duration::from_millis(300)).await;
    "late"
}

fn app() -> App {
    App::new()
        .route("/hello", Route::new().get(hello))
        .route("/sized", Route::new().get(sized_stream).head(sized_stream))
        .route("/short", Route::new().get(short_stream))
        .route("/no-content", Route::new().get(no_content_stream))
        .route("/slow-answer", Route::new().get(slow_answer))
        .route("/failing", Route::new().get(failing_stream))
        .route("/slow", Route::new().get(slow_stream))
        .route("/echo", Route::new().post(echo))
        .route("/endless", Route::new().get(endless_stream))
}

async fn read_all(stream: &mut TcpStream, limit: Duration) -> String {
    let mut buffer = Vec::new();
    let _ = tokio::time::timeout(limit, stream.read_to_end(&mut buffer)).await;
    String::from_utf8_lossy(&buffer).into_owned()
}

/// `app()` on a free port, without the route table printout, with the setting under test applied.
async fn start(configure: impl FnOnce(Server) -> Server) -> RunningServer {
    configure(Server::new(app()).port(0).print_routes(false))
        .start()
        .await
        .unwrap()
}

/// Everything `server` sends back to `request` until it closes the connection (at most 5 s).
async fn answer_to(server: &RunningServer, request: &[u8]) -> String {
    let mut stream = send(server, request).await;
    read_all(&mut stream, Duration::from_secs(5)).await
}

/// A connection to `server` that has sent `request`.
async fn send(server: &RunningServer, request: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(server.address()).await.unwrap();
    stream.write_all(request).await.unwrap();
    stream
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let server = start(|server| server.header_read_timeout(Duration::from_millis(300))).await;
    let mut stream = send(&server, b"GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ").await;
    let started = Instant::now();
    let answer = read_all(&mut stream, Duration::from_secs(5)).await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the server kept a half-sent request open"
    );
    assert!(
        !answer.contains("hello"),
        "no response to an unfinished request: {answer:?}"
    );
    server.stop().await;
}

/// A connection's header deadlines share one alarm, set by the first request's head. It goes off while
/// the slow first request is being served; the second request, sent after that but within its own
/// deadline, is answered, and the idle connection after it is still closed.
#[tokio::test]
async fn the_header_deadline_restarts_with_every_request_on_a_connection() {
    let server = start(|server| server.header_read_timeout(Duration::from_millis(1200))).await;
    let connected = Instant::now();
    let mut stream = send(&server, b"GET /slow-answer HTTP/1.1\r\nHost: x\r\n").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    stream.write_all(b"\r\n").await.unwrap();
    let mut first = Vec::new();
    let mut buffer = [0u8; 1024];
    while !String::from_utf8_lossy(&first).contains("late") {
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer))
            .await
            .expect("the first answer did not come")
            .unwrap();
        assert!(
            read > 0,
            "closed before the first answer: {:?}",
            String::from_utf8_lossy(&first)
        );
        first.extend_from_slice(&buffer[..read]);
    }
    // The second head's deadline is 1.2 s after this answer; send it after the first head's
    // deadline (1.2 s after connecting) has passed.
    let answered = Instant::now();
    tokio::time::sleep_until((connected + Duration::from_millis(1500)).into()).await;
    stream
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let rest = read_all(&mut stream, Duration::from_secs(6)).await;
    assert!(rest.ends_with("hello"), "the second request was not answered: {rest:?}");
    assert!(
        answered.elapsed() < Duration::from_secs(5),
        "the idle connection was not closed after its header deadline"
    );
    server.stop().await;
}

#[tokio::test]
async fn oversized_headers_are_refused() {
    let server = start(|server| server.max_header_bytes(8 * 1024)).await;
    let mut stream = TcpStream::connect(server.address()).await.unwrap();
    let big = "a".repeat(20 * 1024);
    let request = format!("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\nConnection: close\r\n\r\n");
    let _ = stream.write_all(request.as_bytes()).await;
    let answer = read_all(&mut stream, Duration::from_secs(5)).await;
    assert!(
        answer.starts_with("HTTP/1.1 431"),
        "expected 431, got {:?}",
        answer.lines().next()
    );
    server.stop().await;
}

/// Log output written while the guard lives, on this thread: the `#[tokio::test]` runtime runs the
/// server's tasks here too.
#[derive(Clone, Default)]
struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl CapturedLogs {
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_writer(self.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for CapturedLogs {
    type Writer = Self;

    fn make_writer(&'a self) -> Self {
        self.clone()
    }
}

#[tokio::test]
async fn a_request_hyper_refuses_is_logged_with_what_was_wrong() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let server = start(|server| server).await;
    let answer = answer_to(
        &server,
        b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer:?}");
    let line = logs.line_with("refused a malformed request from 127.0.0.1:").await;
    assert!(line.contains("invalid content-length"), "{line}");
    server.stop().await;
}

impl CapturedLogs {
    /// The one captured line containing `needle`, waiting up to 5 seconds for it; a second such
    /// line fails the test.
    async fn line_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let text = self.text();
            let mut matching = text.lines().filter(|line| line.contains(needle));
            if let Some(line) = matching.next() {
                assert_eq!(matching.next(), None, "two lines with {needle:?}:\n{text}");
                return line.to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "no line with {needle:?} in:\n{}",
                self.text()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// The milliseconds at the end of a request line's `… 200 452.1ms` part.
fn logged_millis(line: &str) -> f64 {
    let (before_ms, _) = line.split_once("ms").expect("a duration");
    before_ms.rsplit(' ').next().unwrap().parse().expect("milliseconds")
}

#[tokio::test]
async fn a_streamed_answer_is_logged_when_its_last_chunk_is_out() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let server = start(|server| server).await;
    let answer = answer_to(&server, b"GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert!(answer.contains("chunk 2;"), "{answer:?}");
    let line = logs.line_with("GET /slow 200 ").await;
    // Three chunks, each after a 150 ms pause: the line covers them all, not just the headers.
    assert!(logged_millis(&line) >= 450.0, "{line}");
    assert!(!line.contains("stream"), "{line}");
    server.stop().await;
}

#[tokio::test]
async fn a_stream_that_fails_or_loses_its_client_says_so_in_its_line() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let server = start(|server| server).await;
    let answer = answer_to(&server, b"GET /failing HTTP/1.1\r\nHost: x\r\n\r\n").await;
    // hyper ends the connection without the last chunk (here before the buffered first one went out).
    assert!(!answer.ends_with("0\r\n\r\n"), "{answer:?}");
    let line = logs.line_with("GET /failing 200 ").await;
    assert!(line.contains("WARN"), "{line}");
    assert!(line.ends_with("stream failed: upstream went away"), "{line}");

    let mut stream = send(&server, b"GET /endless HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let mut first = [0u8; 256];
    let read = stream.read(&mut first).await.unwrap();
    assert!(String::from_utf8_lossy(&first[..read]).contains("200"));
    drop(stream);
    let line = logs.line_with("GET /endless 200 ").await;
    assert!(
        line.ends_with("stream cut short: the connection ended before it did"),
        "{line}"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_buffered_answer_is_logged_with_method_path_status_and_milliseconds() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let server = start(|server| server).await;
    let answer = answer_to(
        &server,
        b"GET /hello?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.ends_with("hello"), "{answer:?}");
    let line = logs.line_with("GET /hello 200 ").await;
    assert!(line.contains("INFO"), "{line}");
    assert!(
        line.ends_with("ms") && !line.contains('"'),
        "the message as written: {line}"
    );
    assert!(logged_millis(&line) >= 0.0, "{line}");
    server.stop().await;
}

#[tokio::test]
async fn a_stream_with_a_declared_length_or_no_body_to_send_is_logged_as_complete() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let server = start(|server| server).await;
    let answer = answer_to(&server, b"GET /sized HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert!(answer.ends_with("\r\n\r\nfirst;second"), "{answer:?}");
    let line = logs.line_with("GET /sized 200 ").await;
    assert!(!line.contains("stream"), "hyper stops at the declared length: {line}");

    let answer = answer_to(&server, b"HEAD /sized HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert!(
        answer.starts_with("HTTP/1.1 200") && answer.ends_with("\r\n\r\n"),
        "{answer:?}"
    );
    let line = logs.line_with("HEAD /sized 200 ").await;
    assert!(!line.contains("stream"), "a HEAD answer sends no body: {line}");

    let answer = answer_to(
        &server,
        b"GET /no-content HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer:?}");
    let line = logs.line_with("GET /no-content 204 ").await;
    assert!(!line.contains("stream"), "a 204 sends no body: {line}");

    // hyper closes the connection when the body falls short (the client may get nothing at all).
    let _ = answer_to(&server, b"GET /short HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    let line = logs.line_with("GET /short 200 ").await;
    assert!(line.contains("WARN"), "{line}");
    assert!(
        line.ends_with("stream ended after 12 of its 20 declared bytes; the connection was closed"),
        "{line}"
    );
    // Every line above is there exactly once, and nothing was logged as cut short.
    assert!(!logs.text().contains("cut short"), "{}", logs.text());
    server.stop().await;
}

#[tokio::test]
async fn a_request_whose_client_leaves_before_the_answer_gets_a_line() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let server = start(|server| server).await;
    let stream = send(&server, b"GET /slow-answer HTTP/1.1\r\nHost: x\r\n\r\n").await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    drop(stream);
    let line = logs.line_with("GET /slow-answer ").await;
    assert!(
        line.ends_with("no answer: the connection ended while the handler ran"),
        "{line}"
    );
    assert!(line.contains("GET /slow-answer - "), "{line}");
    server.stop().await;
}

#[tokio::test]
async fn shutdown_lets_an_open_stream_finish() {
    let server = start(|server| server).await;
    let mut stream = send(&server, b"GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    let mut first = [0u8; 64];
    let read = stream.read(&mut first).await.unwrap();
    assert!(String::from_utf8_lossy(&first[..read]).starts_with("HTTP/1.1 200"));
    let address = server.address();
    let stopping = tokio::spawn(server.stop());
    let rest = read_all(&mut stream, Duration::from_secs(5)).await;
    let whole = format!("{}{rest}", String::from_utf8_lossy(&first[..read]));
    assert!(whole.contains("chunk 2;"), "the stream was cut: {whole:?}");
    tokio::time::timeout(Duration::from_secs(5), stopping)
        .await
        .unwrap()
        .unwrap();
    assert!(
        TcpStream::connect(address).await.is_err(),
        "still accepting after shutdown"
    );
}

#[tokio::test]
async fn requests_hyper_parses_but_http_forbids_are_400() {
    let server = start(|server| server).await;
    for (request, problem) in [
        ("GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n", "`Host` header"),
        (
            "GET hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "path starting with `/`",
        ),
        (
            "GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "path starting with `/`",
        ),
        (
            "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "path starting with `/`",
        ),
    ] {
        let answer = answer_to(&server, request.as_bytes()).await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{request:?}: {answer:?}");
        assert!(answer.contains(problem), "{request:?}: {answer:?}");
    }
    let answer = answer_to(&server, b"GET /hello HTTP/1.0\r\n\r\n").await;
    assert!(answer.ends_with("hello"), "HTTP/1.0 needs no Host: {answer:?}");
    server.stop().await;
}

#[tokio::test]
async fn a_broken_chunked_body_is_400_saying_what_broke() {
    let server = start(|server| server).await;
    let answer = answer_to(&server, b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer:?}");
    assert!(answer.contains("Invalid chunk size line"), "{answer:?}");
    server.stop().await;
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_408() {
    let server = start(|server| server.body_read_timeout(Duration::from_millis(300))).await;
    let answer = answer_to(
        &server,
        b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nx",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 408"), "expected 408, got {answer:?}");
    assert!(answer.contains("no data arrived"), "{answer:?}");
    server.stop().await;
}

#[tokio::test]
async fn shutdown_gives_up_on_an_endless_stream_after_its_timeout() {
    let server = start(|server| server.shutdown_timeout(Duration::from_millis(300))).await;
    let mut stream = send(&server, b"GET /endless HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let mut first = [0u8; 256];
    let read = stream.read(&mut first).await.unwrap();
    assert!(String::from_utf8_lossy(&first[..read]).starts_with("HTTP/1.1 200"));
    tokio::time::timeout(Duration::from_secs(5), server.stop())
        .await
        .expect("shutdown waited on the endless stream");
}

#[test]
fn route_table_lists_kind_path_methods_runtime_and_config() {
    use routeway::config::{Dynamic, RouteConfig, Runtime};
    async fn reads(req: routeway::Request) -> String {
        req.path().to_owned()
    }
    let app = App::new()
        .route("/hello", Route::new().get(hello))
        .route("/items/[slug]", Route::new().get(reads).post(reads))
        .route(
            "/edge",
            Route::new()
                .get(hello)
                .config(RouteConfig::new().dynamic(Dynamic::ForceDynamic).runtime(Runtime::Edge)),
        );
    let table = app.route_table();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "ƒ      /edge          GET        edge    dynamic=force-dynamic"
    );
    assert_eq!(lines[1], "○      /hello         GET        nodejs");
    assert_eq!(lines[2], "ƒ      /items/[slug]  GET, POST  nodejs");
}
