//! `/basic/endpoint`: re-exports the hello handler; static, so meta `params` is `null`.

use routeway::prelude::*;

use crate::handlers::hello;

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
