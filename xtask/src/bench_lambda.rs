//! The Lambda part of `cargo xtask bench`: release binary sizes (stripped) and the time from process
//! start to the first response through `cargo lambda watch`, for a bare `lambda_http` hello and for
//! both example apps, measured in the same run.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::run;

const STARTS: usize = 7;

/// One function of the comparison: its binary and a path it answers.
struct Function {
    binary: &'static str,
    path: &'static str,
}

const FUNCTIONS: [Function; 3] = [
    Function {
        binary: "bench-lambda-hello",
        path: "/",
    },
    Function {
        binary: "app-routes-lambda",
        path: "/api/search?query=hello",
    },
    Function {
        binary: "next-app-routes-lambda",
        path: "/basic/endpoint",
    },
];

/// Sizes in bytes and median cold-start milliseconds, per function.
pub fn measure() -> Result<Vec<(&'static str, u64, f64)>, String> {
    crate::tools::ensure_cargo_lambda()?;
    run::cargo(&[
        "build",
        "--release",
        "--package",
        "routeway-tests",
        "--bin",
        "bench-lambda-hello",
    ])?;
    // One build per app, as each is built for deployment: built together (or with routeway-tests),
    // an app would get the features the others turn on (routeway-lambda's `redis`, app-routes'
    // `fetch` and `https`).
    for app in ["app-routes", "next-app-routes"] {
        run::cargo(&["build", "--release", "--package", app, "--bins"])?;
    }
    let release = run::workspace_root().join("target/release");
    let mut rows = Vec::new();
    for function in FUNCTIONS {
        let binary = release.join(function.binary);
        let size = stripped_size(&binary)?;
        let mut starts = Vec::new();
        for _ in 0..STARTS {
            starts.push(cold_start(&binary, function.path)?);
        }
        starts.sort_by(f64::total_cmp);
        rows.push((function.binary, size, starts[STARTS / 2]));
    }
    Ok(rows)
}

/// The size of a stripped copy, as `cargo lambda build --release` ships it.
fn stripped_size(binary: &Path) -> Result<u64, String> {
    let copy = binary.with_extension("stripped");
    std::fs::copy(binary, &copy).map_err(|e| format!("{}: {e}", binary.display()))?;
    run::command("strip", &[copy.to_str().ok_or("non-UTF-8 path")?])?;
    let size = std::fs::metadata(&copy).map_err(|e| e.to_string())?.len();
    let _ = std::fs::remove_file(&copy);
    Ok(size)
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts an emulator, then times the function process from spawn to the first response.
fn cold_start(binary: &Path, path: &str) -> Result<f64, String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let _emulator = Killed(
        Command::new("cargo")
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
            .map_err(|e| format!("cargo lambda watch: {e}"))?,
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("cargo lambda watch did not start".to_owned());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let started = Instant::now();
    let _function = Killed(
        Command::new(binary)
            .env("AWS_LAMBDA_FUNCTION_NAME", "_")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
            .env("AWS_LAMBDA_RUNTIME_API", format!("http://127.0.0.1:{port}/.rt"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", binary.display()))?,
    );
    let status = get(port, path)?;
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    if !status.contains(" 200 ") {
        return Err(format!("{} answered {status:?} for {path}", binary.display()));
    }
    Ok(elapsed)
}

fn get(port: u16, path: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut head = [0u8; 64];
    let read = stream.read(&mut head).map_err(|e| format!("no response: {e}"))?;
    Ok(String::from_utf8_lossy(&head[..read])
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned())
}
