//! Answering a cached route: a fresh entry (`HIT`), a stale one while one regeneration runs in the
//! background (`STALE`), or the handler's answer, stored when it may be (`MISS`).

use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use http::{header, HeaderValue, StatusCode};
use web_time::Instant;

use super::{CacheHandle, CachePolicy, CacheTags, CachedResponse, CACHE_STATUS, DYNAMIC_CACHE_CONTROL};
use crate::app::run_handler;
use crate::handler::BoxedHandler;
use crate::request::{Params, Request, RequestContext};
use crate::response::empty;
use crate::router::RouteMethod;
use crate::{Body, Response};

/// A request to a cached route, with what is needed to run its `GET` handler again later.
pub(crate) struct CachedCall {
    pub(crate) key: String,
    pub(crate) policy: CachePolicy,
    pub(crate) handler: BoxedHandler,
    pub(crate) path: String,
    pub(crate) params: Params,
    pub(crate) context: RequestContext,
    pub(crate) pattern: String,
    /// `HEAD`: answer with the headers only.
    pub(crate) head: bool,
}

impl CachedCall {
    /// Runs the handler on the request a cached route sees: the path, its params, no query, headers,
    /// cookies or body (what `force-static` promises; other cached handlers do not read it).
    async fn run(&self) -> Response {
        let request = Request::stripped(&self.path, self.params.clone(), self.context.clone());
        run_handler(self.handler.call(request), &self.pattern, RouteMethod::Get).await
    }
}

/// Answers `call` from `cache`, running the handler on a miss and regenerating stale entries.
pub(crate) async fn serve_cached(cache: CacheHandle, call: CachedCall) -> Response {
    if let Some(entry) = cache.store().get(&call.key).await {
        let fresh = match call.policy {
            CachePolicy::Static => true,
            CachePolicy::Revalidate(seconds) => entry.stored_at.elapsed() < Duration::from_secs(seconds.into()),
        };
        if fresh {
            return from_entry(&entry, call.policy, "HIT", call.head);
        }
        let answer = from_entry(&entry, call.policy, "STALE", call.head);
        if cache.start_regenerating(&call.key) {
            let platform = call.context.platform().clone();
            platform.wait_until(regenerate(cache, call));
        }
        return answer;
    }
    let response = call.run().await;
    match into_entry(response).await {
        Ok(entry) => {
            let entry = Arc::new(entry);
            let answer = from_entry(&entry, call.policy, "MISS", call.head);
            let mut write = cache.store().put(call.key.clone(), entry);
            if (&mut write).now_or_never().is_none() {
                call.context.platform().wait_until(write);
            }
            answer
        }
        Err(mut response) => {
            mark(&mut response, "MISS", DYNAMIC_CACHE_CONTROL);
            if call.head {
                *response.body_mut() = Body::empty();
            }
            response
        }
    }
}

/// Runs the handler again and stores its answer; an error, a panic or an answer that may not be
/// stored keeps the last good response.
async fn regenerate(cache: CacheHandle, call: CachedCall) {
    let response = call.run().await;
    match into_entry(response).await {
        Ok(entry) => cache.store().put(call.key.clone(), Arc::new(entry)).await,
        Err(response) => tracing::warn!(
            route = %call.pattern,
            "regenerating {} answered {}; keeping the last good response",
            call.path,
            response.status()
        ),
    }
    cache.finish_regenerating(&call.key);
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
    Ok(CachedResponse {
        status: parts.status,
        headers: parts.headers,
        body,
        tags,
        stored_at: Instant::now(),
    })
}

fn from_entry(entry: &CachedResponse, policy: CachePolicy, status: &'static str, head: bool) -> Response {
    let mut response = http::Response::new(if head {
        Body::empty()
    } else {
        Body::from(entry.body.clone())
    });
    *response.status_mut() = entry.status;
    *response.headers_mut() = entry.headers.clone();
    if head && !response.headers().contains_key(header::CONTENT_LENGTH) {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(entry.body.len()));
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
