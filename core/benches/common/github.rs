//! The GitHub REST API table both lookup benchmarks use: the same ~300 patterns in routeway's
//! `RouteTable` and in bare `matchit`, one request path per pattern, and the owned-params baseline.

use routeway::router::RouteTable;

const PATTERNS: &str = include_str!("../github_routes.txt");
const PATHS: &str = include_str!("../github_paths.txt");

/// Both routers over the same patterns, and the request paths; panics if they disagree on a path.
pub fn tables() -> (RouteTable<usize>, matchit::Router<usize>, Vec<&'static str>) {
    let mut table = RouteTable::new();
    let mut bare = matchit::Router::new();
    for (index, pattern) in PATTERNS.lines().filter(|line| !line.is_empty()).enumerate() {
        table
            .insert(pattern, pattern, index)
            .expect("routeway accepts the table");
        bare.insert(pattern.replace('[', "{").replace(']', "}"), index)
            .expect("matchit accepts the table");
    }
    let paths: Vec<&str> = PATHS.lines().filter(|line| !line.is_empty()).collect();
    for path in &paths {
        let ours = table.find(path).map(|found| *found.value);
        let theirs = bare.at(path).map(|found| *found.value).ok();
        assert_eq!(ours, theirs, "both routers agree on {path}");
    }
    (table, bare, paths)
}

/// `matchit at` plus the owned params any dispatcher needs after it.
pub fn matchit_owned(bare: &matchit::Router<usize>, path: &str) -> Option<(usize, Vec<(String, String)>)> {
    bare.at(path).ok().map(|found| {
        let params = found
            .params
            .iter()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        (*found.value, params)
    })
}
