//! `/items/[slug]`: a dynamic segment; `/items/a` has `params.slug == "a"`.

use routeway::prelude::*;

#[derive(serde::Deserialize)]
pub struct Slug {
    slug: String,
}

pub async fn GET(ctx: Context<Slug>) -> Response {
    json(&serde_json::json!({ "slug": ctx.params.slug }))
}
