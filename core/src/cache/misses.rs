//! One handler run per missing key at a time: requests that miss while a run for the same page is
//! under way wait for its answer instead of running the handler again, as Next.js batches them.
//! A run whose answer may not be stored, that fails, or whose request goes away lets the waiting
//! requests run the handler on their own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use futures_channel::oneshot;
use futures_util::future::{FutureExt, Shared};

use super::{CacheHandle, CachedResponse};

/// The answer of a run under way, for the requests waiting on it.
pub(crate) type RunUnderWay = Shared<oneshot::Receiver<Arc<CachedResponse>>>;

/// The runs under way, by key.
#[derive(Default)]
pub(crate) struct Misses {
    running: Mutex<HashMap<String, RunUnderWay>>,
}

/// What a request that missed does.
pub(crate) enum Miss {
    /// It runs the handler.
    Run(MissRun),
    /// It waits for the run under way.
    Wait(RunUnderWay),
}

impl Misses {
    fn running(&self) -> MutexGuard<'_, HashMap<String, RunUnderWay>> {
        self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl CacheHandle {
    /// Joins the run for `key` under way, or starts one.
    pub(crate) fn miss(&self, key: &str) -> Miss {
        let mut running = self.misses().running();
        if let Some(run) = running.get(key) {
            return Miss::Wait(run.clone());
        }
        let (answer, waiting) = oneshot::channel();
        running.insert(key.to_owned(), waiting.shared());
        Miss::Run(MissRun {
            cache: self.clone(),
            key: key.to_owned(),
            answer: Some(answer),
        })
    }
}

/// The one run for a key: [`MissRun::stored`] hands its entry to the waiting requests; dropping
/// it without lets them run on their own. Either way the key is free again once it is dropped.
pub(crate) struct MissRun {
    cache: CacheHandle,
    key: String,
    answer: Option<oneshot::Sender<Arc<CachedResponse>>>,
}

impl MissRun {
    /// The run's answer is `entry`, stored.
    pub(crate) fn stored(mut self, entry: &Arc<CachedResponse>) {
        if let Some(answer) = self.answer.take() {
            let _waiting_requests_may_be_gone = answer.send(entry.clone());
        }
    }
}

impl Drop for MissRun {
    fn drop(&mut self) {
        self.cache.misses().running().remove(&self.key);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use crate::{get, App, Body};

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

    static RUNS: AtomicU32 = AtomicU32::new(0);
    static NOT_STORED_RUNS: AtomicU32 = AtomicU32::new(0);

    async fn page() -> String {
        let run = RUNS.fetch_add(1, Ordering::SeqCst) + 1;
        yield_once().await;
        format!("run {run}")
    }

    async fn not_stored() -> (http::StatusCode, &'static str) {
        NOT_STORED_RUNS.fetch_add(1, Ordering::SeqCst);
        yield_once().await;
        (http::StatusCode::SERVICE_UNAVAILABLE, "try later")
    }

    fn batch(app: &App, path: &str) -> Vec<(http::StatusCode, String)> {
        let requests = (0..4).map(|_| {
            let request = http::Request::get(path).body(Body::empty()).unwrap();
            async {
                let response = app.handle(request).await;
                let status = response.status();
                let body = response.into_body().text().await.unwrap();
                (status, body)
            }
        });
        futures_executor::block_on(futures_util::future::join_all(requests))
    }

    #[test]
    fn concurrent_misses_of_a_page_run_its_handler_once() {
        let app = App::new().route("/page", get(page));
        let answers = batch(&app, "/page");
        assert!(answers.iter().all(|(_, body)| body == "run 1"), "{answers:?}");
        assert_eq!(RUNS.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn an_answer_that_is_not_stored_lets_the_waiting_requests_run() {
        let app = App::new().route("/busy", get(not_stored));
        let answers = batch(&app, "/busy");
        assert!(answers.iter().all(|(status, _)| *status == 503), "{answers:?}");
        assert_eq!(NOT_STORED_RUNS.load(Ordering::SeqCst), 4);
    }
}
