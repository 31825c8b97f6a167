//! `/cache/fetching/force-static`: `force-static` keeps the page cached despite its `no_store()`
//! fetch.

use routeway::cache::Fetch;
use routeway::prelude::*;

pub const DYNAMIC: &str = "force-static";

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::data::page(ctx, "page-force-static", Fetch::no_store).await
}
