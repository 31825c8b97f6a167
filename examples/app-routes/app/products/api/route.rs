//! `/products/api?id=1`: reading the query opts out of caching.

use routeway::prelude::*;

use crate::upstream::fetch_json;

pub async fn GET(req: Request) -> Result<Response, Error> {
    let params = req.search_params();
    let id = match params.get("id") {
        Some(id) if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') => id,
        _ => {
            let message = "Pass a product id made of letters, digits, `-` or `_`, e.g. /products/api?id=1";
            return Ok((StatusCode::BAD_REQUEST, message).into_response());
        }
    };
    let product = fetch_json(req.platform(), "GET", &format!("/product/{id}"), None).await?;
    Ok(json(&serde_json::json!({ "product": product })))
}
