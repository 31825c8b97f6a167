//! Calls to the upstream data API configured in the environment, shared by the route files.

use routeway::cache::Fetch;
use routeway::http::{header, Request as HttpRequest};
use routeway::{Body, Error, PlatformHandle, Rejection, Response};

/// The data API's base URL and key, or a `503` saying which variable to set.
pub fn data_api(platform: &PlatformHandle) -> Result<(String, String), Rejection> {
    let missing = |name: &str| {
        Rejection::new(
            routeway::http::StatusCode::SERVICE_UNAVAILABLE,
            format!("{name} is not set: point it at your data API (see the README)"),
        )
    };
    let base = platform.env("DATA_API_URL").ok_or_else(|| missing("DATA_API_URL"))?;
    let key = platform.env("DATA_API_KEY").ok_or_else(|| missing("DATA_API_KEY"))?;
    Ok((base.trim_end_matches('/').to_owned(), key))
}

/// `method path` to the data API with its key and an optional JSON body, ready for
/// `ctx.fetch(..)` (where the call picks its data-cache options).
pub fn data_request(
    platform: &PlatformHandle,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> Result<HttpRequest<Body>, Error> {
    let (base, key) = data_api(platform)?;
    Ok(HttpRequest::builder()
        .method(method)
        .uri(format!("{base}{path}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("API-Key", key)
        .body(body.map_or_else(Body::empty, |value| Body::from(value.to_string())))?)
}

/// Sends `fetch` and answers its JSON reply; a non-2xx reply is an error naming the request.
pub async fn json_reply(fetch: Fetch, what: &str) -> Result<serde_json::Value, Error> {
    let response: Response = fetch.await?;
    if !response.status().is_success() {
        return Err(Error::new(format!(
            "data API answered {} for {what}",
            response.status()
        )));
    }
    Ok(response.into_body().json().await?)
}
