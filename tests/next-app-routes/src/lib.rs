//! The port of Next.js' `test/e2e/app-dir/app-routes` fixture: every route of its `app/` folder that
//! the `app-custom-routes` suite calls (plus the cheap unused ones), at the same URL and with the same
//! behaviour, so `tests/src/cases/next.rs` can replay the suite's assertions.
//!
//! Shared code mirrors the fixture's: [`helpers`] is `helpers.ts` (the `x-request-meta` convention)
//! and [`handlers`] holds `handlers/hello.ts` plus the bodies the Node and edge copies of a route share.

pub mod handlers;
pub mod helpers;

routeway::include_routes!();

// The Cloudflare Worker entry point (expands to nothing on native targets).
routeway_cloudflare::export!(app);
