//! Route lookup on the GitHub REST API's ~300 paths: routeway's `RouteTable` against bare `matchit`
//! on the same table and the same request paths.
//!
//! `routeway at, normal-form check` is the lookup on the raw path with the check that it needs no
//! normalisation (the pair to bare `matchit at`). `routeway find` is what dispatch does: match the
//! raw path, check it is already normal (else normalise and match again), and hand back owned,
//! decoded params. Its pairs are bare
//! `matchit at` (borrowed params) and `matchit at` plus owned params, the least any dispatcher needs.

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
    group.bench_function("routeway at, normal-form check", |b| {
        b.iter(|| {
            for path in &paths {
                let found = table.at(std::hint::black_box(path)).filter(|found| found.is_plain());
                std::hint::black_box(found.map(|found| *found.value));
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
