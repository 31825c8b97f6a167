//! `/cache/pages/{slug}`: a static GET with a param no list restricts, cached per page on first
//! request. Every spelling of a page's path (`caf%C3%A9`, `caf%c3%a9`, a dot segment) shares the
//! one entry, and `revalidate_path` drops it whichever spelling it is given.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Response {
    let run = crate::runs::record("pages");
    json(&serde_json::json!({ "slug": ctx.params.get("slug"), "run": run }))
}
