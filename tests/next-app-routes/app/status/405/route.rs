//! `/status/405`: only `GET` (the hello handler), so `POST` gets a `405`.

use routeway::prelude::*;

/// Never cached.
pub const DYNAMIC: &str = "force-dynamic";

pub async fn GET(req: Request, ctx: Context) -> Response {
    crate::handlers::hello(req, ctx).await
}
