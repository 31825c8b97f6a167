//! Route lookup on the GitHub REST API's ~300 paths: routeway's `RouteTable` against bare `matchit`
//! on the same table and the same request paths.
//!
//! `routeway at` is the lookup of a normal path with borrowed params, the same contract as bare
//! `matchit at`. `routeway find` is what dispatch does with a raw request path: match it, copy the
//! params out while checking that none needed normalisation (else normalise and match again), and
//! hand back owned params. Its pair is `matchit at` plus owned params, the least any dispatcher
//! needs after a lookup.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "common/github.rs"]
mod github;

fn lookup(c: &mut Criterion) {
    let (table, bare, paths) = github::tables();
    let patterns = table.len();
    let mut group = c.benchmark_group(format!("lookup {} routes, {} paths", patterns, paths.len()));
    group.bench_function("matchit at", |b| {
        b.iter(|| {
            for path in &paths {
                std::hint::black_box(bare.at(std::hint::black_box(path)).ok().map(|found| *found.value));
            }
        })
    });
    group.bench_function("matchit at, owned params", |b| {
        b.iter(|| {
            for path in &paths {
                std::hint::black_box(github::matchit_owned(&bare, std::hint::black_box(path)));
            }
        })
    });
    group.bench_function("routeway at", |b| {
        b.iter(|| {
            for path in &paths {
                std::hint::black_box(table.at(std::hint::black_box(path)).map(|found| *found.value));
            }
        })
    });
    group.bench_function("routeway find", |b| {
        b.iter(|| {
            for path in &paths {
                std::hint::black_box(table.find(std::hint::black_box(path)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
