//! `/cache/listed/{slug}`: only the slugs `static_params` lists exist (`DYNAMIC_PARAMS = false`);
//! any other slug is a 404 without running the handler.

use routeway::prelude::*;

pub const DYNAMIC_PARAMS: bool = false;

#[derive(serde::Serialize)]
pub struct Slug {
    slug: &'static str,
}

pub fn static_params() -> Vec<Slug> {
    vec![Slug { slug: "first" }, Slug { slug: "second" }]
}

pub async fn GET(ctx: Context) -> Response {
    let run = crate::runs::record("listed");
    json(&serde_json::json!({ "slug": ctx.params.get("slug"), "run": run }))
}
