//! `/body/stream`: the body read as a stream of chunks as they arrive.

use futures_util::StreamExt;
use routeway::prelude::*;

pub async fn POST(mut req: Request) -> Result<Response, Error> {
    let mut chunks = req.body_stream()?;
    let mut total = 0usize;
    while let Some(chunk) = chunks.next().await {
        total += chunk?.len();
    }
    Ok(json(&serde_json::json!({ "bytes": total })))
}
