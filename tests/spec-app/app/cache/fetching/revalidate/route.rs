//! `/cache/fetching/revalidate`: a static page whose fetch revalidates after 2 s, so the page
//! does too.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::data::page(ctx, "page-revalidate", |fetch| fetch.revalidate(2)).await
}
