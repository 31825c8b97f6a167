//! `/data/hello.json`: a static segment with a dot, served as JSON.

use routeway::prelude::*;

pub async fn GET() -> Response {
    json(&serde_json::json!({ "hello": "world" }))
}
