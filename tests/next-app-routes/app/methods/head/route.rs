//! `/methods/head`: exports only `GET`, so `HEAD` is the automatic one (GET without its body).

use routeway::prelude::*;

pub async fn GET(req: Request, ctx: Context) -> Response {
    crate::handlers::hello(req, ctx).await
}
