//! `/cache/fetching/no-store`: a page that would be static, but its `no_store()` fetch makes it
//! dynamic.

use routeway::cache::Fetch;
use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::data::page(ctx, "page-no-store", Fetch::no_store).await
}
