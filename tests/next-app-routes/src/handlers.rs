//! The fixture's `handlers/hello.ts`, plus the handler bodies that a Node route and its `edge/` copy
//! share (the fixture repeats them in each file).

use std::time::Duration;

use routeway::time::{SystemTime, UNIX_EPOCH};

use routeway::prelude::*;
use serde_json::json;

use crate::helpers::{read_json, with_request_meta};

/// `helloHandler`: `hello, world` with meta `{method, params, pathname}`; `params` is `null` for a
/// route without dynamic segments. Route files export it under every method they re-export.
///
/// Next's version first throws (a `500`) when the runtime has no `WebSocket` global; Rust has none
/// to miss, so the port takes the always-present case.
pub async fn hello(req: Request, ctx: Context) -> Response {
    /// The meta, keys in the fixture's order and params in path order.
    #[derive(serde::Serialize)]
    struct Meta<'a> {
        method: &'a str,
        params: Option<Params>,
        pathname: &'a str,
    }
    let params = (!ctx.params.is_empty()).then_some(ctx.params);
    let meta = Meta {
        method: req.method().as_str(),
        params,
        pathname: req.path(),
    };
    with_request_meta(text("hello, world"), &meta)
}

/// `advanced/body/json` `POST`: `hello, world` with the parsed body echoed as meta `{body}`.
pub async fn json_body_meta(mut req: Request) -> Result<Response, Error> {
    let body = read_json(&mut req).await?;
    Ok(with_request_meta(text("hello, world"), &json!({ "body": body })))
}

/// `advanced/body/text` `POST`: `hello, world` with the body text echoed as meta `{body}`.
pub async fn text_body_meta(mut req: Request) -> Result<Response, Error> {
    let body = req.text().await?;
    Ok(with_request_meta(text("hello, world"), &json!({ "body": body })))
}

/// `advanced/body/streaming` `POST`: every request chunk is sent back unchanged as it arrives. Next
/// answers `400` when `request.body` is `null`; a routeway request always has a body (maybe empty,
/// which echoes as an empty `200`). A body declared over the limit (`Content-Length`) is refused with
/// `413` before the echo starts; a chunked one that passes the limit mid-way ends the echo, already
/// under way as a `200`, with a broken transfer the client sees.
pub async fn echo_stream(mut req: Request) -> Result<Response, Error> {
    Ok(stream(req.body_stream()?))
}

/// `advanced/query` `GET`: `hello, world` with meta `{ping}` from the query (`null` when absent).
pub async fn query_meta(req: Request) -> Response {
    let ping = req.search_params().get("ping").map(str::to_owned);
    with_request_meta(text("hello, world"), &json!({ "ping": ping }))
}

/// `static/[slug]/data.json` and `revalidate-1/[slug]/data.json` `GET`: `{params, now}`, `now` in
/// milliseconds since the epoch (`Date.now()`), so a regenerated response differs from a cached one.
pub fn params_and_now(ctx: Context) -> Result<Response, Error> {
    #[derive(serde::Serialize)]
    struct Data {
        params: Params,
        now: u64,
    }
    let now = u64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    Ok(json(&Data {
        params: ctx.params,
        now,
    }))
}

/// `advanced/streaming` `GET`: three paragraphs, 200 ms apart, waited on the platform's timer so the
/// edge copy runs on Workers too.
pub async fn paragraphs(ctx: Context) -> Response {
    let platform = ctx.platform().clone();
    let chunks = futures_util::stream::unfold(0usize, move |index| {
        let platform = platform.clone();
        async move {
            let chunk = ["<p>one</p>", "<p>two</p>", "<p>three</p>"].get(index)?;
            if index > 0 {
                platform.sleep(Duration::from_millis(200)).await;
            }
            Some((Ok::<_, std::convert::Infallible>(*chunk), index + 1))
        }
    });
    stream(chunks)
}
