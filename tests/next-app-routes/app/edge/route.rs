//! `/edge`: the hello handler on the edge runtime, under every method (`export * from`).

/// Runs on the edge runtime.
pub const RUNTIME: &str = "edge";

pub use crate::handlers::{
    hello as DELETE, hello as GET, hello as HEAD, hello as OPTIONS, hello as PATCH, hello as POST, hello as PUT,
};
