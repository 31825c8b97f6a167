//! `/edge`: the hello handler on the edge runtime.

use routeway::prelude::*;

use crate::handlers::hello;

/// Runs on the edge runtime.
pub const RUNTIME: &str = "edge";

pub async fn GET(req: Request, ctx: Context) -> Response {
    hello(req, ctx).await
}

pub async fn HEAD(req: Request, ctx: Context) -> Response {
    hello(req, ctx).await
}

pub async fn OPTIONS(req: Request, ctx: Context) -> Response {
    hello(req, ctx).await
}

pub async fn POST(req: Request, ctx: Context) -> Response {
    hello(req, ctx).await
}

pub async fn PUT(req: Request, ctx: Context) -> Response {
    hello(req, ctx).await
}

pub async fn DELETE(req: Request, ctx: Context) -> Response {
    hello(req, ctx).await
}

pub async fn PATCH(req: Request, ctx: Context) -> Response {
    hello(req, ctx).await
}
