//! `/errors/body-twice`: the app reads a body an argument already read, a mistake of the app's own:
//! a logged 500 with an empty body, like any handler error.

use routeway::prelude::*;

pub async fn POST(Json(first): Json<serde_json::Value>, mut req: Request) -> Result<Response, Error> {
    let again = req.text().await?;
    Ok(json(&serde_json::json!({ "first": first, "again": again })))
}
