//! One handler run per missing key at a time: requests that miss while a run for the same page is
//! under way wait for its answer instead of running the handler again, as Next.js batches them.
//!
//! Waiting is bounded: a request waits at most [`WAIT_LIMIT`] (a run can hang, and on Workers the
//! future of a request whose client went away may never be polled or dropped again), a run older
//! than that or started before the last revalidation is not joined, and a run whose answer may not
//! be stored, that fails, or whose request goes away lets the waiting requests run on their own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures_channel::oneshot;
use futures_util::future::{Either, FutureExt, Shared};
use web_time::Instant;

use super::{CacheHandle, CachedResponse};
use crate::platform::PlatformHandle;

/// The longest a request waits for another request's run before running the handler itself.
pub(crate) const WAIT_LIMIT: Duration = Duration::from_secs(10);

type Answer = Shared<oneshot::Receiver<Arc<CachedResponse>>>;

/// The runs under way, by key, and how many revalidations there have been.
#[derive(Default)]
pub(crate) struct Misses {
    running: Mutex<HashMap<String, Running>>,
    started: AtomicU64,
    revalidations: AtomicU64,
}

struct Running {
    answer: Answer,
    number: u64,
    since: Instant,
    /// The revalidation count when it started: a later revalidation may have dropped what it read.
    revalidations: u64,
}

/// What a request that missed does.
pub(crate) enum Miss {
    /// It runs the handler.
    Run(MissRun),
    /// It waits for the run under way.
    Wait(RunUnderWay),
}

/// Another request's run, to wait for.
pub(crate) struct RunUnderWay {
    answer: Answer,
    left: Duration,
}

impl RunUnderWay {
    /// The run's stored answer, or `None` when it gives none within the wait limit (the request
    /// then runs the handler itself).
    pub(crate) async fn answer(self, platform: &PlatformHandle) -> Option<Arc<CachedResponse>> {
        let deadline = std::pin::pin!(platform.sleep(self.left));
        match futures_util::future::select(self.answer, deadline).await {
            Either::Left((Ok(entry), _)) => Some(entry),
            _ => None,
        }
    }
}

impl Misses {
    /// A revalidation happened: runs started before it are not joined any more.
    pub(crate) fn revalidated(&self) {
        self.revalidations.fetch_add(1, Ordering::Relaxed);
    }

    fn running(&self) -> MutexGuard<'_, HashMap<String, Running>> {
        self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl CacheHandle {
    /// Joins the run for `key` under way, or starts one.
    pub(crate) fn miss(&self, key: &str) -> Miss {
        let misses = self.misses();
        let revalidations = misses.revalidations.load(Ordering::Relaxed);
        let mut running = misses.running();
        if let Some(run) = running.get(key) {
            let left = WAIT_LIMIT.saturating_sub(run.since.elapsed());
            if run.revalidations == revalidations && !left.is_zero() {
                return Miss::Wait(RunUnderWay {
                    answer: run.answer.clone(),
                    left,
                });
            }
        }
        let (answer, waiting) = oneshot::channel();
        let number = misses.started.fetch_add(1, Ordering::Relaxed);
        let run = Running {
            answer: waiting.shared(),
            number,
            since: Instant::now(),
            revalidations,
        };
        running.insert(key.to_owned(), run);
        Miss::Run(MissRun {
            cache: self.clone(),
            key: key.to_owned(),
            number,
            answer: Some(answer),
        })
    }
}

/// The one run for a key: [`MissRun::stored`] hands its entry to the waiting requests; dropping
/// it without lets them run on their own. Either way the key is free again once it is dropped.
pub(crate) struct MissRun {
    cache: CacheHandle,
    key: String,
    number: u64,
    answer: Option<oneshot::Sender<Arc<CachedResponse>>>,
}

impl MissRun {
    /// The run's answer is `entry`, being stored: requests waiting get it, and so do those that
    /// miss until the run is dropped (keep it until the write is done).
    pub(crate) fn stored(&mut self, entry: &Arc<CachedResponse>) {
        if let Some(answer) = self.answer.take() {
            let _waiting_requests_may_be_gone = answer.send(entry.clone());
        }
    }
}

impl Drop for MissRun {
    fn drop(&mut self) {
        let mut running = self.cache.misses().running();
        if running.get(&self.key).is_some_and(|run| run.number == self.number) {
            running.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU32;

    use super::*;
    use crate::cache::MemoryStore;
    use crate::platform::Platform;
    use crate::request::RequestContext;
    use crate::{get, App, Body, BoxError, BoxFuture, Response};

    /// Pending once, so every request of a batch starts before the first one ends.
    async fn yield_once() {
        let mut yielded = false;
        std::future::poll_fn(|cx| {
            if yielded {
                std::task::Poll::Ready(())
            } else {
                yielded = true;
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        })
        .await;
    }

    /// A platform whose timer never fires: the requests of a test wait for each other, not for it.
    struct Patient;

    impl Platform for Patient {
        fn name(&self) -> &'static str {
            "test"
        }
        fn env(&self, _name: &str) -> Option<String> {
            None
        }
        fn wait_until(&self, work: BoxFuture<'static, ()>) {
            futures_executor::block_on(work);
        }
        fn fetch(&self, _request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
            Box::pin(async { Err("no upstream in this test".into()) })
        }
        fn sleep(&self, _duration: Duration) -> BoxFuture<'static, ()> {
            Box::pin(std::future::pending())
        }
    }

    fn batch(app: &App, path: &str) -> Vec<(http::StatusCode, String)> {
        let requests = (0..4).map(|_| {
            let request = http::Request::get(path).body(Body::empty()).unwrap();
            let context = RequestContext::new(PlatformHandle::new(Patient));
            async move {
                let response = app.handle_with(request, context).await;
                let status = response.status();
                (status, response.into_body().text().await.unwrap())
            }
        });
        futures_executor::block_on(futures_util::future::join_all(requests))
    }

    static RUNS: AtomicU32 = AtomicU32::new(0);

    async fn page() -> String {
        let run = RUNS.fetch_add(1, Ordering::SeqCst) + 1;
        yield_once().await;
        format!("run {run}")
    }

    #[test]
    fn concurrent_misses_of_a_page_run_its_handler_once() {
        let app = App::new().route("/page", get(page));
        let answers = batch(&app, "/page");
        assert!(answers.iter().all(|(_, body)| body == "run 1"), "{answers:?}");
        assert_eq!(RUNS.load(Ordering::SeqCst), 1);
    }

    static IN_FLIGHT: AtomicU32 = AtomicU32::new(0);
    static MOST_IN_FLIGHT: AtomicU32 = AtomicU32::new(0);

    async fn busy() -> (http::StatusCode, &'static str) {
        let now = IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
        MOST_IN_FLIGHT.fetch_max(now, Ordering::SeqCst);
        yield_once().await;
        IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
        (http::StatusCode::SERVICE_UNAVAILABLE, "try later")
    }

    #[test]
    fn an_answer_that_is_not_stored_lets_the_waiting_requests_run_together() {
        let app = App::new().route("/busy", get(busy));
        let answers = batch(&app, "/busy");
        assert!(answers.iter().all(|(status, _)| *status == 503), "{answers:?}");
        assert_eq!(
            MOST_IN_FLIGHT.load(Ordering::SeqCst),
            3,
            "the first run alone, then the three that waited for it, side by side"
        );
    }

    fn cache() -> CacheHandle {
        CacheHandle::new(Arc::new(MemoryStore::new(4)), "test")
    }

    #[test]
    fn a_run_started_before_a_revalidation_is_not_joined() {
        let cache = cache();
        let _first = cache.miss("k");
        assert!(matches!(cache.miss("k"), Miss::Wait(_)));
        cache.misses().revalidated();
        let Miss::Run(second) = cache.miss("k") else {
            panic!("a run from before the revalidation was joined");
        };
        drop(_first);
        assert!(
            matches!(cache.miss("k"), Miss::Wait(_)),
            "the first run ending does not free the second's key"
        );
        drop(second);
        assert!(matches!(cache.miss("k"), Miss::Run(_)));
    }

    #[test]
    fn a_run_older_than_the_wait_limit_is_not_joined() {
        let cache = cache();
        let _hung = cache.miss("k");
        let long_ago = Instant::now() - WAIT_LIMIT - Duration::from_secs(1);
        cache.misses().running().get_mut("k").expect("running").since = long_ago;
        assert!(matches!(cache.miss("k"), Miss::Run(_)));
    }
}
