//! `/body/text`: `request.text()`; invalid UTF-8 is a 400.

use routeway::prelude::*;

pub async fn POST(mut req: Request) -> Result<Response, Error> {
    let text = req.text().await?;
    Ok(json(&serde_json::json!({ "text": text, "chars": text.chars().count() })))
}
