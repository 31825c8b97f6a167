//! `/platform/client`: the client's IP address as the adapter learnt it (socket peer,
//! `X-Forwarded-For` from API Gateway, `CF-Connecting-IP` on Workers).

use routeway::prelude::*;

pub async fn GET(req: Request) -> Response {
    json(&serde_json::json!({ "ip": req.client_addr().map(|addr| addr.ip().to_string()) }))
}
