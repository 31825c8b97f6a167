//! `/basic/endpoint/nested`: the hello handler under every method; `(grouped)` is not in the URL,
//! and these static segments win over `basic/[tenantID]/[...resource]`.

pub use crate::handlers::{
    hello as DELETE, hello as GET, hello as HEAD, hello as OPTIONS, hello as PATCH, hello as POST, hello as PUT,
};
