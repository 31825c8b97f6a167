//! `/revalidate-1/{slug}/data.json`: `{params, now}`, regenerated at most once a second.

use routeway::prelude::*;

/// Regenerated at most once a second.
pub const REVALIDATE: u32 = 1;

pub async fn GET(ctx: Context) -> Result<Response, Error> {
    crate::handlers::params_and_now(ctx)
}
