//! `/basic/{tenantID}/{...resource}`: the hello handler under every method; params
//! `{tenantID, resource: [..]}`.

pub use crate::handlers::{
    hello as DELETE, hello as GET, hello as HEAD, hello as OPTIONS, hello as PATCH, hello as POST, hello as PUT,
};
