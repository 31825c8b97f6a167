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
