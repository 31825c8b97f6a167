//! The shared handler suite on every harness: in-process, the local server over TCP, the Lambda
//! emulator in both invoke modes, and workerd.
//! Each test prints `<target>: N passed, N failed, N skipped` and fails on any failed case.

use std::collections::HashMap;

use routeway::App;
use routeway_tests::case::AppId;
use routeway_tests::harness::{InProcess, InvokeMode, LambdaEmulator, LocalTcp, Workerd};
use routeway_tests::redis_server::RedisServer;
use routeway_tests::runner::{run, Report};
use routeway_tests::upstream::Upstream;

fn apps() -> HashMap<AppId, App> {
    HashMap::from([
        (AppId::Example, app_routes::app()),
        (AppId::Spec, spec_app::app()),
        (AppId::Next, next_app_routes::app()),
    ])
}

fn finish(target: &str, report: &Report) {
    for (name, reason) in &report.exempt {
        println!("{target}: skipped {name:?}: {reason}");
    }
    for (name, reason) in &report.failed {
        println!("{target}: FAILED {name:?}: {reason}");
    }
    println!("{target}: {}", report.summary());
    assert!(
        report.failed.is_empty(),
        "{target}: {} case(s) failed",
        report.failed.len()
    );
    assert!(report.passed > 0, "{target}: no case ran");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_process() {
    let upstream = Upstream::start().await.expect("start the mock upstream");
    let harness = InProcess::new(apps(), upstream.platform());
    let report = run(&harness, &routeway_tests::cases::all()).await;
    finish("in-process", &report);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_server_over_tcp() {
    let upstream = Upstream::start().await.expect("start the mock upstream");
    let harness = LocalTcp::start(apps(), upstream.platform())
        .await
        .expect("start the local servers");
    let report = run(&harness, &routeway_tests::cases::all()).await;
    harness.stop().await;
    finish("local", &report);
}

async fn on_lambda(mode: InvokeMode, label: &str) {
    let upstream = Upstream::start().await.expect("start the mock upstream");
    // The apps keep their cache in Redis here, the shared store of Lambda instances: the spec app
    // asks for routeway-lambda's `redis` feature, and cargo builds the three binaries together, so
    // all three have it.
    let redis = RedisServer::start().await.expect("start Redis");
    let mut env = upstream.env();
    env.push(("ROUTEWAY_REDIS_URL".to_owned(), redis.url()));
    let apps = [AppId::Example, AppId::Spec, AppId::Next];
    let harness = LambdaEmulator::start(&apps, mode, &env)
        .await
        .expect("start the Lambda emulator");
    let report = run(&harness, &routeway_tests::cases::all()).await;
    drop(harness);
    let keys = redis.key_count().expect("ask Redis for its size");
    println!("{label}: the apps' shared cache holds {keys} Redis keys");
    assert!(keys > 0, "{label}: the apps' cache never reached Redis");
    drop(redis);
    finish(label, &report);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lambda_buffered() {
    on_lambda(InvokeMode::Buffered, "lambda-buffered").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lambda_streaming() {
    on_lambda(InvokeMode::ResponseStream, "lambda-streaming").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloudflare_workerd() {
    let upstream = Upstream::start().await.expect("start the mock upstream");
    let apps = [AppId::Example, AppId::Spec, AppId::Next];
    let harness = Workerd::start(&apps, &upstream.env())
        .await
        .expect("start wrangler dev");
    let report = run(&harness, &routeway_tests::cases::all()).await;
    drop(harness);
    finish("cloudflare", &report);
}
