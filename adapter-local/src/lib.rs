//! # routeway-local
//!
//! Serves a routeway [`App`] on a local hyper server: the default way to run an app.
//!
//! ```no_run
//! # fn app() -> routeway::App { routeway::App::new() }
//! fn main() {
//!     // PORT (3000) and HOST (127.0.0.1) from the environment; Ctrl-C or SIGTERM shut it down gracefully.
//!     routeway_local::run(app());
//! }
//! ```
//!
//! It prints the route table at startup and one log line per request (method, path, status,
//! milliseconds; a streamed answer's line is written when the stream ends, and says if it failed). Production defaults: a header-read timeout that is really enforced (a timer is set),
//! a header size limit, and a request body limit (4 MiB unless configured) answered with `413`.

#![warn(missing_docs, missing_debug_implementations)]

mod connection_timer;
mod convert;
mod disk_store;
mod drain;
mod fetch_client;
mod log_format;
mod log_writer;
mod logged_body;
mod platform;
mod read_timeout;
#[cfg(feature = "fetch")]
mod redirect;
mod server;

pub use disk_store::{DiskStore, CACHE_DIR_VAR, DEFAULT_DISK_ENTRIES};
use log_writer::LogWriter;
pub use log_writer::{LogDelivery, BATCH_DELAY};
pub use platform::LocalPlatform;
pub use server::{RunningServer, Server};

use routeway::App;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Serves `app` on `HOST:PORT` (default `127.0.0.1:3000`) until Ctrl-C or SIGTERM, building a tokio
/// runtime.
///
/// # Panics
/// If the runtime cannot start or the port cannot be bound; the message says which.
pub fn run(app: App) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("start the tokio runtime");
    if let Err(error) = runtime.block_on(serve(app)) {
        eprintln!("routeway: {error}");
        std::process::exit(1);
    }
}

/// Serves `app` on `HOST:PORT` (default `127.0.0.1:3000`; `HOST=0.0.0.0` listens on every interface)
/// until Ctrl-C or SIGTERM; with `ROUTEWAY_CACHE_DIR` set,
/// cached responses and data entries are kept on disk there and survive a restart.
pub async fn serve(app: App) -> std::io::Result<()> {
    let _logs = init_tracing();
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        tracing::warn!(
            "started as a Lambda function, but this is the local server: it answers HTTP on its port, not \
             Lambda invocations. Deploy (or name in `cargo lambda watch` URLs) the binary that calls \
             `routeway_lambda::run`"
        );
    }
    let app = match std::env::var_os(CACHE_DIR_VAR) {
        Some(dir) => {
            let store = DiskStore::open(&dir).map_err(|error| {
                std::io::Error::new(
                    error.kind(),
                    format!(
                        "{CACHE_DIR_VAR}={}: cannot open the cache folder: {error}",
                        dir.to_string_lossy()
                    ),
                )
            })?;
            println!("cache: {} entries on disk in {}", store.len(), store.dir().display());
            app.with_cache_store(std::sync::Arc::new(store))
        }
        None => app,
    };
    let port = match std::env::var("PORT") {
        Ok(port) => port.parse::<u16>().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("PORT={port} is not a port number"),
            )
        })?,
        Err(_) => 3000,
    };
    let address = match std::env::var("HOST") {
        Ok(host) => listen_address(&host, port).await?,
        Err(_) => std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, port)),
    };
    Server::new(app).address(address).serve_until_signal().await
}

/// `HOST` as an address to listen on: an IP address (`0.0.0.0`, `::1`) or a name that resolves.
async fn listen_address(host: &str, port: u16) -> std::io::Result<std::net::SocketAddr> {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(std::net::SocketAddr::new(ip, port));
    }
    let unknown = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("HOST={host} is neither an IP address nor a name this machine resolves; use 0.0.0.0 to listen on every interface (in a container, say)"),
        )
    };
    tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| unknown())?
        .next()
        .ok_or_else(unknown)
}

/// Installs a `tracing` subscriber unless one is set: levels from `RUST_LOG` (`warn`,
/// `info,routeway=debug`, ...; `info` when unset or unreadable).
///
/// Lines go to stdout in batches ([`LogDelivery::Batched`]): a line per request costs neither a
/// write system call nor a thread wake-up per request. Keep the returned guard alive: dropping it
/// writes what is left.
pub fn init_tracing() -> Option<LogGuard> {
    init_tracing_with(LogDelivery::Batched)
}

/// [`init_tracing`] with the lines delivered as `delivery` says.
pub fn init_tracing_with(delivery: LogDelivery) -> Option<LogGuard> {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|directives| directives.parse::<tracing_subscriber::filter::Targets>().ok())
        .unwrap_or_else(|| tracing_subscriber::filter::Targets::new().with_default(tracing::Level::INFO));
    let (writer, guard) = LogWriter::new(delivery, Box::new(std::io::stdout()));
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .event_format(log_format::LineFormat)
                .with_writer(writer),
        )
        .try_init();
    installed.is_ok().then_some(LogGuard(guard))
}

/// Keeps the log writer running; dropping it writes the remaining lines.
pub struct LogGuard(#[allow(dead_code)] log_writer::WriterGuard);

impl std::fmt::Debug for LogGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogGuard")
    }
}
