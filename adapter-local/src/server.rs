//! The hyper server: accept loop, per-connection limits, logging, graceful shutdown.

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use routeway::request::RequestContext;
use routeway::request::DEFAULT_BODY_LIMIT;
use routeway::{App, PlatformHandle};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::connection_timer::ConnectionTimer;
use crate::convert::{from_hyper_request, malformed};
use crate::logged_body::{Logged, RequestLine};
use crate::platform::LocalPlatform;

/// A configurable local server.
///
/// ```no_run
/// # async fn demo(app: routeway::App) -> std::io::Result<()> {
/// routeway_local::Server::new(app)
///     .port(3100)
///     .body_limit(16 * 1024 * 1024)
///     .serve_until_signal()
///     .await
/// # }
/// ```
#[derive(Debug)]
pub struct Server {
    app: App,
    address: SocketAddr,
    body_limit: usize,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    shutdown_timeout: Duration,
    max_header_bytes: usize,
    platform: LocalPlatform,
    print_routes: bool,
}

/// A server running in the background (tests, embedding): its address and a way to stop it.
/// Dropping it stops the server too, without waiting for open requests.
#[derive(Debug)]
#[must_use = "dropping a RunningServer stops the server; keep it for as long as it should serve"]
pub struct RunningServer {
    address: SocketAddr,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

/// The longest timeout the timers take: deadlines are computed as now plus the timeout, and a
/// longer one (`Duration::MAX`) would overflow.
const LONGEST_TIMEOUT: Duration = Duration::from_secs(365 * 24 * 60 * 60);

impl Server {
    /// A server for `app` on `127.0.0.1:3000` with production defaults: 4 MiB bodies, 16 KiB of
    /// headers read within 10 seconds, no pause over 30 seconds while a body is read, and at most
    /// 10 seconds for open requests to finish at shutdown.
    pub fn new(app: App) -> Self {
        Self {
            app,
            address: SocketAddr::from((Ipv4Addr::LOCALHOST, 3000)),
            body_limit: DEFAULT_BODY_LIMIT,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            shutdown_timeout: Duration::from_secs(10),
            max_header_bytes: 16 * 1024,
            platform: LocalPlatform::new(),
            print_routes: true,
        }
    }

    /// Listens on this port of `127.0.0.1` (`0` picks a free one).
    pub fn port(mut self, port: u16) -> Self {
        self.address.set_port(port);
        self
    }

    /// Listens on this address.
    pub fn address(mut self, address: SocketAddr) -> Self {
        self.address = address;
        self
    }

    /// The most body bytes a request may send; more answers `413`.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long a client may take to send its request headers before the connection is closed. A
    /// timeout over a year (`Duration::MAX` for none) is taken as a year.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// How long a request body may pause while a handler reads it; longer answers `408 Request
    /// Timeout`. A timeout over a year (`Duration::MAX` for none) is taken as a year.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// How long shutdown waits for open requests (a long stream, say) to finish; then it goes on
    /// without them (`serve_until_signal` returns, and the process exiting closes them).
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = timeout;
        self
    }

    /// The most header bytes a request may send (the HTTP/1 read buffer, at least 8 KiB); more is
    /// answered `431 Request Header Fields Too Large`.
    pub fn max_header_bytes(mut self, bytes: usize) -> Self {
        self.max_header_bytes = bytes.max(8192);
        self
    }

    /// The platform handlers see (environment overrides for tests).
    pub fn platform(mut self, platform: LocalPlatform) -> Self {
        self.platform = platform;
        self
    }

    /// Whether to print the route table when listening (default: yes).
    pub fn print_routes(mut self, print: bool) -> Self {
        self.print_routes = print;
        self
    }

    /// Serves until Ctrl-C or SIGTERM, then lets open requests finish.
    pub async fn serve_until_signal(self) -> std::io::Result<()> {
        let running = self.start().await?;
        shutdown_signal().await;
        tracing::info!("shutting down: finishing open requests");
        running.stop().await;
        Ok(())
    }

    /// Binds and serves in the background.
    pub async fn start(self) -> std::io::Result<RunningServer> {
        let listener = TcpListener::bind(self.address).await.map_err(|error| {
            std::io::Error::new(error.kind(), format!("cannot listen on {}: {error}", self.address))
        })?;
        let address = listener.local_addr()?;
        if let Some(warning) = routeway::app::panic_abort_warning() {
            tracing::warn!("{warning}");
        }
        if self.print_routes {
            println!("routeway: routes\n{}", self.app.route_table());
            println!("routeway: listening on http://{address}");
        }
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, Arc::new(self), stopped));
        Ok(RunningServer { address, stop, task })
    }
}

impl RunningServer {
    /// The bound address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting, waits for open connections to finish, at most the shutdown timeout.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

async fn accept_loop(listener: TcpListener, server: Arc<Server>, mut stopped: watch::Receiver<bool>) {
    let graceful = GracefulShutdown::new();
    let platform = PlatformHandle::new(server.platform.clone());
    let mut builder = http1::Builder::new();
    builder.max_buf_size(server.max_header_bytes);
    loop {
        let (stream, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!("accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopped.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let app = server.app.clone();
        let body_limit = server.body_limit;
        let body_read_timeout = server.body_read_timeout;
        let context = RequestContext::new(platform.clone())
            .with_client_addr(client)
            .with_body_limit(body_limit);
        let service = service_fn(move |request| handle_logged(&app, request, body_limit, body_read_timeout, &context));
        // hyper enforces the header-read timeout only with a timer; each connection gets its own.
        let mut connection_builder = builder.clone();
        connection_builder
            .timer(ConnectionTimer::default())
            .header_read_timeout(server.header_read_timeout);
        let connection = graceful.watch(connection_builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                log_connection_error(client, &error);
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(server.shutdown_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "shutting down with connections still open {:?} after the signal",
            server.shutdown_timeout
        );
    }
    if !server.platform.finish_background_work(BACKGROUND_WORK_LIMIT).await {
        tracing::warn!(
            "shutting down with after-response work still running after {}s",
            BACKGROUND_WORK_LIMIT.as_secs()
        );
    }
}

/// A request hyper could not parse never reaches the app: hyper answers it (an empty `400`, `414` or
/// `431`) and closes the connection. It gets a line like a served request, naming what was wrong.
/// Other ends (the client went away, an idle keep-alive connection timed out) are routine: debug.
fn log_connection_error(client: SocketAddr, error: &hyper::Error) {
    if error.is_parse() {
        tracing::info!("refused a malformed request from {client}: {error}");
    } else {
        tracing::debug!("connection from {client} ended: {error}");
    }
}

/// How long shutdown waits for `wait_until` work (cache writes, regenerations) after the last
/// response went out.
const BACKGROUND_WORK_LIMIT: Duration = Duration::from_secs(10);

/// Routes the request now and returns the rest of the work with the log line at its end (a streamed
/// answer's line waits for the stream's end). Not an `async fn`: the future then holds neither the
/// app nor the request, only what is left to do, and hyper moves it into place on every request.
fn handle_logged(
    app: &App,
    request: http::Request<Incoming>,
    body_limit: usize,
    body_read_timeout: Duration,
    context: &RequestContext,
) -> Logged<impl Future<Output = routeway::Response> + Send + 'static> {
    let started = Instant::now();
    let context = match malformed(&request) {
        None => context.clone(),
        Some(problem) => context.clone().with_malformed(problem),
    };
    let request = from_hyper_request(request, body_limit, body_read_timeout);
    let line = RequestLine::new(request.method(), request.uri().path(), started);
    Logged::new(app.handle_with(request, context), line)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
