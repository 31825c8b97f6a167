//! The spec app: one route per behaviour of `spec/route-handlers.md` §1–§4 and the bad-input routes
//! the shared suite sends to every target, and the caching routes of §6 under `app/cache/`.

pub mod data;
pub mod echo;
pub mod runs;

routeway::include_routes!();

// The Cloudflare Worker entry point (expands to nothing on native targets).
routeway_cloudflare::export!(app);
