//! The Lambda harness: each app's Lambda binary behind `cargo lambda watch`'s Runtime API and
//! function-URL emulator, on loopback. The binaries are built beforehand (`cargo xtask test` does it:
//! building from inside a running `cargo test` would wait on cargo's own lock).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::net::TcpStream;

use super::{free_port, send_over_tcp, Harness, Observed};
use crate::case::{AppId, CaseRequest, Target};

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
    port: u16,
    processes: Vec<Child>,
}

impl Drop for Instance {
    fn drop(&mut self) {
        for process in &mut self.processes {
            let _ = process.kill();
            let _ = process.wait();
        }
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
            port,
            processes: vec![emulator],
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
        let process = Command::new(&function)
            .env("AWS_LAMBDA_FUNCTION_NAME", "_")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
            .env("AWS_LAMBDA_RUNTIME_API", format!("http://127.0.0.1:{port}/.rt"))
            .env("ROUTEWAY_LAMBDA_INVOKE_MODE", mode.env_value())
            .env("RUST_LOG", "warn")
            .envs(env.iter().map(|(name, value)| (name, value)))
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", function.display()))?;
        instance.processes.push(process);
        Ok(instance)
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
        send_over_tcp(&format!("127.0.0.1:{}", instance.port), request).await
    }
}
