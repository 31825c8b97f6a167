//! `/basic/{tenantID}/endpoint`: the hello handler under every method; params `{tenantID}`; the
//! static `endpoint` wins over the catch-all sibling.

pub use crate::handlers::{
    hello as DELETE, hello as GET, hello as HEAD, hello as OPTIONS, hello as PATCH, hello as POST, hello as PUT,
};
