//! The data-cache routes' handlers: fetch the mock upstream's counter with the options the query
//! names (dynamic routes) or the route sets (static pages), and answer what the upstream said.

use routeway::cache::Fetch;
use routeway::platform::PlatformHandle;
use routeway::prelude::*;

/// `?name=N` picks the upstream counter (each upstream request increments it); `revalidate=S`,
/// `tag=T` (repeatable), `no_store` and `force_cache` set the fetch's cache options.
pub async fn counter(req: Request) -> Result<Response, Error> {
    let params = req.search_params();
    let name = params.get("name").unwrap_or("default");
    let mut fetch = req
        .fetch(counter_request(req.platform(), name)?)
        .tags(params.get_all("tag"));
    if let Some(seconds) = params.get("revalidate") {
        fetch = fetch.revalidate(seconds.parse()?);
    }
    if params.has("no_store") {
        fetch = fetch.no_store();
    }
    if params.has("force_cache") {
        fetch = fetch.force_cache();
    }
    answer(fetch).await
}

/// A static page's `GET` (it takes no request): the upstream counter `name` through `ctx.fetch`,
/// with the options `shape` sets, answered `200` whatever the upstream said (a page that renders
/// what it got).
pub async fn page(ctx: Context, name: &str, shape: impl FnOnce(Fetch) -> Fetch) -> Result<Response, Error> {
    let fetch = ctx.fetch(counter_request(ctx.platform(), name)?);
    Ok(answer(shape(fetch)).await?.with_status(StatusCode::OK))
}

/// The mock's `/redirect/{code}?to=...` fetched with this request's method and body (as JSON), and
/// what the fetch ended with: status and body.
pub async fn through_redirect(mut req: Request) -> Result<Response, Error> {
    let params = req.search_params();
    let code = params.get("code").unwrap_or("302").to_owned();
    let to = params.get("to").unwrap_or("/items").to_owned();
    let (base, key) = data_api(req.platform())?;
    let body = req.bytes().await?;
    let request = routeway::http::Request::builder()
        .method(req.method().clone())
        .uri(format!("{base}/redirect/{code}?to={to}"))
        .header("api-key", key)
        .header("content-type", "application/json")
        .body(Body::from(body))?;
    answer(req.fetch(request).no_store()).await
}

/// `GET {DATA_API_URL}/counter/{name}`, with the suite's API key.
fn counter_request(platform: &PlatformHandle, name: &str) -> Result<routeway::http::Request<Body>, Error> {
    let (base, key) = data_api(platform)?;
    Ok(routeway::http::Request::get(format!("{base}/counter/{name}"))
        .header("api-key", key)
        .body(Body::empty())?)
}

/// The data API's base URL and the suite's API key, from the environment.
fn data_api(platform: &PlatformHandle) -> Result<(String, String), Error> {
    let base = platform.env("DATA_API_URL").ok_or("DATA_API_URL is not set")?;
    Ok((base, platform.env("DATA_API_KEY").unwrap_or_default()))
}

/// What the upstream said, status and body.
async fn answer(fetch: Fetch) -> Result<Response, Error> {
    let answer = fetch.await?;
    let status = answer.status();
    let body = answer.into_body().bytes().await?;
    Ok(Response::new(Body::from(body))
        .with_status(status)
        .with_header("content-type", "application/json"))
}
