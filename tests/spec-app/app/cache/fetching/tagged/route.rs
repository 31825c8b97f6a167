//! `/cache/fetching/tagged`: a static page whose fetch is tagged `spec-page`, so the page is too.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::data::page(ctx, "page-tagged", |fetch| fetch.tags(["spec-page"])).await
}
