//! `/api/hello.json`: `{pathname}`; revalidated every second (Next prerenders it at build time).

use routeway::prelude::*;
use serde_json::json;

/// Regenerated at most once a second.
pub const REVALIDATE: u32 = 1;

pub async fn GET(req: Request) -> Response {
    json(&json!({ "pathname": req.path() }))
}
