//! `/cache/fetching/path`: a static page with a `force_cache()` fetch, whose data entry
//! `revalidate_path` drops with the page.

use routeway::cache::Fetch;
use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::data::page(ctx, "page-path", Fetch::force_cache).await
}
