//! `/methods/head`: exports only `GET`, so `HEAD` is the automatic one (GET without its body).

pub use crate::handlers::hello as GET;
