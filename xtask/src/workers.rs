//! The Cloudflare Workers toolchain and builds: the wasm32 target, wasm-bindgen-cli at the version
//! in Cargo.lock, worker-build, and wrangler + binaryen from npm (pinned in package.json and its
//! lockfile). Each is installed when missing and reused when present at the right version.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::{self, workspace_root};

/// The apps with a `wrangler.toml`, as folders under the workspace root.
pub const WORKER_APPS: [&str; 3] = ["examples/app-routes", "tests/spec-app", "tests/next-app-routes"];

/// Where the tools and the built Worker bundles are.
#[derive(Debug)]
pub struct Toolchain {
    wasm_bindgen: PathBuf,
    wasm_opt: PathBuf,
    cargo_bin: PathBuf,
}

/// Installs whatever of the toolchain is missing.
pub fn ensure() -> Result<Toolchain, String> {
    ensure_wasm_target()?;
    let cargo_bin = cargo_home().join("bin");
    let bindgen_version = locked_version("wasm-bindgen")?;
    ensure_cargo_tool(
        &cargo_bin,
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &bindgen_version,
        |out| out.split_whitespace().nth(1).map(str::to_owned),
    )?;
    let worker_version = locked_version("worker")?;
    ensure_cargo_tool(&cargo_bin, "worker-build", "worker-build", &worker_version, |out| {
        out.split_whitespace().last().map(str::to_owned)
    })?;
    ensure_npm_tools()?;
    Ok(Toolchain {
        wasm_bindgen: cargo_bin.join("wasm-bindgen"),
        wasm_opt: workspace_root().join("node_modules/.bin/wasm-opt"),
        cargo_bin,
    })
}

impl Toolchain {
    /// `wrangler ARGS` in `dir`, with the tools worker-build needs in its environment.
    pub fn wrangler(&self, dir: &Path, args: &[&str]) -> Result<String, String> {
        let wrangler = workspace_root().join("node_modules/.bin/wrangler");
        let path = format!(
            "{}:{}",
            self.cargo_bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        println!("xtask: $ (cd {}) wrangler {}", dir.display(), args.join(" "));
        let output = Command::new(&wrangler)
            .args(args)
            .current_dir(dir)
            .env("PATH", path)
            .env("WASM_BINDGEN_BIN", &self.wasm_bindgen)
            .env("WASM_OPT_BIN", &self.wasm_opt)
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CI", "true")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", wrangler.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            Ok(stdout)
        } else {
            Err(format!(
                "wrangler {} failed in {}:\n{stdout}\n{stderr}",
                args.join(" "),
                dir.display()
            ))
        }
    }

    /// Builds the Worker in `dir` with its `[build]` command and bundles it as `wrangler deploy`
    /// would, without an account; returns the `gzip` size in KiB that wrangler reports.
    pub fn build(&self, dir: &Path, outdir: &Path) -> Result<f64, String> {
        let outdir = outdir.to_string_lossy();
        let output = self.wrangler(dir, &["deploy", "--dry-run", "--outdir", &outdir])?;
        gzip_kib(&output).ok_or_else(|| format!("wrangler printed no upload size:\n{output}"))
    }
}

/// `12.3` from wrangler's `Total Upload: 456.7 KiB / gzip: 12.3 KiB`.
fn gzip_kib(output: &str) -> Option<f64> {
    let line = output.lines().find(|line| line.contains("Total Upload:"))?;
    let gzip = line.split("gzip:").nth(1)?.trim();
    let (number, unit) = gzip.split_once(' ')?;
    let number: f64 = number.parse().ok()?;
    Some(if unit.starts_with("MiB") {
        number * 1024.0
    } else {
        number
    })
}

/// Builds every app's Worker (`wrangler deploy --dry-run`) into `target/cloudflare/<app>`.
pub fn build_apps(toolchain: &Toolchain) -> Result<Vec<(&'static str, f64)>, String> {
    let mut sizes = Vec::new();
    for app in WORKER_APPS {
        let dir = workspace_root().join(app);
        let name = app.rsplit('/').next().unwrap_or(app);
        let outdir = workspace_root().join("target/cloudflare").join(name);
        sizes.push((name, toolchain.build(&dir, &outdir)?));
    }
    Ok(sizes)
}

/// Builds the bare workers-rs hello, the one-route routeway Worker and `examples/app-routes` in one
/// run, and prints their gzip bundle sizes with the ratios the Cloudflare issue sets goals for.
pub fn size_report() -> Result<(), String> {
    let toolchain = ensure()?;
    let mut sizes = Vec::new();
    for (label, app) in [
        ("bare workers-rs hello", "xtask/workers/hello"),
        ("routeway, one route", "xtask/workers/one-route"),
        ("examples/app-routes", "examples/app-routes"),
    ] {
        let name = app.rsplit('/').next().unwrap_or(app);
        let outdir = workspace_root().join("target/cloudflare").join(name);
        sizes.push((label, toolchain.build(&workspace_root().join(app), &outdir)?));
    }
    let hello = sizes[0].1;
    println!(
        "\nWorker bundle sizes (wrangler deploy --dry-run, gzip; same profile for all: opt-level z, LTO, wasm-opt -Oz)"
    );
    for (label, gzip) in &sizes {
        println!("  {label:<24} {gzip:>8.1} KiB   {:>5.2}x hello", gzip / hello);
    }
    println!("  goals: one route <= 1.3x hello; examples/app-routes <= 300 KiB");
    Ok(())
}

fn cargo_home() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"),
    }
}

fn ensure_wasm_target() -> Result<(), String> {
    let output = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if String::from_utf8_lossy(&output.stdout)
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run::command("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

/// The version of `package` in the workspace's Cargo.lock.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let end = lock[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(lock[start..start + end].to_owned())
}

/// `cargo install CRATE --version VERSION` unless `BIN --version` already reports it (read by `parse`).
fn ensure_cargo_tool(
    cargo_bin: &Path,
    bin: &str,
    krate: &str,
    version: &str,
    parse: impl Fn(&str) -> Option<String>,
) -> Result<(), String> {
    let installed = Command::new(cargo_bin.join(bin))
        .arg("--version")
        .output()
        .ok()
        .and_then(|output| parse(&String::from_utf8_lossy(&output.stdout)));
    if installed.as_deref() == Some(version) {
        return Ok(());
    }
    println!("xtask: installing {krate} {version} (found {installed:?})");
    run::cargo(&["install", krate, "--version", version, "--force"])
}

/// `npm ci` unless node_modules already holds the pinned wrangler and binaryen.
fn ensure_npm_tools() -> Result<(), String> {
    let root = workspace_root();
    let manifest = std::fs::read_to_string(root.join("package.json")).map_err(|e| format!("package.json: {e}"))?;
    let pinned = |name: &str| -> Option<String> {
        let start = manifest.find(&format!("\"{name}\": \""))? + name.len() + 5;
        Some(manifest[start..].split('"').next()?.to_owned())
    };
    let installed = |name: &str| -> Option<String> {
        let text = std::fs::read_to_string(root.join("node_modules").join(name).join("package.json")).ok()?;
        let start = text.find("\"version\": \"")? + 12;
        Some(text[start..].split('"').next()?.to_owned())
    };
    let current = ["wrangler", "binaryen"]
        .iter()
        .all(|name| pinned(name).is_some() && pinned(name) == installed(name));
    if current {
        return Ok(());
    }
    run::command("npm", &["ci", "--no-audit", "--no-fund"])
}
