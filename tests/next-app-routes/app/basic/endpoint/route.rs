//! `/basic/endpoint`: re-exports the hello handler under every method; static, so meta `params` is
//! `null`.

pub use crate::handlers::{
    hello as DELETE, hello as GET, hello as HEAD, hello as OPTIONS, hello as PATCH, hello as POST, hello as PUT,
};
