//! `/response/status/[code]`: any status with a body; a code that is not one is a 400.

use routeway::prelude::*;

#[derive(serde::Deserialize)]
pub struct Code {
    code: u16,
}

pub async fn GET(ctx: Context<Code>) -> Response {
    match StatusCode::from_u16(ctx.params.code) {
        Ok(status) if status.as_u16() >= 200 => (status, format!("status {}", status.as_u16())).into_response(),
        _ => (StatusCode::BAD_REQUEST, "Pick a status code from 200 to 999").into_response(),
    }
}
