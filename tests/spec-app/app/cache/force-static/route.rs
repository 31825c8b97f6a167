//! `/cache/force-static`: takes the request, yet `force-static` caches it and hands it a request
//! stripped of query, headers and cookies.

use routeway::prelude::*;

pub const DYNAMIC: &str = "force-static";

pub async fn GET(req: Request) -> Response {
    json(&serde_json::json!({
        "path": req.path(),
        "query": req.query(),
        "headers": req.headers().len(),
        "cookies": req.cookies().len(),
    }))
}
