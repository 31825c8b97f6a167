//! routeway's project commands.
//!
//! - `cargo xtask test`: every test of the workspace (unit, doc, scanner, benchmark self-checks, and
//!   the shared handler suite on each harness, with its per-harness counts).
//! - `cargo xtask bench`: route lookup against matchit (criterion) and plaintext throughput of the
//!   local adapter against bare hyper (wrk over loopback), printed as ratios measured in one run.
//! - `cargo xtask size`: Worker bundle sizes (bare workers-rs hello, one-route routeway Worker,
//!   `examples/app-routes`) built in one run.

mod bench;
mod bench_lambda;
mod bench_requests;
mod run;
mod tools;
mod workers;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("size") => workers::size_report(),
        Some("bench") => match args.get(1).map(String::as_str) {
            Some("lambda") => bench::lambda_only(),
            _ => bench::run(),
        },
        _ => {
            eprintln!("usage: cargo xtask test | cargo xtask bench [lambda] | cargo xtask size");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

fn test() -> Result<(), String> {
    let mut counts = run::Counts::default();
    let result = run_tests(&mut counts);
    let [passed, failed, skipped] = counts.cases;
    println!("\nxtask: shared-suite cases over every harness (per harness: the `<harness>: N passed` lines above)");
    println!("cases: {passed} passed, {failed} failed, {skipped} skipped");
    println!(
        "total: {} passed, {} failed, {} skipped",
        counts.passed, counts.failed, counts.ignored
    );
    result
}

/// Each published crate in each feature set a user can pick, built the way an app depending on it
/// builds it: library only, so no dev-dependency or other member can lend it a feature it forgot
/// to ask for (routeway-local once compiled only thanks to its tests' tokio `io-util`).
const PUBLISHED_CRATE_BUILDS: [&str; 11] = [
    "--package routeway",
    "--package routeway --target wasm32-unknown-unknown",
    "--package routeway-build",
    "--package routeway-local",
    "--package routeway-local --no-default-features",
    "--package routeway-local --no-default-features --features fetch",
    "--package routeway-lambda --features redis",
    "--package routeway-lambda --no-default-features",
    "--package routeway-lambda --no-default-features --features fetch",
    "--package routeway-lambda --no-default-features --features redis",
    "--package routeway-cloudflare --target wasm32-unknown-unknown",
];

/// Library tests of feature sets the workspace run never builds (cargo unifies features there).
const FEATURE_SET_TESTS: [&str; 3] = [
    // The local adapter without its default `https` feature: with plain-HTTP `fetch` alone, and
    // with no outbound client at all (what next-app-routes ships).
    "--package routeway-local --no-default-features --features fetch",
    "--package routeway-local --no-default-features",
    // The Lambda adapter's Redis store without `https`: its `rediss://` must not lean on the TLS
    // setup the fetch client's feature brings.
    "--package routeway-lambda --no-default-features --features redis",
];

fn check_published_crates_alone() -> Result<(), String> {
    for build in PUBLISHED_CRATE_BUILDS {
        let mut args = vec!["check", "--lib"];
        args.extend(build.split_whitespace());
        run::cargo(&args)?;
    }
    Ok(())
}

fn run_tests(counts: &mut run::Counts) -> Result<(), String> {
    tools::ensure_cargo_lambda()?;
    tools::ensure_redis()?;
    let workers = workers::ensure()?;
    check_published_crates_alone()?;
    run::cargo_test(&["--workspace", "--exclude", "routeway-tests"], counts)?;
    run::cargo_test(&["--package", "routeway", "--benches"], counts)?;
    for build in FEATURE_SET_TESTS {
        let mut args = vec!["--lib"];
        args.extend(build.split_whitespace());
        run::cargo_test(&args, counts)?;
    }
    // The Lambda harness runs these binaries behind `cargo lambda watch`; they are built here because a
    // build started from inside the running `cargo test` would wait on cargo's lock.
    // next-app-routes on its own: built with the others it would get their `fetch` and `https`
    // features, which it does not ship with.
    run::cargo(&["build", "--package", "app-routes", "--package", "spec-app", "--bins"])?;
    run::cargo(&["build", "--package", "next-app-routes", "--bins"])?;
    // The Cloudflare harness runs these Workers under `wrangler dev`; `wrangler deploy --dry-run`
    // builds each with its `[build]` command (worker-build) and checks that it bundles for deploy.
    for (app, gzip) in workers::build_apps(&workers)? {
        println!("xtask: {app} Worker bundle: {gzip:.1} KiB gzip");
    }
    run::cargo_test(
        &["--package", "routeway-tests", "--", "--nocapture", "--test-threads=1"],
        counts,
    )
}
