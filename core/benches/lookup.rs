//! Route lookup on the GitHub REST API's ~300 paths: routeway's `RouteTable` against bare `matchit`
//! on the same table and the same request paths.
//!
//! `routeway at, normal-form check` is the lookup on the raw path with the check that it needs no
//! normalisation (the pair to bare `matchit at`). `routeway find` is what dispatch does: match the raw path, check its params are already normal
//! (else normalise and match again), and hand back owned, decoded params. Its pairs are bare
//! `matchit at` (borrowed params) and `matchit at` plus owned params, the least any dispatcher needs.

use criterion::{criterion_group, criterion_main, Criterion};
use routeway::router::RouteTable;

const PATTERNS: &str = include_str!("github_routes.txt");
const PATHS: &str = include_str!("github_paths.txt");

fn to_matchit(pattern: &str) -> String {
    pattern.replace('[', "{").replace(']', "}")
}

fn lookup(c: &mut Criterion) {
    let patterns: Vec<&str> = PATTERNS.lines().filter(|line| !line.is_empty()).collect();
    let paths: Vec<&str> = PATHS.lines().filter(|line| !line.is_empty()).collect();
    let mut table = RouteTable::new();
    let mut bare = matchit::Router::new();
    for (index, pattern) in patterns.iter().enumerate() {
        table
            .insert(pattern, pattern, index)
            .expect("routeway accepts the table");
        bare.insert(to_matchit(pattern), index)
            .expect("matchit accepts the table");
    }
    for path in &paths {
        let ours = table.find(path).map(|found| *found.value);
        let theirs = bare.at(path).map(|found| *found.value).ok();
        assert_eq!(ours, theirs, "both routers agree on {path}");
    }
    let mut group = c.benchmark_group(format!("lookup {} routes, {} paths", patterns.len(), paths.len()));
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
                let found = bare.at(std::hint::black_box(path)).ok().map(|found| {
                    let params: Vec<(String, String)> = found
                        .params
                        .iter()
                        .map(|(name, value)| (name.to_owned(), value.to_owned()))
                        .collect();
                    (*found.value, params)
                });
                std::hint::black_box(found);
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
