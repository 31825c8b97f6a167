//! The Lambda harness: each app's Lambda binary behind `cargo lambda watch`'s Runtime API and
//! function-URL emulator, on loopback. The binaries are built beforehand (`cargo xtask test` does it:
//! building from inside a running `cargo test` would wait on cargo's own lock).
//!
//! A function must answer one request before the cases run: `cargo lambda watch` can refuse the
//! first Runtime API call while it is still starting, and the function then exits, so it is started
//! again (as Lambda replaces an environment whose init failed). The emulator can also refuse a
//! later Runtime API call (`client error (SendRequest)`, seen in about one run in five): a function
//! that exits while the cases run is started again the same way, said on stderr, and the case it
//! was answering is sent once more (it never reached the handler: routeway's functions exit only
//! when the Runtime API fails). At most [`RESTARTS`] times per function and run, so a function
//! that keeps exiting fails the remaining cases at once instead of leaving each to time out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::net::TcpStream;

use super::{free_port, send_over_tcp, Harness, Observed};
use crate::case::{AppId, CaseRequest, Target};

/// How many times a function that exits before its first answer is started.
const STARTS: usize = 3;

/// How many times a function that exits while the cases run is started again.
const RESTARTS: u32 = 3;

/// How the functions answer: the two invoke modes of `routeway-lambda`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvokeMode {
    /// `BUFFERED`.
    Buffered,
    /// `RESPONSE_STREAM`.
    ResponseStream,
}

impl InvokeMode {
    fn env_value(self) -> &'static str {
        match self {
            Self::Buffered => "BUFFERED",
            Self::ResponseStream => "RESPONSE_STREAM",
        }
    }
}

/// One app's emulator and function processes; both are killed on drop.
#[derive(Debug)]
struct Instance {
    app: AppId,
    port: u16,
    mode: InvokeMode,
    env: Vec<(String, String)>,
    emulator: Child,
    function: Option<Mutex<Child>>,
    restarts: std::sync::atomic::AtomicU32,
}

impl Instance {
    /// Why the function cannot answer any more, if it exited.
    fn function_exited(&self) -> Option<String> {
        let function = self.function.as_ref()?;
        let status = locked(function).try_wait().ok().flatten()?;
        Some(format!("the function process exited ({status})"))
    }

    /// Starts the function again after it exited (`why`), unless it used up its restarts.
    async fn restart(&self, why: &str) -> Result<(), String> {
        let restarts = self.restarts.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if restarts > RESTARTS {
            return Err(format!("{why}; it was started again {RESTARTS} times already"));
        }
        eprintln!(
            "lambda harness: {} stopped ({why}); starting it again ({restarts} of {RESTARTS})",
            binary(self.app)
        );
        let process = started(&binaries_dir().join(binary(self.app)), self.port, self.mode, &self.env)
            .await
            .map_err(|problem| format!("{why}; started again, it gave no first answer: {problem}"))?;
        if let Some(function) = &self.function {
            let mut old = std::mem::replace(&mut *locked(function), process);
            stop(&mut old);
        }
        Ok(())
    }

    /// Sends `request` to the function.
    async fn send_watching(&self, request: &CaseRequest) -> Result<Observed, NoAnswer> {
        answer_unless_exited(self.port, request, || self.function_exited()).await
    }
}

/// Why a request sent to a function got no answer.
enum NoAnswer {
    /// The request failed (no answer in time, a broken connection).
    Failed(String),
    /// The function process exited before it answered.
    Exited(String),
}

impl NoAnswer {
    fn into_message(self) -> String {
        match self {
            Self::Failed(problem) | Self::Exited(problem) => problem,
        }
    }
}

/// Sends `request` through the emulator on `port`, giving up as soon as `exited` says why the
/// function process is gone.
async fn answer_unless_exited(
    port: u16,
    request: &CaseRequest,
    mut exited: impl FnMut() -> Option<String>,
) -> Result<Observed, NoAnswer> {
    let address = format!("127.0.0.1:{port}");
    let answer = send_over_tcp(&address, request);
    tokio::pin!(answer);
    loop {
        tokio::select! {
            answered = &mut answer => return answered.map_err(NoAnswer::Failed),
            () = tokio::time::sleep(Duration::from_millis(100)) => {
                if let Some(why) = exited() {
                    return Err(NoAnswer::Exited(why));
                }
            }
        }
    }
}

fn locked(process: &Mutex<Child>) -> std::sync::MutexGuard<'_, Child> {
    process.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn stop(process: &mut Child) {
    let _ = process.kill();
    let _ = process.wait();
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Some(function) = &self.function {
            stop(&mut locked(function));
        }
        stop(&mut self.emulator);
    }
}

/// Sends cases through `cargo lambda watch`'s function-URL endpoint.
#[derive(Debug)]
pub struct LambdaEmulator {
    mode: InvokeMode,
    instances: HashMap<AppId, Instance>,
}

/// The binary each app ships for Lambda.
fn binary(app: AppId) -> &'static str {
    match app {
        AppId::Example => "app-routes-lambda",
        AppId::Spec => "spec-app-lambda",
        AppId::Next => "next-app-routes-lambda",
    }
}

fn binaries_dir() -> PathBuf {
    match std::env::var_os("ROUTEWAY_LAMBDA_BIN_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/debug"),
    }
}

impl LambdaEmulator {
    /// Starts an emulator and a function process per app; the functions see `env`.
    pub async fn start(apps: &[AppId], mode: InvokeMode, env: &[(String, String)]) -> Result<Self, String> {
        let mut instances = HashMap::new();
        for app in apps {
            let instance = Self::start_one(*app, mode, env).await?;
            instances.insert(*app, instance);
        }
        Ok(Self { mode, instances })
    }

    async fn start_one(app: AppId, mode: InvokeMode, env: &[(String, String)]) -> Result<Instance, String> {
        let function = binaries_dir().join(binary(app));
        if !function.exists() {
            return Err(format!(
                "{} is missing: build the Lambda binaries first (`cargo build -p app-routes -p spec-app --bins` and `cargo build -p next-app-routes --bins`, which `cargo xtask test` runs)",
                function.display()
            ));
        }
        let port = free_port().map_err(|e| e.to_string())?;
        let emulator = Command::new("cargo")
            .args([
                "lambda",
                "watch",
                "--only-lambda-apis",
                "--disable-cors",
                "--invoke-address",
                "127.0.0.1",
            ])
            .args(["--invoke-port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start `cargo lambda watch` (pip install cargo-lambda): {e}"))?;
        let mut instance = Instance {
            app,
            port,
            mode,
            env: env.to_vec(),
            emulator,
            function: None,
            restarts: std::sync::atomic::AtomicU32::new(0),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            if Instant::now() > deadline {
                return Err(format!(
                    "`cargo lambda watch` did not listen on port {port} within 30 s"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        for start in 1..=STARTS {
            match started(&function, port, mode, env).await {
                Ok(process) => {
                    instance.function = Some(Mutex::new(process));
                    return Ok(instance);
                }
                Err(problem) if start < STARTS => {
                    eprintln!(
                        "lambda harness: {} gave no first answer ({problem}); starting it again",
                        binary(app)
                    );
                }
                Err(problem) => {
                    return Err(format!(
                        "{} gave no first answer in {STARTS} starts: {problem}",
                        binary(app)
                    ));
                }
            }
        }
        unreachable!("the last start returns")
    }
}

fn spawn_function(function: &Path, port: u16, mode: InvokeMode, env: &[(String, String)]) -> Result<Child, String> {
    Command::new(function)
        .env("AWS_LAMBDA_FUNCTION_NAME", "_")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
        .env("AWS_LAMBDA_RUNTIME_API", format!("http://127.0.0.1:{port}/.rt"))
        .env("ROUTEWAY_LAMBDA_INVOKE_MODE", mode.env_value())
        .env("RUST_LOG", "warn")
        .envs(env.iter().map(|(name, value)| (name, value)))
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", function.display()))
}

/// Starts the function and waits for its answer to a request for a path no app serves (any status
/// will do); a function that exits first, or does not answer, is stopped and the reason returned.
async fn started(function: &Path, port: u16, mode: InvokeMode, env: &[(String, String)]) -> Result<Child, String> {
    let mut process = spawn_function(function, port, mode, env)?;
    let probe = CaseRequest {
        method: "GET".to_owned(),
        target: "/__lambda-harness-first-request".to_owned(),
        headers: Vec::new(),
        body: Vec::new(),
        stream_chunks: None,
    };
    let answered = answer_unless_exited(port, &probe, || {
        let status = process.try_wait().ok().flatten()?;
        Some(format!("the function exited ({status})"))
    })
    .await;
    match answered {
        Ok(_) => Ok(process),
        Err(problem) => {
            stop(&mut process);
            Err(problem.into_message())
        }
    }
}

impl Harness for LambdaEmulator {
    fn target(&self) -> Target {
        match self.mode {
            InvokeMode::Buffered => Target::Lambda,
            InvokeMode::ResponseStream => Target::LambdaStreaming,
        }
    }

    async fn send(&self, app: AppId, request: &CaseRequest) -> Result<Observed, String> {
        let instance = self
            .instances
            .get(&app)
            .ok_or_else(|| format!("no Lambda instance for {app:?}"))?;
        if let Some(exited) = instance.function_exited() {
            instance.restart(&exited).await?;
        }
        match instance.send_watching(request).await {
            Ok(observed) => Ok(observed),
            Err(NoAnswer::Failed(problem)) => Err(problem),
            Err(NoAnswer::Exited(exited)) => {
                instance.restart(&format!("{exited} while this case waited")).await?;
                instance.send_watching(request).await.map_err(NoAnswer::into_message)
            }
        }
    }
}
