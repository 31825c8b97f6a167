//! The corpus: the example app's seed routes, the spec's behaviours and bad input, and the port of
//! Next.js' app-routes suite.

pub mod example;
pub mod next;
pub mod spec;

use crate::case::Case;

/// Every case, in run order.
pub fn all() -> Vec<Case> {
    let mut cases = spec::cases();
    cases.extend(example::cases());
    cases.extend(next::cases());
    cases
}
