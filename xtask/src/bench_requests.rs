//! The steady half of the throughput comparison: user-space instructions per request of each
//! throughput server, counted by callgrind while wrk sends it load. Request rates on a shared
//! two-core machine move by ±10% between rounds; instruction counts do not, so they show what a
//! change to the request path costs. Kernel work (the sockets) is not counted: it is the same for
//! every server, apart from the bytes of the extra headers.

use std::process::Command;
use std::time::Duration;

use crate::bench::{launch, pinned, run_wrk, Contender};
use crate::run;

const LOAD_SECONDS: u32 = 5;
const FIRST_PORT: u16 = 3350;

/// Instructions per request of each contender.
pub fn measure(contenders: &[Contender]) -> Result<Vec<(&'static str, f64)>, String> {
    contenders
        .iter()
        .enumerate()
        .map(|(index, contender)| Ok((contender.name, per_request(contender, FIRST_PORT + index as u16)?)))
        .collect()
}

fn per_request(contender: &Contender, port: u16) -> Result<f64, String> {
    let binary = run::workspace_root().join("target/release").join(contender.binary);
    let out = run::workspace_root().join(format!("target/requests-{port}.callgrind"));
    let _ = std::fs::remove_file(&out);
    let mut valgrind = pinned(0, std::path::Path::new("valgrind"));
    valgrind
        .args(["--tool=callgrind", "--instr-atstart=no"])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(&binary);
    let mut server = launch(contender, valgrind, port, Duration::from_secs(30))?;
    let pid = server.0.id().to_string();
    run::command("callgrind_control", &["--instr=on", &pid])?;
    let url = format!("http://127.0.0.1:{port}{}", contender.path);
    let text = run_wrk(16, LOAD_SECONDS, &url)?;
    let requests: f64 = text
        .lines()
        .find(|line| line.contains(" requests in "))
        .and_then(|line| line.split_whitespace().next())
        .and_then(|count| count.parse().ok())
        .ok_or_else(|| format!("no request count in wrk output:\n{text}"))?;
    // Off before the shutdown, so only the load is counted; then SIGINT, so valgrind writes the
    // counts on the way out.
    run::command("callgrind_control", &["--instr=off", &pid])?;
    run::command("kill", &["-INT", &pid])?;
    let mut exited = false;
    for _ in 0..600 {
        if server.0.try_wait().map_err(|e| e.to_string())?.is_some() {
            exited = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if !exited {
        return Err(format!(
            "{} did not exit within 30 s of SIGINT under valgrind",
            contender.name
        ));
    }
    let annotated = Command::new("callgrind_annotate")
        .arg(&out)
        .output()
        .map_err(|e| format!("callgrind_annotate: {e}"))?;
    let total: f64 = String::from_utf8_lossy(&annotated.stdout)
        .lines()
        .find(|line| line.contains("PROGRAM TOTALS"))
        .and_then(|line| line.split_whitespace().next())
        .and_then(|number| number.replace(',', "").parse().ok())
        .ok_or_else(|| format!("no instruction total in {}", out.display()))?;
    let per_request = total / requests;
    // callgrind_control exits 0 even when it could not reach the process: a count this low means
    // instrumentation never came on.
    if per_request < 500.0 {
        return Err(format!(
            "{}: {per_request:.0} instructions per request; callgrind instrumentation did not come on",
            contender.name
        ));
    }
    Ok(per_request)
}
