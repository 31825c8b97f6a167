//! `cargo xtask bench`: lookup (criterion, routeway vs matchit) and throughput (wrk, routeway-local vs
//! bare hyper), both measured in this run and printed as ratios.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::run;

const ROUNDS: usize = 3;
const SECONDS: u32 = 5;

/// Runs both benchmarks and prints the ratios.
pub fn run() -> Result<(), String> {
    run::cargo(&["bench", "--package", "routeway", "--bench", "lookup"])?;
    let lookup = lookup_ratios()?;
    ensure_wrk()?;
    run::cargo(&["build", "--release", "--package", "routeway-tests", "--bins"])?;
    let (bare, ours) = throughput()?;
    println!("\n== routeway benchmark (ratios from this run) ==");
    for (name, nanos, ratio) in lookup {
        println!(
            "lookup  {name:<32} {:>9.1} µs per pass   {ratio:.3}x matchit",
            nanos / 1000.0
        );
    }
    println!("throughput  bare hyper      {bare:>10.0} req/s (median of {ROUNDS} x {SECONDS}s)");
    println!(
        "throughput  routeway-local  {ours:>10.0} req/s   {:.3}x bare hyper",
        ours / bare
    );
    Ok(())
}

/// Mean time per pass for each routeway function, and its ratio to `matchit at`.
fn lookup_ratios() -> Result<Vec<(String, f64, f64)>, String> {
    let root = run::workspace_root().join("target/criterion");
    let group = std::fs::read_dir(&root)
        .map_err(|e| format!("{}: {e}", root.display()))?
        .filter_map(Result::ok)
        .find(|entry| entry.file_name().to_string_lossy().starts_with("lookup"))
        .ok_or("no criterion results for the lookup group")?
        .path();
    let mean = |function: &str| -> Result<f64, String> {
        let path = group.join(function).join("new/estimates.json");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let after = text.split("\"mean\"").nth(1).ok_or("no mean in estimates")?;
        let value = after.split("\"point_estimate\":").nth(1).ok_or("no point estimate")?;
        let number: String = value
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == 'e' || *c == '-')
            .collect();
        number.parse::<f64>().map_err(|e| format!("{}: {e}", path.display()))
    };
    let baseline = mean("matchit at")?;
    let mut rows = vec![("matchit at".to_owned(), baseline, 1.0)];
    for function in ["routeway at", "routeway find (owned params)"] {
        let nanos = mean(function)?;
        rows.push((function.to_owned(), nanos, nanos / baseline));
    }
    Ok(rows)
}

fn ensure_wrk() -> Result<(), String> {
    if run::available("wrk") {
        return Ok(());
    }
    println!("xtask: installing wrk (Debian package)");
    run::command("apt-get", &["update", "-qq"])?;
    run::command("apt-get", &["install", "-y", "-qq", "wrk"])
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(binary: &str, port: u16) -> Result<Server, String> {
    let path = run::workspace_root().join("target/release").join(binary);
    let child = Command::new(&path)
        .arg(port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(Server(child));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("{binary} did not listen on port {port}"))
}

fn wrk(url: &str) -> Result<f64, String> {
    let output = Command::new("wrk")
        .args(["-t1", "-c64", &format!("-d{SECONDS}s"), url])
        .output()
        .map_err(|e| format!("wrk: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") {
        return Err(format!("wrk saw errors from {url}:\n{text}"));
    }
    text.lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|value| value.trim().parse().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk output:\n{text}"))
}

/// Median requests per second of bare hyper and of routeway-local, rounds interleaved.
fn throughput() -> Result<(f64, f64), String> {
    let bare_server = start("bench-bare-hyper", 3200)?;
    let routeway_server = start("bench-routeway", 3201)?;
    let (mut bare, mut ours) = (Vec::new(), Vec::new());
    for round in 1..=ROUNDS {
        bare.push(wrk("http://127.0.0.1:3200/plaintext")?);
        ours.push(wrk("http://127.0.0.1:3201/plaintext")?);
        println!(
            "round {round}: bare hyper {:.0} req/s, routeway {:.0} req/s",
            bare[round - 1],
            ours[round - 1]
        );
    }
    drop((bare_server, routeway_server));
    Ok((median(bare), median(ours)))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
