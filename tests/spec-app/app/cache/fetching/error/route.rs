//! `/cache/fetching/error`: `dynamic = "error"` promises a static route, so its `no_store()` fetch
//! is an error.

use routeway::cache::Fetch;
use routeway::prelude::*;

pub const DYNAMIC: &str = "error";

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::data::page(ctx, "page-error", Fetch::no_store).await
}
