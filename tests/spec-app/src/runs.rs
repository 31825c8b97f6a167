//! How many times each cache-test handler ran since the suite last asked, so a case can tell a
//! cached answer from a fresh one. Reading a count resets it: each harness starts at zero.

use std::collections::HashMap;
use std::sync::Mutex;

static RUNS: Mutex<Option<HashMap<String, u32>>> = Mutex::new(None);

/// Counts one run of `name`; returns the count so far.
pub fn record(name: &str) -> u32 {
    let mut runs = RUNS.lock().unwrap_or_else(|e| e.into_inner());
    let count = runs
        .get_or_insert_with(HashMap::new)
        .entry(name.to_owned())
        .or_insert(0);
    *count += 1;
    *count
}

/// The runs of `name` since the last call, and resets them.
pub fn take(name: &str) -> u32 {
    let mut runs = RUNS.lock().unwrap_or_else(|e| e.into_inner());
    runs.get_or_insert_with(HashMap::new).remove(name).unwrap_or(0)
}
