//! `/hooks/json`: the request's `x-request-meta` header as a JSON body (`NextResponse.json`).

use routeway::prelude::*;

use crate::helpers::request_meta;

pub async fn GET(req: Request) -> Result<Json<serde_json::Value>, Error> {
    Ok(Json(request_meta(req.headers())?))
}
