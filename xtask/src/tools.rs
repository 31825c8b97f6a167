//! Tools the tests need beyond the Rust toolchain, installed from package registries when missing
//! and reused when present at the pinned version.

use std::process::Command;

use crate::run;

/// cargo-lambda, from PyPI (its wheel carries the binary): the Lambda emulator of the Lambda harness.
pub const CARGO_LAMBDA_VERSION: &str = "1.9.2";

/// Installs cargo-lambda with pip unless `cargo lambda --version` already reports the pinned version.
pub fn ensure_cargo_lambda() -> Result<(), String> {
    if cargo_lambda_version().as_deref() == Some(CARGO_LAMBDA_VERSION) {
        return Ok(());
    }
    println!("xtask: installing cargo-lambda {CARGO_LAMBDA_VERSION} from PyPI");
    let python = if run::available("python3") { "python3" } else { "python" };
    run::command(
        python,
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            &format!("cargo-lambda=={CARGO_LAMBDA_VERSION}"),
        ],
    )?;
    match cargo_lambda_version() {
        Some(version) if version == CARGO_LAMBDA_VERSION => Ok(()),
        other => Err(format!(
            "cargo-lambda {CARGO_LAMBDA_VERSION} was installed but `cargo lambda --version` reports {other:?}; \\
             put pip's script folder on PATH"
        )),
    }
}

fn cargo_lambda_version() -> Option<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo).args(["lambda", "--version"]).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().nth(1).map(str::to_owned)
}

/// Redis, from Debian's packages: the local server speaking the protocol of Amazon ElastiCache
/// (Redis OSS 7), which the Lambda adapter's shared cache store is tested against. Any installed
/// `redis-server` is reused.
pub fn ensure_redis() -> Result<(), String> {
    if run::available("redis-server") {
        return Ok(());
    }
    if !run::available("apt-get") {
        return Err("redis-server is missing and apt-get is not here: install Redis 7 (redis-server) and retry".into());
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0");
    let sudo: &[&str] = if root { &[] } else { &["sudo", "-n"] };
    println!("xtask: installing redis-server from Debian's packages");
    let apt = |args: &[&str]| {
        let mut line: Vec<&str> = sudo.to_vec();
        line.extend_from_slice(&["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        line.extend_from_slice(args);
        run::command(line[0], &line[1..])
    };
    apt(&["update", "-qq"])?;
    apt(&["install", "-y", "-qq", "--no-install-recommends", "redis-server"])?;
    if run::available("redis-server") {
        Ok(())
    } else {
        Err("apt-get installed redis-server but it is not on PATH".into())
    }
}
