//! `/cache/data-no-store?name=N&...`: `fetch_cache = force-no-store` overrides every call's options.

pub const DYNAMIC: &str = "force-dynamic";
pub const FETCH_CACHE: &str = "force-no-store";

pub use crate::data::counter as GET;
