//! `/dynamic`: `force-static`, so the handler must see a request stripped of its query, headers,
//! cookies and host (`http://localhost:3000/dynamic`); it reports what it sees.

use routeway::prelude::*;
use serde_json::json;

/// Cached, with a cleaned request.
pub const DYNAMIC: &str = "force-static";

pub async fn GET(req: Request, headers: Headers, cookies: Cookies) -> Response {
    let url = req.url();
    let search = req
        .query()
        .filter(|query| !query.is_empty())
        .map(|query| format!("?{query}"));
    let accept = |headers: &HeaderMap| {
        headers
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    json(&json!({
        "nextUrl": {
            "href": url,
            "search": search.unwrap_or_default(),
            "searchParams": req.search_params().get("query"),
            "clone": url,
        },
        "req": { "url": url, "headers": accept(req.headers()) },
        "headers": accept(&headers),
        "cookies": cookies.get("session"),
    }))
}
