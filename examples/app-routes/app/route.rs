//! `/`: an index of the example routes.

use routeway::prelude::*;

pub async fn GET() -> Response {
    json(&serde_json::json!({
        "routes": [
            "GET /items", "POST /items", "GET /items/[slug]", "GET /products/api?id=1",
            "GET /api/cookies", "GET /api/headers", "GET /api/redirect", "GET /api/search?query=hello",
            "GET /api/stream", "POST /api/chat", "POST /api/body", "POST /api/form", "GET /api/cors",
            "POST /api/webhook", "GET /rss.xml", "GET /robots.txt", "GET /api/config"
        ]
    }))
}
