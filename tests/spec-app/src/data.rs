//! The data-cache routes' handler: fetch the mock upstream's counter through `Request::fetch` with
//! the options the query names, and answer what the upstream said.

use routeway::prelude::*;

/// `?name=N` picks the upstream counter (each upstream request increments it); `revalidate=S`,
/// `tag=T` (repeatable), `no_store` and `force_cache` set the fetch's cache options.
pub async fn counter(req: Request) -> Result<Response, Error> {
    let params = req.search_params();
    let base = req.platform().env("DATA_API_URL").ok_or("DATA_API_URL is not set")?;
    let key = req.platform().env("DATA_API_KEY").unwrap_or_default();
    let name = params.get("name").unwrap_or("default");
    let upstream = routeway::http::Request::get(format!("{base}/counter/{name}"))
        .header("api-key", key)
        .body(Body::empty())?;
    let mut fetch = req.fetch(upstream).tags(params.get_all("tag"));
    if let Some(seconds) = params.get("revalidate") {
        fetch = fetch.revalidate(seconds.parse()?);
    }
    if params.has("no_store") {
        fetch = fetch.no_store();
    }
    if params.has("force_cache") {
        fetch = fetch.force_cache();
    }
    let answer = fetch.await?;
    let status = answer.status();
    let body = answer.into_body().bytes().await?;
    Ok(Response::new(Body::from(body))
        .with_status(status)
        .with_header("content-type", "application/json"))
}
