//! Which keys are being regenerated: one background regeneration per stale key at a time. A
//! regeneration's mark is released however it ends (stored, failed, or its future dropped by the
//! platform), and a mark older than [`ABANDONED_AFTER`] is taken as abandoned (a hung upstream), so
//! no key stays stale for good.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use web_time::SystemTime;

use super::CacheHandle;

/// How long after a regeneration stored its answer a stale read of the older entry is taken as
/// having raced it (and starts no second regeneration).
const RACE_WINDOW: Duration = Duration::from_secs(5);

/// How long a regeneration may run before another may start for the same key.
pub(crate) const ABANDONED_AFTER: Duration = Duration::from_secs(60);

/// How many keys' regeneration state is kept before finished ones are forgotten.
const MAX_TRACKED_KEYS: usize = 4096;

/// Per key, the state of its latest regeneration.
#[derive(Default)]
pub(crate) struct Regenerations {
    states: Mutex<HashMap<String, State>>,
    /// Numbers regenerations, so one taken as abandoned cannot end its successor's mark.
    started: AtomicU64,
}

#[derive(Clone, Copy)]
enum State {
    Running {
        since: SystemTime,
        number: u64,
    },
    /// Its answer was stored at this time.
    Stored {
        at: SystemTime,
    },
}

impl Regenerations {
    /// Marks `key` as being regenerated after a stale hit on the entry stored at `seen`; `None`
    /// when a regeneration is running (for less than [`ABANDONED_AFTER`]), or one stored a newer
    /// answer moments ago (the stale read raced it). The second rule holds for [`RACE_WINDOW`]
    /// only: a store that lost that newer answer (a failed write) must not keep the key from ever
    /// regenerating again. The number identifies this regeneration to [`Regenerations::finish`].
    pub(crate) fn start(&self, key: &str, seen: SystemTime) -> Option<u64> {
        let now = SystemTime::now();
        let within = |at: SystemTime, window: Duration| now.duration_since(at).unwrap_or_default() < window;
        let mut states = self.states();
        match states.get(key) {
            Some(State::Running { since, .. }) if within(*since, ABANDONED_AFTER) => None,
            Some(State::Stored { at }) if *at > seen && within(*at, RACE_WINDOW) => None,
            _ => {
                if states.len() >= MAX_TRACKED_KEYS {
                    states.retain(|_, state| matches!(state, State::Running { .. }));
                }
                let number = self.started.fetch_add(1, Ordering::Relaxed);
                states.insert(key.to_owned(), State::Running { since: now, number });
                Some(number)
            }
        }
    }

    /// Ends regeneration `number` of `key`; `stored` is when its new answer was stored, if it was.
    /// Nothing changes when a later regeneration of the key took over from it.
    fn finish(&self, key: &str, number: u64, stored: Option<SystemTime>) {
        let mut states = self.states();
        match states.get(key) {
            Some(State::Running { number: running, .. }) if *running == number => {}
            _ => return,
        }
        match stored {
            Some(at) => {
                states.insert(key.to_owned(), State::Stored { at });
            }
            None => {
                states.remove(key);
            }
        }
    }

    fn states(&self) -> MutexGuard<'_, HashMap<String, State>> {
        self.states.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A running regeneration of one key: [`finish`](Self::finish) it, or dropping it unfinished (the
/// platform dropped the work, or it panicked) releases the key.
pub(crate) struct RegenerationMark {
    cache: CacheHandle,
    key: String,
    number: u64,
    finished: bool,
}

impl RegenerationMark {
    pub(crate) fn new(cache: CacheHandle, key: String, number: u64) -> Self {
        Self {
            cache,
            key,
            number,
            finished: false,
        }
    }

    /// Ends the regeneration; `stored` is when its new answer was stored, if it was.
    pub(crate) fn finish(mut self, stored: Option<SystemTime>) {
        self.finished = true;
        self.cache.regenerations().finish(&self.key, self.number, stored);
    }
}

impl Drop for RegenerationMark {
    fn drop(&mut self) {
        if !self.finished {
            self.cache.regenerations().finish(&self.key, self.number, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::cache::MemoryStore;

    fn cache() -> CacheHandle {
        CacheHandle::new(Arc::new(MemoryStore::new(4)), "test")
    }

    #[test]
    fn one_regeneration_per_key_until_it_ends() {
        let cache = cache();
        let seen = SystemTime::now();
        let mark = cache.start_regenerating("k", seen).expect("first stale hit starts one");
        assert!(cache.start_regenerating("k", seen).is_none());
        assert!(cache.start_regenerating("other", seen).is_some());
        mark.finish(None);
        assert!(cache.start_regenerating("k", seen).is_some());
    }

    #[test]
    fn a_dropped_regeneration_releases_its_key() {
        let cache = cache();
        let seen = SystemTime::now();
        drop(cache.start_regenerating("k", seen));
        assert!(cache.start_regenerating("k", seen).is_some());
    }

    #[test]
    fn a_regeneration_running_too_long_is_taken_as_abandoned() {
        let regenerations = Regenerations::default();
        let long_ago = SystemTime::now() - ABANDONED_AFTER - Duration::from_secs(1);
        let abandoned = regenerations.start("k", long_ago).unwrap();
        regenerations.states().insert(
            "k".into(),
            State::Running {
                since: long_ago,
                number: abandoned,
            },
        );
        let successor = regenerations.start("k", long_ago).expect("taken as abandoned");
        assert!(regenerations.start("k", long_ago).is_none());
        regenerations.finish("k", abandoned, None);
        assert!(
            regenerations.start("k", long_ago).is_none(),
            "the abandoned one ending does not end its successor"
        );
        regenerations.finish("k", successor, None);
        assert!(regenerations.start("k", long_ago).is_some());
    }

    #[test]
    fn a_stale_read_racing_a_stored_answer_starts_none() {
        let regenerations = Regenerations::default();
        let seen = SystemTime::now() - Duration::from_secs(10);
        let number = regenerations.start("k", seen).unwrap();
        regenerations.finish("k", number, Some(SystemTime::now()));
        assert!(regenerations.start("k", seen).is_none());
    }
}
