//! The Cloudflare harness: each app's Worker (built by worker-build) under `wrangler dev`, which runs
//! real workerd on loopback. The Workers are built beforehand (`cargo xtask test` runs
//! `wrangler deploy --dry-run` per app, which runs the app's `[build]` command).

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{free_port, send_over_tcp, Harness, Observed};
use crate::case::{AppId, CaseRequest, Target};

/// One app's `wrangler dev`, stopped with its workerd children on drop.
#[derive(Debug)]
struct Instance {
    port: u16,
    process: Child,
}

impl Drop for Instance {
    fn drop(&mut self) {
        // wrangler runs workerd as a child: signal the whole process group.
        let group = format!("-{}", self.process.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.process.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.process.wait();
    }
}

/// Sends cases to each app's Worker under workerd.
#[derive(Debug)]
pub struct Workerd {
    instances: HashMap<AppId, Instance>,
}

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The folder holding an app's `Cargo.toml` and `wrangler.toml`.
pub fn app_dir(app: AppId) -> PathBuf {
    root().join(match app {
        AppId::Example => "examples/app-routes",
        AppId::Spec => "tests/spec-app",
        AppId::Next => "tests/next-app-routes",
    })
}

/// A wrangler config for the already-built Worker: the app's own settings, no `[build]` step, the
/// cache's KV namespace (simulated locally by wrangler) and the test's variables.
fn test_config(dir: &Path, env: &[(String, String)]) -> Result<PathBuf, String> {
    let original = std::fs::read_to_string(dir.join("wrangler.toml")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let date = original
        .lines()
        .find(|line| line.starts_with("compatibility_date"))
        .ok_or("wrangler.toml has no compatibility_date")?;
    let mut config = format!(
        "name = \"routeway-test\"\nmain = \"worker/shim.mjs\"\n{date}\n\n\
         [[kv_namespaces]]\nbinding = \"ROUTEWAY_CACHE\"\nid = \"routeway-test-cache\"\n\n[vars]\n"
    );
    for (name, value) in env {
        // A whole number goes in as a TOML number, as a user would write `RETRIES = 3`: the Worker
        // must read it as text like every other target.
        match value.parse::<i64>() {
            Ok(number) => config.push_str(&format!("{name} = {number}\n")),
            Err(_) => config.push_str(&format!("{name} = {}\n", serde_json::Value::String(value.clone()))),
        }
    }
    let path = dir.join("build/wrangler.test.toml");
    std::fs::write(&path, config).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

impl Workerd {
    /// Starts `wrangler dev` for each app; the Workers see `env` as `[vars]`.
    pub async fn start(apps: &[AppId], env: &[(String, String)]) -> Result<Self, String> {
        let mut instances = HashMap::new();
        for app in apps {
            instances.insert(*app, Self::start_one(*app, env).await?);
        }
        Ok(Self { instances })
    }

    async fn start_one(app: AppId, env: &[(String, String)]) -> Result<Instance, String> {
        let dir = app_dir(app);
        if !dir.join("build/worker/shim.mjs").exists() {
            return Err(format!(
                "{} has no built Worker: run `cargo xtask test` (or `npx wrangler build` in that folder) first",
                dir.display()
            ));
        }
        let config = test_config(&dir, env)?;
        let wrangler = root().join("node_modules/.bin/wrangler");
        let port = free_port().map_err(|e| e.to_string())?;
        let inspector = free_port().map_err(|e| e.to_string())?;
        let log_path = dir.join("build/wrangler-dev.log");
        // A fresh Cache API and KV per run: entries a previous run left would answer its MISS cases.
        let state = dir.join("build/wrangler-state");
        match std::fs::remove_dir_all(&state) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(format!("cannot clear {}: {error}", state.display())),
        }
        let log = File::create(&log_path).map_err(|e| e.to_string())?;
        let process = Command::new(&wrangler)
            .current_dir(&dir)
            .args(["dev", "--config"])
            .arg(&config)
            .args(["--ip", "127.0.0.1", "--port", &port.to_string()])
            .args(["--inspector-port", &inspector.to_string()])
            .arg("--persist-to")
            .arg(&state)
            .args(["--show-interactive-dev-session=false", "--log-level", "warn"])
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CI", "true")
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {} (npm ci installs it): {e}", wrangler.display()))?;
        let mut instance = Instance { port, process };
        let probe = CaseRequest {
            method: "OPTIONS".into(),
            target: "/".into(),
            headers: Vec::new(),
            body: Vec::new(),
            stream_chunks: None,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if send_over_tcp(&format!("127.0.0.1:{port}"), &probe).await.is_ok() {
                return Ok(instance);
            }
            if let Ok(Some(status)) = instance.process.try_wait() {
                return Err(format!("wrangler dev exited ({status}); see {}", log_path.display()));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "wrangler dev did not answer within 60 s; see {}",
                    log_path.display()
                ));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl Harness for Workerd {
    fn target(&self) -> Target {
        Target::Cloudflare
    }

    async fn send(&self, app: AppId, request: &CaseRequest) -> Result<Observed, String> {
        let instance = self
            .instances
            .get(&app)
            .ok_or_else(|| format!("no Worker for {app:?}"))?;
        send_over_tcp(&format!("127.0.0.1:{}", instance.port), request).await
    }
}
