//! `/cache/fetching/route-revalidate`: an ISR page (2 s) whose `force_cache()` fetch sets no time,
//! so it takes the route's.

use routeway::cache::Fetch;
use routeway::prelude::*;

pub const REVALIDATE: u32 = 2;

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::data::page(ctx, "page-route-revalidate", Fetch::force_cache).await
}
