//! Instruction counts for the lookup benchmark: the same four lookups as `lookup.rs`, each in a
//! function of its own, run under `valgrind --tool=callgrind` by `cargo xtask bench`. Counts are
//! repeatable on a noisy machine where timings are not; run alone it just executes the loops.

use routeway::router::RouteTable;

#[path = "common/github.rs"]
mod github;
const PASSES: usize = 200;

#[inline(never)]
fn count_matchit_at(router: &matchit::Router<usize>, paths: &[&str]) -> usize {
    let mut hits = 0;
    for _ in 0..PASSES {
        for path in paths {
            hits += std::hint::black_box(router.at(std::hint::black_box(path)).ok().map(|found| *found.value)).is_some()
                as usize;
        }
    }
    hits
}

#[inline(never)]
fn count_matchit_owned(router: &matchit::Router<usize>, paths: &[&str]) -> usize {
    let mut hits = 0;
    for _ in 0..PASSES {
        for path in paths {
            hits += std::hint::black_box(github::matchit_owned(router, std::hint::black_box(path))).is_some() as usize;
        }
    }
    hits
}

#[inline(never)]
fn count_routeway_at(table: &RouteTable<usize>, paths: &[&str]) -> usize {
    let mut hits = 0;
    for _ in 0..PASSES {
        for path in paths {
            hits +=
                std::hint::black_box(table.at(std::hint::black_box(path)).map(|found| *found.value)).is_some() as usize;
        }
    }
    hits
}

#[inline(never)]
fn count_routeway_find(table: &RouteTable<usize>, paths: &[&str]) -> usize {
    let mut hits = 0;
    for _ in 0..PASSES {
        for path in paths {
            hits += std::hint::black_box(table.find(std::hint::black_box(path))).is_some() as usize;
        }
    }
    hits
}

fn main() {
    let (table, bare, paths) = github::tables();
    let expected = PASSES * paths.len();
    assert_eq!(count_matchit_at(&bare, &paths), expected);
    assert_eq!(count_matchit_owned(&bare, &paths), expected);
    assert_eq!(count_routeway_at(&table, &paths), expected);
    assert_eq!(count_routeway_find(&table, &paths), expected);
}
