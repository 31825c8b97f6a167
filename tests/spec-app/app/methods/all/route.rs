//! `/methods/all`: every method exported, `HEAD` and `OPTIONS` included, so none is automatic.

use routeway::prelude::*;

pub async fn GET(req: Request) -> String {
    format!("{} handler", req.method())
}

pub async fn POST(req: Request) -> String {
    format!("{} handler", req.method())
}

pub async fn PUT(req: Request) -> String {
    format!("{} handler", req.method())
}

pub async fn PATCH(req: Request) -> String {
    format!("{} handler", req.method())
}

pub async fn DELETE(req: Request) -> String {
    format!("{} handler", req.method())
}

pub async fn HEAD() -> Response {
    StatusCode::OK.into_response().with_header("x-head", "explicit")
}

pub async fn OPTIONS() -> Response {
    text("options handler").with_header("allow", "custom")
}
