//! `/api/hello.json`: `{pathname}`; revalidated every second (Next prerenders it at build time). The
//! path comes from the context, so the handler stays static.

use routeway::prelude::*;
use serde_json::json;

/// Regenerated at most once a second.
pub const REVALIDATE: u32 = 1;

pub async fn GET(ctx: Context) -> Response {
    json(&json!({ "pathname": ctx.pathname() }))
}
