//! `cargo xtask bench`: route lookup against matchit (criterion timings, and callgrind instruction
//! counts, which stay put on a noisy machine) and plaintext throughput of the local adapter against
//! bare hyper (wrk over loopback), all measured in this run and printed as ratios.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::run;

const ROUNDS: usize = 7;
const SECONDS: u32 = 3;

/// One server of the throughput comparison.
pub(crate) struct Contender {
    pub(crate) name: &'static str,
    pub(crate) binary: &'static str,
    pub(crate) path: &'static str,
    pub(crate) args: &'static [&'static str],
    pub(crate) env: &'static [(&'static str, &'static str)],
}

const CONTENDERS: [Contender; 5] = [
    Contender {
        name: "bare hyper",
        binary: "bench-bare-hyper",
        path: "/plaintext",
        args: &[],
        env: &[],
    },
    Contender {
        name: "bare hyper + header timer",
        binary: "bench-bare-hyper",
        path: "/plaintext",
        args: &["timer"],
        env: &[],
    },
    Contender {
        name: "routeway-local",
        binary: "bench-routeway",
        path: "/plaintext",
        args: &[],
        env: &[],
    },
    Contender {
        name: "routeway-local, RUST_LOG=warn",
        binary: "bench-routeway",
        path: "/plaintext",
        args: &[],
        env: &[("RUST_LOG", "warn")],
    },
    Contender {
        name: "routeway-local, cache HIT",
        binary: "bench-routeway",
        path: "/cached",
        args: &[],
        env: &[],
    },
];

/// Runs every benchmark and prints the ratios.
pub fn run() -> Result<(), String> {
    run::cargo(&["bench", "--package", "routeway", "--bench", "lookup"])?;
    let lookup = lookup_ratios()?;
    let counts = lookup_instruction_counts()?;
    ensure_wrk()?;
    run::cargo(&["build", "--release", "--package", "routeway-tests", "--bins"])?;
    let throughput = throughput()?;
    let instructions = crate::bench_requests::measure(&CONTENDERS)?;
    let (stale_runs, burst) = concurrent_stale_runs()?;
    let lambda = crate::bench_lambda::measure()?;
    println!("\n== routeway benchmark (ratios from this run) ==");
    for (name, nanos, ratio) in lookup {
        println!(
            "lookup time   {name:<32} {:>8.1} µs per pass   {ratio:.3}x matchit at",
            nanos / 1000.0
        );
    }
    let base = counts[0].1 as f64;
    let owned = counts[1].1 as f64;
    for (name, instructions) in &counts {
        println!(
            "lookup instr  {name:<32} {:>12} Ir   {:.3}x matchit at   {:.3}x matchit at, owned params",
            instructions,
            *instructions as f64 / base,
            *instructions as f64 / owned
        );
    }
    let bare = throughput[0].1;
    let bare_timer = throughput[1].1;
    for (name, rps) in &throughput {
        println!(
            "throughput    {name:<32} {rps:>10.0} req/s   {:.3}x bare hyper   {:.3}x bare hyper + timer",
            rps / bare,
            rps / bare_timer
        );
    }
    println!("(throughput: median of {ROUNDS} interleaved rounds of {SECONDS} s, wrk -t1 -c64, server and wrk on separate cores)");
    let (bare, bare_timer) = (instructions[0].1, instructions[1].1);
    for (name, per_request) in &instructions {
        println!(
            "request instr {name:<32} {per_request:>8.0} Ir/request   {:.3}x bare hyper   {:.3}x bare hyper + timer",
            per_request / bare,
            per_request / bare_timer
        );
    }
    println!("(request instr: user-space instructions per request under callgrind, during 5 s of wrk -c16 load)");
    println!(
        "cache         HIT vs the same bytes from a handler run per request: {:.3}x",
        throughput[4].1 / throughput[2].1
    );
    println!(
        "cache         {STALE_REQUESTS} concurrent requests to an expired entry ran the handler {stale_runs} time(s) \
         (all answered within {} ms; the entry stays fresh for {ISR_SECONDS} s after the regeneration)",
        burst.as_millis()
    );
    print_lambda(&lambda);
    Ok(())
}

/// Only the Lambda size and cold-start comparison (`cargo xtask bench lambda`).
pub fn lambda_only() -> Result<(), String> {
    let lambda = crate::bench_lambda::measure()?;
    println!("\n== routeway Lambda benchmark (ratios from this run) ==");
    print_lambda(&lambda);
    Ok(())
}

fn print_lambda(lambda: &[(&str, u64, f64)]) {
    let (hello_size, hello_start) = (lambda[0].1 as f64, lambda[0].2);
    for (name, size, start) in lambda {
        println!(
            "lambda        {name:<32} {:>8.2} MiB {:.2}x hello   cold start {start:>6.1} ms {:.2}x hello",
            *size as f64 / 1048576.0,
            *size as f64 / hello_size,
            start / hello_start
        );
    }
    println!("(lambda: stripped release binaries; cold start = process spawn to first response through cargo lambda watch, median of 7)");
}

/// Mean time per pass for each lookup function, and its ratio to `matchit at`.
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
    let mut rows = Vec::new();
    for function in ["matchit at", "matchit at, owned params", "routeway at", "routeway find"] {
        let nanos = mean(function)?;
        rows.push((function.to_owned(), nanos, nanos / baseline));
    }
    Ok(rows)
}

/// Instructions of each lookup function over the same passes, counted by callgrind.
fn lookup_instruction_counts() -> Result<Vec<(String, u64)>, String> {
    if !run::available("valgrind") {
        println!("xtask: installing valgrind (Debian package)");
        run::command("apt-get", &["install", "-y", "-qq", "valgrind"])?;
    }
    run::cargo(&[
        "build",
        "--release",
        "--package",
        "routeway",
        "--bench",
        "lookup_counts",
    ])?;
    let deps = run::workspace_root().join("target/release/deps");
    let binary = std::fs::read_dir(&deps)
        .map_err(|e| format!("{}: {e}", deps.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.starts_with("lookup_counts-") && path.extension().is_none()
        })
        .max_by_key(|path| path.metadata().and_then(|m| m.modified()).ok())
        .ok_or("lookup_counts benchmark binary not found")?;
    let out = run::workspace_root().join("target/lookup_counts.callgrind");
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", &format!("--callgrind-out-file={}", out.display())])
        .arg(&binary)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("valgrind: {e}"))?;
    if !status.success() {
        return Err(format!("valgrind on {} failed with {status}", binary.display()));
    }
    let annotated = Command::new("callgrind_annotate")
        .args(["--inclusive=yes"])
        .arg(&out)
        .output()
        .map_err(|e| format!("callgrind_annotate: {e}"))?;
    let text = String::from_utf8_lossy(&annotated.stdout);
    let count = |function: &str| -> Result<u64, String> {
        text.lines()
            .find(|line| line.contains(&format!("lookup_counts::{function} ")))
            .and_then(|line| line.split_whitespace().next())
            .and_then(|number| number.replace(',', "").parse().ok())
            .ok_or_else(|| format!("no callgrind count for {function}"))
    };
    Ok(vec![
        ("matchit at".to_owned(), count("count_matchit_at")?),
        ("matchit at, owned params".to_owned(), count("count_matchit_owned")?),
        ("routeway at".to_owned(), count("count_routeway_at")?),
        ("routeway find".to_owned(), count("count_routeway_find")?),
    ])
}

fn ensure_wrk() -> Result<(), String> {
    if run::available("wrk") {
        return Ok(());
    }
    println!("xtask: installing wrk (Debian package)");
    run::command("apt-get", &["update", "-qq"])?;
    run::command("apt-get", &["install", "-y", "-qq", "wrk"])
}

pub(crate) struct Server(pub(crate) Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// On a machine with two cores or more, servers run on core 0 and wrk on core 1, so the two do not
/// trade places on one core and each round measures the server alone.
pub(crate) fn pinned(core: usize, program: &std::path::Path) -> Command {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores >= 2 && run::available("taskset") {
        let mut command = Command::new("taskset");
        command.arg("-c").arg(core.to_string()).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn start(contender: &Contender, port: u16) -> Result<Server, String> {
    let path = run::workspace_root().join("target/release").join(contender.binary);
    launch(contender, pinned(0, &path), port, Duration::from_secs(5))
}

/// Spawns `command` (the contender's binary, or a wrapper that runs it) with the contender's port,
/// arguments and environment, and waits up to `patience` for it to listen.
pub(crate) fn launch(
    contender: &Contender,
    mut command: Command,
    port: u16,
    patience: Duration,
) -> Result<Server, String> {
    let child = command
        .arg(port.to_string())
        .args(contender.args)
        .envs(contender.env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", contender.name))?;
    let mut server = Server(child);
    let deadline = std::time::Instant::now() + patience;
    while std::time::Instant::now() < deadline {
        if let Some(status) = server.0.try_wait().map_err(|e| e.to_string())? {
            return Err(format!("{} exited ({status}) before listening", contender.name));
        }
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("{} did not listen on port {port}", contender.name))
}

/// wrk's report for one load of `seconds` with `connections` connections; an error if any request
/// failed.
pub(crate) fn run_wrk(connections: u32, seconds: u32, url: &str) -> Result<String, String> {
    let output = pinned(1, std::path::Path::new("wrk"))
        .args(["-t1", &format!("-c{connections}"), &format!("-d{seconds}s"), url])
        .output()
        .map_err(|e| format!("wrk: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if text.contains("Non-2xx") || text.contains("Socket errors") {
        return Err(format!("wrk saw errors from {url}:\n{text}"));
    }
    Ok(text)
}

fn wrk(url: &str) -> Result<f64, String> {
    let text = run_wrk(64, SECONDS, url)?;
    text.lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|value| value.trim().parse().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk output:\n{text}"))
}

/// Median requests per second of each contender, rounds interleaved.
fn throughput() -> Result<Vec<(&'static str, f64)>, String> {
    let mut servers = Vec::new();
    for (index, contender) in CONTENDERS.iter().enumerate() {
        servers.push(start(contender, 3200 + index as u16)?);
    }
    let mut samples = vec![Vec::new(); CONTENDERS.len()];
    for round in 1..=ROUNDS {
        let mut line = format!("round {round}:");
        for (index, contender) in CONTENDERS.iter().enumerate() {
            let rps = wrk(&format!("http://127.0.0.1:{}{}", 3200 + index, contender.path))?;
            line.push_str(&format!("  {} {rps:.0}", contender.name));
            samples[index].push(rps);
        }
        println!("{line}");
    }
    drop(servers);
    Ok(CONTENDERS
        .iter()
        .zip(samples)
        .map(|(contender, values)| (contender.name, median(values)))
        .collect())
}

const STALE_REQUESTS: usize = 500;
/// `/isr`'s `revalidate` in `bench-routeway`: long enough that a request of the burst that is late
/// (a connection retried after a dropped SYN waits 1 s) still finds the regenerated entry fresh.
const ISR_SECONDS: u64 = 3;

/// Lets `/isr` expire, sends 500 requests to it at once, waits for the background work and returns
/// how many times the handler ran for them (the regeneration; the first run is subtracted).
fn concurrent_stale_runs() -> Result<(u32, Duration), String> {
    const PORT: u16 = 3299;
    let _server = start(&CONTENDERS[2], PORT)?;
    let get = |path: &str| -> Result<String, String> {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", PORT)).map_err(|e| e.to_string())?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nhost: bench\r\nconnection: close\r\n\r\n"
        )
        .map_err(|e| e.to_string())?;
        let mut response = String::new();
        stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
        Ok(response)
    };
    get("/isr")?;
    std::thread::sleep(Duration::from_secs(ISR_SECONDS) + Duration::from_millis(200));
    let started = std::time::Instant::now();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(STALE_REQUESTS));
    let threads: Vec<_> = (0..STALE_REQUESTS)
        .map(|_| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                get("/isr")
            })
        })
        .collect();
    for thread in threads {
        let response = thread.join().map_err(|_| "a request thread panicked".to_owned())??;
        // STALE while the regeneration runs, HIT once it has stored the new answer.
        if !response.contains("x-routeway-cache: STALE") && !response.contains("x-routeway-cache: HIT") {
            return Err(format!(
                "a request to the expired entry was not answered from the cache:\n{response}"
            ));
        }
    }
    let burst = started.elapsed();
    std::thread::sleep(Duration::from_millis(500));
    let runs = get("/isr-runs")?;
    let count: u32 = runs
        .rsplit("\r\n\r\n")
        .next()
        .and_then(|body| body.trim().parse().ok())
        .ok_or_else(|| format!("no run count in {runs:?}"))?;
    Ok((count - 1, burst))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
