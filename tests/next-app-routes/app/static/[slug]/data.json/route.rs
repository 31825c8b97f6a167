//! `/static/{slug}/data.json`: `{params, now}`. Next prerenders `first` and `second`
//! (`generateStaticParams`) and renders other slugs on demand, then caches them.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::handlers::params_and_now(ctx)
}
