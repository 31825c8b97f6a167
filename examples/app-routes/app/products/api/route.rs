//! `/products/api?id=1`: reading the query opts out of response caching; the upstream fetch goes
//! through the data cache for 60 seconds (Next's `next: { revalidate: 60 }`).

use routeway::prelude::*;

use crate::upstream::{data_request, json_reply};

pub async fn GET(req: Request) -> Result<Response, Error> {
    let params = req.search_params();
    let id = match params.get("id") {
        Some(id) if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') => id,
        _ => {
            let message = "Pass a product id made of letters, digits, `-` or `_`, e.g. /products/api?id=1";
            return Ok((StatusCode::BAD_REQUEST, message).into_response());
        }
    };
    let path = format!("/product/{id}");
    let request = data_request(req.platform(), "GET", &path, None)?;
    let product = json_reply(req.fetch(request).revalidate(60), &path).await?;
    Ok(json(&serde_json::json!({ "product": product })))
}
