//! `/cache/tagged`: a static answer tagged `spec`, dropped by `revalidate_tag("spec")`.

use routeway::prelude::*;

pub async fn GET() -> Response {
    let run = crate::runs::record("tagged");
    routeway::cache::tag_response(json(&serde_json::json!({ "run": run })), ["spec"])
}
