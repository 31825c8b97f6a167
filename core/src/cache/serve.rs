//! Answering a cached route: a fresh entry (`HIT`), a stale one while one regeneration runs in the
//! background (`STALE`), or the handler's answer, stored when it may be (`MISS`; concurrent misses
//! of one page share one run). What the handler's fetches asked of the page ([`Render`]) shapes
//! the entry, or turns the route dynamic.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use http::{header, HeaderValue, StatusCode};

use super::misses::Miss;
use super::regeneration::RegenerationMark;
use super::render::{add_once, Render, Rendered};
use super::{dynamic_answer, dynamic_cache_control, CacheHandle, CachePolicy, CacheTags, CachedResponse, CACHE_STATUS};
use crate::app::{run_handler, strip_for_head};
use crate::handler::BoxedHandler;
use crate::request::{Params, Request, RequestContext};
use crate::response::empty;
use crate::router::{RouteMethod, RoutePattern};
use crate::Response;

/// A request to a cached route, with what is needed to run its `GET` handler again later.
pub(crate) struct CachedCall {
    pub(crate) job: Job,
    pub(crate) policy: CachePolicy,
    pub(crate) pattern: Arc<RoutePattern>,
    /// `HEAD`: answer with the headers only.
    pub(crate) head: bool,
}

/// Running a cached route's handler, owned so it can outlive the request (a regeneration).
pub(crate) struct Job {
    /// The cache key: the build id, then the path from `path_at` on.
    pub(crate) key: String,
    pub(crate) path_at: usize,
    pub(crate) handler: BoxedHandler,
    pub(crate) params: Params,
    pub(crate) context: RequestContext,
    /// What a run that makes a `no-store` fetch does to the route.
    pub(crate) on_no_store: OnNoStore,
}

/// What a `no-store` fetch does to a cached route, by its `dynamic` config.
pub(crate) enum OnNoStore {
    /// `auto`: turns it dynamic, through the route's flag every later request reads.
    TurnDynamic(Arc<AtomicBool>),
    /// `force-static`: nothing, the page is cached all the same.
    Keep,
    /// `error`: the answer is a `500`, since the route promised to be static.
    Refuse,
}

/// What became of a run, by its fetches.
enum Outcome {
    /// The answer may be stored.
    Cacheable,
    /// A `no-store` fetch turned the route dynamic.
    Dynamic,
    /// A `no-store` fetch in a route that must be static.
    Refused,
}

impl Job {
    fn path(&self) -> &str {
        &self.key[self.path_at..]
    }

    /// Runs the handler on the request a cached route sees: the path, its params, no query, headers,
    /// cookies or body (what `force-static` promises; other cached handlers do not read it), and
    /// what its fetches asked of the page.
    async fn run(
        &self,
        pattern: &(dyn std::fmt::Display + Sync),
        policy: CachePolicy,
        regenerating: bool,
    ) -> (Response, Rendered) {
        let render = Arc::new(Render::new(policy, regenerating));
        let context = self.context.clone().with_render(render.clone());
        let request = Request::stripped(self.path(), self.params.clone(), context);
        let response = run_handler(self.handler.call(request), pattern, RouteMethod::Get).await;
        (response, render.take())
    }

    /// What a run's fetches made of it; a route turning dynamic is logged once, a refused run
    /// every time.
    fn outcome(&self, rendered: &Rendered, pattern: &(dyn std::fmt::Display + Sync)) -> Outcome {
        if !rendered.no_store {
            return Outcome::Cacheable;
        }
        match &self.on_no_store {
            OnNoStore::Keep => Outcome::Cacheable,
            OnNoStore::TurnDynamic(flag) => {
                if !flag.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        route = %pattern,
                        "{} made a no-store fetch: the route is dynamic from now on (set DYNAMIC = \"force-dynamic\" to say so, or \"force-static\" to keep it cached)",
                        self.path()
                    );
                }
                Outcome::Dynamic
            }
            OnNoStore::Refuse => {
                tracing::error!(
                    route = %pattern,
                    "{} made a no-store fetch, but the route has DYNAMIC = \"error\" (it must be static): answering 500; cache the fetch or change DYNAMIC",
                    self.path()
                );
                Outcome::Refused
            }
        }
    }
}

/// Answers `call` from `cache`, running the handler on a miss and regenerating stale entries.
pub(crate) async fn serve_cached(cache: CacheHandle, call: CachedCall) -> Response {
    let CachedCall {
        job,
        policy,
        pattern,
        head,
    } = call;
    if let Some(entry) = cache.store().get(&job.key).await {
        let effective = policy.tightened(entry.revalidate);
        if effective.is_fresh(entry.age()) {
            return from_entry(&entry, effective, "HIT", head);
        }
        let answer = from_entry(&entry, effective, "STALE", head);
        if let Some(mark) = cache.start_regenerating(&job.key, entry.stored_at) {
            let platform = job.context.platform().clone();
            platform.wait_until(regenerate(cache, job, pattern.to_string(), policy, mark));
        }
        return answer;
    }
    let mut run = match cache.miss(&job.key) {
        Miss::Run(run) => Some(run),
        Miss::Wait(under_way) => match under_way.answer(job.context.platform()).await {
            Some(entry) => return from_entry(&entry, policy.tightened(entry.revalidate), "MISS", head),
            // No answer to share (not storable, failed, gone or too slow): run the handler here too.
            None => None,
        },
    };
    let (response, rendered) = job.run(&*pattern, policy, false).await;
    match job.outcome(&rendered, &*pattern) {
        Outcome::Cacheable => {}
        Outcome::Dynamic => {
            // A page stored before (by another instance, or an earlier build of the data) goes too.
            job.context
                .platform()
                .now_or_after_response(cache.store().remove(&job.key));
            return dynamic_answer(response, head);
        }
        Outcome::Refused => return dynamic_answer(empty(StatusCode::INTERNAL_SERVER_ERROR), head),
    }
    match into_entry(response, rendered).await {
        Ok(entry) => {
            let entry = Arc::new(entry);
            let answer = from_entry(&entry, policy.tightened(entry.revalidate), "MISS", head);
            if let Some(run) = &mut run {
                run.stored(&entry);
            }
            let write = cache.store().put(job.key, entry);
            // Requests that miss before the write lands still get this answer.
            job.context.platform().now_or_after_response(Box::pin(async move {
                write.await;
                drop(run);
            }));
            answer
        }
        Err(mut response) => {
            let cache_control = dynamic_cache_control(response.body());
            mark(&mut response, "MISS", cache_control);
            if head {
                strip_for_head(&mut response);
            }
            response
        }
    }
}

/// Runs the handler again and stores its answer; an error, a panic or an answer that may not be
/// stored keeps the last good response, and a `no-store` fetch that turns the route dynamic drops
/// it.
async fn regenerate(cache: CacheHandle, job: Job, pattern: String, policy: CachePolicy, mark: RegenerationMark) {
    let (response, rendered) = job.run(&pattern, policy, true).await;
    match job.outcome(&rendered, &pattern) {
        Outcome::Cacheable => {}
        Outcome::Dynamic => {
            cache.store().remove(&job.key).await;
            return mark.finish(None);
        }
        Outcome::Refused => return mark.finish(None),
    }
    let stored = match into_entry(response, rendered).await {
        Ok(entry) => {
            let stored_at = entry.stored_at;
            cache.store().put(job.key.clone(), Arc::new(entry)).await;
            Some(stored_at)
        }
        Err(response) => {
            tracing::warn!(
                route = %pattern,
                "regenerating {} answered {}; keeping the last good response",
                job.path(),
                response.status()
            );
            None
        }
    };
    mark.finish(stored);
}

/// The response as a cache entry, with what its fetches asked of it, or back as it was when it may
/// not be stored: not 2xx, sets cookies, or streams (a handler that returns a stream wants it
/// delivered as produced, so it is passed through, never buffered). A body that fails while it is
/// read becomes a `500`.
async fn into_entry(response: Response, rendered: Rendered) -> Result<CachedResponse, Response> {
    if !response.status().is_success()
        || response.headers().contains_key(header::SET_COOKIE)
        || response.body().is_stream()
    {
        return Err(response);
    }
    let (mut parts, body) = response.into_parts();
    let body = match body.bytes().await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!("a cacheable response body failed while it was read: {error}");
            return Err(empty(StatusCode::INTERNAL_SERVER_ERROR));
        }
    };
    let mut tags = parts.extensions.remove::<CacheTags>().unwrap_or_default().0;
    rendered.tags.iter().for_each(|tag| add_once(&mut tags, tag));
    let mut entry = CachedResponse::from_parts(parts, body, tags);
    entry.revalidate = rendered.revalidate;
    entry.data_keys = rendered.data_keys;
    Ok(entry)
}

fn from_entry(entry: &CachedResponse, policy: CachePolicy, status: &'static str, head: bool) -> Response {
    let mut response = entry.to_response();
    if head {
        strip_for_head(&mut response);
    }
    mark(&mut response, status, policy.cache_control());
    response
}

fn mark(response: &mut Response, status: &'static str, cache_control: HeaderValue) {
    let headers = response.headers_mut();
    headers.insert(CACHE_STATUS, HeaderValue::from_static(status));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, cache_control);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_no_store_fetch_turns_the_route_dynamic_for_later_requests() {
        async fn page(ctx: crate::Context) -> &'static str {
            let _ = ctx.fetch("http://upstream.invalid/").no_store().await;
            "answer"
        }
        let app = crate::App::new().route("/page", crate::get(page));
        let policy = || app.routes().next().expect("one route").route.cache_policy();
        assert_eq!(policy(), Some(CachePolicy::Static));
        let request = http::Request::get("/page").body(crate::Body::empty()).unwrap();
        let response = futures_executor::block_on(app.handle(request));
        assert!(response.headers().get(CACHE_STATUS).is_none());
        assert_eq!(policy(), None, "later requests skip the cache");
    }
}
