//! `/api/chat`: an LLM chat streamed as server-sent events from an OpenAI-compatible API
//! (`OPENAI_BASE_URL`, `OPENAI_API_KEY`, `OPENAI_MODEL`). Each token is one `data:` event; the last is
//! `data: [DONE]`. Runs on the edge runtime, as on the Route Handlers page.

use futures_util::StreamExt;
use routeway::prelude::*;

pub const RUNTIME: &str = "edge";

#[derive(serde::Deserialize)]
pub struct Chat {
    messages: Vec<serde_json::Value>,
}

pub async fn POST(ctx: Context, Json(chat): Json<Chat>) -> Result<Response, Error> {
    let Some(base) = ctx.env("OPENAI_BASE_URL") else {
        let message = "OPENAI_BASE_URL is not set: point it at an OpenAI-compatible API, e.g. https://api.openai.com/v1";
        return Ok((StatusCode::SERVICE_UNAVAILABLE, message).into_response());
    };
    let model = ctx.env("OPENAI_MODEL").unwrap_or_else(|| "gpt-4o-mini".to_owned());
    let body = serde_json::json!({ "model": model, "stream": true, "messages": chat.messages });
    let request = routeway::http::Request::post(format!("{}/chat/completions", base.trim_end_matches('/')))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {}", ctx.env("OPENAI_API_KEY").unwrap_or_default()))
        .body(Body::from(body.to_string()))?;
    let upstream = ctx.platform().fetch(request).await?;
    if !upstream.status().is_success() {
        let status = upstream.status();
        let detail = upstream.into_body().text().await.unwrap_or_default();
        let message = format!("The model API answered {status}: {detail}");
        return Ok((StatusCode::BAD_GATEWAY, message).into_response());
    }
    let events = crate::openai::tokens(upstream.into_body().into_stream())
        .map(|token| token.map(|token| format!("data: {}\n\n", serde_json::json!({ "content": token }))))
        .chain(futures_util::stream::once(async { Ok("data: [DONE]\n\n".to_owned()) }));
    Ok(sse(events))
}
