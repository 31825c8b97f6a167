//! `/methods/options`: exports only `POST`, so `OPTIONS` is the automatic one (`204`, `Allow`).

use routeway::prelude::*;

pub async fn POST(req: Request, ctx: Context) -> Response {
    crate::handlers::hello(req, ctx).await
}
