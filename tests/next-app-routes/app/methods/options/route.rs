//! `/methods/options`: exports only `POST`, so `OPTIONS` is the automatic one (`204`, `Allow`).

pub use crate::handlers::hello as POST;
