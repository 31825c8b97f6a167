//! Running commands with their output shown, failing with the command line on a non-zero exit.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Test counts summed over every `test result:` line cargo printed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Tests ignored.
    pub ignored: usize,
    /// Shared-suite cases, summed over the `<harness>: N passed, N failed, N skipped` lines.
    pub cases: [usize; 3],
}

/// Runs `cargo test ARGS`, echoing its output, and adds up its `test result:` lines into `counts`.
pub fn cargo_test(args: &[&str], counts: &mut Counts) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    println!("xtask: $ cargo test {}", args.join(" "));
    let mut child = Command::new(&cargo)
        .arg("test")
        .args(args)
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        println!("{line}");
        if let Some(harness) = harness_counts(&line) {
            for (total, count) in counts.cases.iter_mut().zip(harness) {
                *total += count;
            }
        }
        if let Some(result) = line.strip_prefix("test result: ") {
            let number = |word: &str| {
                result
                    .split(';')
                    .find_map(|part| {
                        part.trim()
                            .trim_start_matches("ok. ")
                            .trim_start_matches("FAILED. ")
                            .strip_suffix(word)
                    })
                    .and_then(|n| n.trim().parse::<usize>().ok())
                    .unwrap_or(0)
            };
            counts.passed += number(" passed");
            counts.failed += number(" failed");
            counts.ignored += number(" ignored");
        }
    }
    let status = child.wait().map_err(|error| format!("cargo test: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo test {}` failed with {status}", args.join(" ")))
    }
}

/// Runs `cargo ARGS` from the workspace root.
pub fn cargo(args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    command(&cargo, args)
}

/// Runs `program ARGS` from the workspace root, inheriting stdout and stderr.
pub fn command(program: &str, args: &[&str]) -> Result<(), String> {
    println!("xtask: $ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(workspace_root())
        .status()
        .map_err(|error| format!("cannot run {program}: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed with {status}", args.join(" ")))
    }
}

/// Whether `program` is on the PATH.
pub fn available(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|status| status.success())
}

/// `[passed, failed, skipped]` from a shared-suite line like `local: 157 passed, 0 failed, 0 skipped`.
fn harness_counts(line: &str) -> Option<[usize; 3]> {
    let line = line.rsplit_once(" ... ").map_or(line, |(_, printed)| printed);
    let (harness, rest) = line.split_once(": ")?;
    if harness.contains(' ') {
        return None;
    }
    let mut numbers = [0; 3];
    let parts: Vec<&str> = rest.split(", ").collect();
    if parts.len() != 3 {
        return None;
    }
    for ((part, word), number) in parts
        .iter()
        .zip(["passed", "failed", "skipped"])
        .zip(numbers.iter_mut())
    {
        *number = part.strip_suffix(word)?.trim().parse().ok()?;
    }
    Some(numbers)
}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> std::path::PathBuf {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
    std::path::Path::new(&manifest)
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}
