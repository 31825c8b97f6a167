//! `/api/webhook`: a webhook receiver. The shared secret comes in `x-webhook-secret`
//! (`WEBHOOK_SECRET`); the payload must be `{ "type": string, "data": object }`. A malformed or
//! mistyped payload answers 400 saying what is wrong; a wrong secret answers 401. Without
//! `WEBHOOK_SECRET` every event answers 503: anyone could otherwise purge the cache. An accepted
//! event revalidates the cached `/items` answer (tag `items`), as a CMS webhook would.

use routeway::prelude::*;

#[derive(serde::Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    kind: String,
    data: serde_json::Map<String, serde_json::Value>,
}

pub async fn POST(ctx: Context, mut req: Request) -> Result<Response, Error> {
    let Some(expected) = ctx.env("WEBHOOK_SECRET") else {
        let message = "WEBHOOK_SECRET is not set: set it to the secret your sender puts in x-webhook-secret";
        return Ok((StatusCode::SERVICE_UNAVAILABLE, message).into_response());
    };
    if req.header("x-webhook-secret") != Some(expected.as_str()) {
        return Ok((StatusCode::UNAUTHORIZED, "Wrong or missing x-webhook-secret header").into_response());
    }
    let event: Event = req.json().await?;
    if event.kind.is_empty() {
        return Ok((StatusCode::BAD_REQUEST, "Webhook payload `type` must not be empty").into_response());
    }
    if let Some(cache) = req.cache() {
        cache.revalidate_tag("items").await;
    }
    Ok(json(&serde_json::json!({
        "received": event.kind,
        "fields": event.data.len(),
        "revalidated": ["items"],
    })))
}
