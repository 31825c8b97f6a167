//! `/cache/fetching/flaky`: a page whose fetch revalidates after 2 s from an upstream that fails
//! after its first answer.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::data::page(ctx, "flaky-page", |fetch| fetch.revalidate(2)).await
}
