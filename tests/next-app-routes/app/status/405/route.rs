//! `/status/405`: only `GET` (the hello handler), so `POST` gets a `405`.

/// Never cached.
pub const DYNAMIC: &str = "force-dynamic";

pub use crate::handlers::hello as GET;
