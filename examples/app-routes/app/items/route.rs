//! `/items`: the page's caching examples. `GET` reads the data API (static: it does not read the
//! request, so its answer is cached, tagged `items`, until `/api/webhook` revalidates the tag);
//! `POST` writes to it (dynamic: every POST runs).

use routeway::prelude::*;

use crate::upstream::{data_request, json_reply};

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    let request = data_request(ctx.platform(), "GET", "/items", None)?;
    let data = json_reply(ctx.fetch(request), "GET /items").await?;
    Ok(routeway::cache::tag_response(json(&serde_json::json!({ "data": data })), ["items"]))
}

pub async fn POST(ctx: Context) -> Result<Response, Error> {
    let time = routeway::time::SystemTime::now().duration_since(routeway::time::UNIX_EPOCH)?.as_secs();
    let request = data_request(ctx.platform(), "POST", "/items", Some(serde_json::json!({ "time": time })))?;
    let data = json_reply(ctx.fetch(request), "POST /items").await?;
    Ok(json(&data))
}
