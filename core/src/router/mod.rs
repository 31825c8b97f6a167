//! File-convention routing: patterns and their precedence, request path normalisation, the route
//! table, and method dispatch.

mod methods;
mod path;
mod pattern;
mod table;

use std::fmt;

pub use methods::{MethodSet, RouteMethod};
pub use path::{canonical_path, normalize_path, InvalidPath};
pub use pattern::{check_folder, RoutePattern, Segment, Specificity};
pub use table::{Found, Matched, RouteTable};

/// A route that cannot be added: the message names the file(s) and says what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteError {
    message: String,
}

impl RouteError {
    /// An error with `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RouteError {}
