//! `/platform/fetch?code=302&to=/counter/x`: fetches the mock upstream's `/redirect/{code}?to=...`,
//! which answers `code` with `Location: to`, with this request's method and body, and answers what
//! the fetch ended with. The platform's `fetch` follows redirects as the Web's does, on every target.

pub const DYNAMIC: &str = "force-dynamic";

pub use crate::data::through_redirect as GET;
pub use crate::data::through_redirect as POST;
