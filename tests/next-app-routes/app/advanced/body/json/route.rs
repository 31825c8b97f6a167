//! `/advanced/body/json`: reads a JSON body (whatever its content type) for `POST`, `DELETE` and an
//! explicit `OPTIONS`, which replaces the automatic one.

use routeway::prelude::*;
use serde_json::Value;

use crate::helpers::read_json;

pub async fn POST(req: Request) -> Result<Response, Error> {
    crate::handlers::json_body_meta(req).await
}

pub async fn DELETE(mut req: Request) -> Result<String, Error> {
    let body = read_json(&mut req).await?;
    Ok(format!("delete {}", name(&body)))
}

pub async fn OPTIONS(mut req: Request) -> Result<String, Error> {
    let body = read_json(&mut req).await?;
    Ok(format!("options {}", name(&body)))
}

/// `body.name` as JavaScript would print it in a string concatenation.
fn name(body: &Value) -> String {
    match body.get("name") {
        None => "undefined".to_owned(),
        Some(Value::String(name)) => name.clone(),
        Some(other) => other.to_string(),
    }
}
