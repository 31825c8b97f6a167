//! Route lookup on the GitHub REST API's ~300 paths: routeway's `RouteTable` against bare `matchit`
//! on the same table and the same request paths.
//!
//! `routeway at` is the lookup itself (normalisation check + matchit, params borrowed), the pair to
//! `matchit at`; `routeway find` adds what dispatch does after it (owned, decoded params).

use criterion::{criterion_group, criterion_main, Criterion};
use routeway::router::{normalize_path, RouteTable};

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
        let ours = table.at(&normalize_path(path)).map(|found| *found.value);
        let theirs = bare.at(path).map(|found| *found.value).ok();
        assert_eq!(ours, theirs, "both routers agree on {path}");
    }
    let mut group = c.benchmark_group(format!("lookup {} routes, {} paths", patterns.len(), paths.len()));
    group.bench_function("matchit at", |b| {
        b.iter(|| {
            for path in &paths {
                std::hint::black_box(bare.at(std::hint::black_box(path)).ok());
            }
        })
    });
    group.bench_function("routeway at", |b| {
        b.iter(|| {
            for path in &paths {
                let normal = normalize_path(std::hint::black_box(path));
                std::hint::black_box(table.at(&normal).map(|found| *found.value));
            }
        })
    });
    group.bench_function("routeway find (owned params)", |b| {
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
