//! Answering a cached route: a fresh entry (`HIT`), a stale one while one regeneration runs in the
//! background (`STALE`), or the handler's answer, stored when it may be (`MISS`).

use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use http::{header, HeaderValue, StatusCode};

use super::{dynamic_cache_control, CacheHandle, CachePolicy, CacheTags, CachedResponse, CACHE_STATUS};
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
}

impl Job {
    fn path(&self) -> &str {
        &self.key[self.path_at..]
    }

    /// Runs the handler on the request a cached route sees: the path, its params, no query, headers,
    /// cookies or body (what `force-static` promises; other cached handlers do not read it).
    async fn run(&self, pattern: &(dyn std::fmt::Display + Sync)) -> Response {
        let request = Request::stripped(self.path(), self.params.clone(), self.context.clone());
        run_handler(self.handler.call(request), pattern, RouteMethod::Get).await
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
        let fresh = match policy {
            CachePolicy::Static => true,
            CachePolicy::Revalidate(seconds) => entry.age() < Duration::from_secs(seconds.into()),
        };
        if fresh {
            return from_entry(&entry, policy, "HIT", head);
        }
        let answer = from_entry(&entry, policy, "STALE", head);
        if cache.start_regenerating(&job.key, entry.stored_at) {
            let platform = job.context.platform().clone();
            platform.wait_until(regenerate(cache, job, pattern.to_string()));
        }
        return answer;
    }
    let response = job.run(&*pattern).await;
    match into_entry(response).await {
        Ok(entry) => {
            let entry = Arc::new(entry);
            let answer = from_entry(&entry, policy, "MISS", head);
            let context = job.context;
            let mut write = cache.store().put(job.key, entry);
            if (&mut write).now_or_never().is_none() {
                context.platform().wait_until(write);
            }
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
/// stored keeps the last good response.
async fn regenerate(cache: CacheHandle, job: Job, pattern: String) {
    let response = job.run(&pattern).await;
    let stored = match into_entry(response).await {
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
    cache.finish_regenerating(&job.key, stored);
}

/// The response as a cache entry, or back as it was when it may not be stored: not 2xx, sets
/// cookies, or streams (a handler that returns a stream wants it delivered as produced, so it is
/// passed through, never buffered). A body that fails while it is read becomes a `500`.
async fn into_entry(response: Response) -> Result<CachedResponse, Response> {
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
    let tags = parts.extensions.remove::<CacheTags>().unwrap_or_default().0;
    Ok(CachedResponse::from_parts(parts, body, tags))
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
