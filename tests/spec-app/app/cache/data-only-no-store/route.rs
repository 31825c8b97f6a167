//! `/cache/data-only-no-store?name=N&...`: `fetch_cache = only-no-store` makes a call that asks to
//! be cached an error (a 500), as in Next.

pub const DYNAMIC: &str = "force-dynamic";
pub const FETCH_CACHE: &str = "only-no-store";

pub use crate::data::counter as GET;
