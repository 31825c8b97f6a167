//! `/query/typed`: the query deserialised into a type (repeated keys fill a list); 400 if it does not fit.

use routeway::prelude::*;

#[derive(serde::Deserialize, serde::Serialize)]
pub struct Search {
    page: u32,
    #[serde(default)]
    tag: Vec<String>,
}

pub async fn GET(Query(search): Query<Search>) -> Response {
    json(&search)
}
