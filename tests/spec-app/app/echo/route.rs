//! `/echo`: what the handler saw (method, path, query, cookies, `x-test-*` headers) plus the body as
//! text, for every method that may carry one.

use routeway::prelude::*;

async fn echo(mut req: Request) -> Result<Response, Error> {
    let mut seen = crate::echo::describe(&req);
    seen["url"] = req.url().into();
    seen["body"] = req.text().await?.into();
    Ok(json(&seen))
}

pub async fn GET(req: Request) -> Result<Response, Error> {
    echo(req).await
}

pub async fn POST(req: Request) -> Result<Response, Error> {
    echo(req).await
}

pub async fn PUT(req: Request) -> Result<Response, Error> {
    echo(req).await
}

pub async fn PATCH(req: Request) -> Result<Response, Error> {
    echo(req).await
}

pub async fn DELETE(req: Request) -> Result<Response, Error> {
    echo(req).await
}

pub async fn OPTIONS(req: Request) -> Result<Response, Error> {
    echo(req).await
}
