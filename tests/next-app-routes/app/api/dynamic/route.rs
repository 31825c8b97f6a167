//! `/api/dynamic`: `{pathname, query}`; reading the query makes it dynamic, so it is never prerendered.

use routeway::prelude::*;
use serde_json::{json, Map, Value};

pub async fn GET(req: Request) -> Response {
    let mut query = Map::new();
    for (key, value) in req.search_params().iter() {
        query.insert(key.to_owned(), Value::String(value.to_owned()));
    }
    json(&json!({ "pathname": req.path(), "query": query }))
}
