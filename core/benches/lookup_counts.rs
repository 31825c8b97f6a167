//! Instruction counts for the lookup benchmark: the same four lookups as `lookup.rs`, each in a
//! function of its own, run under `valgrind --tool=callgrind` by `cargo xtask bench`. Counts are
//! repeatable on a noisy machine where timings are not; run alone it just executes the loops.

use routeway::router::RouteTable;

const PATTERNS: &str = include_str!("github_routes.txt");
const PATHS: &str = include_str!("github_paths.txt");
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
            let found = router.at(std::hint::black_box(path)).ok().map(|found| {
                let params: Vec<(String, String)> = found
                    .params
                    .iter()
                    .map(|(name, value)| (name.to_owned(), value.to_owned()))
                    .collect();
                (*found.value, params)
            });
            hits += std::hint::black_box(found).is_some() as usize;
        }
    }
    hits
}

#[inline(never)]
fn count_routeway_at(table: &RouteTable<usize>, paths: &[&str]) -> usize {
    let mut hits = 0;
    for _ in 0..PASSES {
        for path in paths {
            let found = table.at(std::hint::black_box(path)).filter(|found| found.is_plain());
            hits += std::hint::black_box(found.map(|found| *found.value)).is_some() as usize;
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
    let patterns: Vec<&str> = PATTERNS.lines().filter(|line| !line.is_empty()).collect();
    let paths: Vec<&str> = PATHS.lines().filter(|line| !line.is_empty()).collect();
    let mut table = RouteTable::new();
    let mut bare = matchit::Router::new();
    for (index, pattern) in patterns.iter().enumerate() {
        table
            .insert(pattern, pattern, index)
            .expect("routeway accepts the table");
        bare.insert(pattern.replace('[', "{").replace(']', "}"), index)
            .expect("matchit accepts the table");
    }
    let expected = PASSES * paths.len();
    assert_eq!(count_matchit_at(&bare, &paths), expected);
    assert_eq!(count_matchit_owned(&bare, &paths), expected);
    assert_eq!(count_routeway_at(&table, &paths), expected);
    assert_eq!(count_routeway_find(&table, &paths), expected);
}
