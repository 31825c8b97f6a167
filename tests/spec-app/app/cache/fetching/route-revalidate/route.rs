//! `/cache/fetching/route-revalidate`: an ISR page (2 s) whose fetch is stored by its tags alone,
//! with no time of its own, so it takes the route's.

use routeway::prelude::*;

pub const REVALIDATE: u32 = 2;

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::data::page(ctx, "page-route-revalidate", |fetch| fetch.tags(["spec-route-isr"])).await
}
