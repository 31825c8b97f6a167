//! `/cache/revalidate?path=P` or `?tag=T`: on-demand revalidation, as a webhook would do it.

use routeway::prelude::*;

pub async fn POST(req: Request) -> Response {
    let Some(cache) = req.cache() else {
        return text("no cache").with_status(StatusCode::INTERNAL_SERVER_ERROR);
    };
    let params = req.search_params();
    if let Some(path) = params.get("path") {
        cache.revalidate_path(path).await;
    }
    if let Some(tag) = params.get("tag") {
        cache.revalidate_tag(tag).await;
    }
    json(&serde_json::json!({ "revalidated": true }))
}
