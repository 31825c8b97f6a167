//! `/cache/data?name=N&...`: a dynamic route whose upstream fetch goes through the data cache with
//! the options in the query (`fetch_cache = auto`).

pub const DYNAMIC: &str = "force-dynamic";

pub use crate::data::counter as GET;
