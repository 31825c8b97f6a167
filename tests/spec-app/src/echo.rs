//! What a request looked like to the handler, as JSON: the shared suite compares it on every target.

use routeway::{Params, Request};
use serde_json::{json, Value};

/// Method, path, query pairs, cookies, selected headers and params of `req`.
pub fn describe(req: &Request) -> Value {
    let query: Vec<Value> = req.search_params().iter().map(|(k, v)| json!([k, v])).collect();
    let cookies: Vec<Value> = req.cookies().iter().map(|(k, v)| json!([k, v])).collect();
    let custom: Vec<Value> = req
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("x-test-"))
        .map(|(name, value)| json!([name.as_str(), String::from_utf8_lossy(value.as_bytes())]))
        .collect();
    json!({
        "method": req.method().as_str(),
        "path": req.path(),
        "query": query,
        "cookies": cookies,
        "headers": custom,
        "params": params(req.params()),
    })
}

/// Params as JSON, `null` when the route has none (Next's convention).
pub fn params(params: &Params) -> Value {
    if params.is_empty() {
        Value::Null
    } else {
        serde_json::to_value(params).unwrap_or(Value::Null)
    }
}
