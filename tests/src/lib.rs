//! The shared handler suite: cases as data ([`case`]), one [`harness::Harness`] per target, and a
//! runner that sends every case through a harness and reports how many passed.
//!
//! Targets: in-process (`App::handle` directly) and the local hyper server over loopback TCP; the
//! Cloudflare and Lambda adapters add theirs and run the same cases.

pub mod case;
pub mod cases;
pub mod harness;
pub mod redis_server;
pub mod runner;
pub mod upstream;
