//! # routeway-cloudflare
//!
//! Runs a routeway [`App`](routeway::App) as a Cloudflare Worker (wasm32, workerd): Next's `edge`
//! runtime. One line in the app crate exports the Worker's `fetch` handler:
//!
//! ```
//! # fn app() -> routeway::App { routeway::App::new() }
//! // src/lib.rs, where `routeway::include_routes!();` defined `app`:
//! routeway_cloudflare::export!(app);
//! # fn main() {}
//! ```
//!
//! The crate is built with `worker-build --release` (the `[build]` command of the app's
//! `wrangler.toml`), run with `wrangler dev` and deployed with `wrangler deploy`. On other targets
//! `export!` expands to nothing, so the same app crate still builds its local and Lambda binaries.
//!
//! - Requests: method, full URL, headers and the body as a stream read chunk by chunk; the client's
//!   address from `CF-Connecting-IP`; the request's `cf` properties as a [`worker::Cf`] in the
//!   request's extensions.
//! - Responses: fixed bodies are handed over as one buffer (with their length), streams as a
//!   `ReadableStream` fed chunk by chunk; several `Set-Cookie` headers stay separate.
//! - The platform door ([`CloudflarePlatform`]): `env` reads `[vars]` and secrets, `wait_until` is
//!   the Worker's `ctx.waitUntil`, `fetch` is the Workers `fetch`, `sleep` is `setTimeout`; bindings
//!   (KV, R2, D1, ...) are reached through [`CloudflarePlatform::env`].
//! - A handler error answers `500`. A panic cannot be unwound on wasm32 (it aborts the instance):
//!   a panic hook answers the panicking request, and any other request the isolate was serving,
//!   with an empty `500` before the abort, and `worker`'s hook has the instance re-created so later
//!   requests are served.

#![warn(missing_docs, missing_debug_implementations)]

#[cfg(target_arch = "wasm32")]
mod cache_store;
#[cfg(target_arch = "wasm32")]
mod convert;
#[cfg(target_arch = "wasm32")]
mod drain;
#[cfg(target_arch = "wasm32")]
mod in_flight;
#[cfg(target_arch = "wasm32")]
mod logging;
#[cfg(target_arch = "wasm32")]
mod platform;
#[cfg(target_arch = "wasm32")]
mod serve;

#[cfg(target_arch = "wasm32")]
pub use cache_store::{with_workers_cache, WorkersStore, KV_BINDING};
#[cfg(target_arch = "wasm32")]
pub use platform::CloudflarePlatform;
#[cfg(target_arch = "wasm32")]
pub use serve::serve;
#[cfg(target_arch = "wasm32")]
pub use worker;

/// What [`export!`] expands to needs, reached by absolute paths from the app crate.
#[doc(hidden)]
#[cfg(target_arch = "wasm32")]
pub mod __private {
    pub use js_sys;
    pub use wasm_bindgen;
    pub use web_sys;
}

/// Exports the Worker's `fetch` handler serving the app that the function `$app` (in the calling
/// module, usually `app` from [`routeway::include_routes!`]) builds, once per isolate, with its
/// cache on the Cache API and the `ROUTEWAY_CACHE` KV namespace (see `with_workers_cache`).
///
/// Expands to nothing outside `wasm32`, so the app crate keeps building its native binaries.
/// The app crate needs `crate-type = ["cdylib", "rlib"]` for `worker-build`.
#[macro_export]
macro_rules! export {
    ($app:ident) => {
        #[cfg(target_arch = "wasm32")]
        mod __routeway_cloudflare_fetch {
            use ::routeway_cloudflare::__private::wasm_bindgen::prelude::wasm_bindgen;

            ::std::thread_local! {
                static APP: ::std::cell::OnceCell<&'static ::routeway::App> = const { ::std::cell::OnceCell::new() };
            }

            #[wasm_bindgen(wasm_bindgen = ::routeway_cloudflare::__private::wasm_bindgen)]
            pub fn fetch(
                request: ::routeway_cloudflare::__private::web_sys::Request,
                env: ::routeway_cloudflare::worker::Env,
                ctx: ::routeway_cloudflare::worker::worker_sys::Context,
            ) -> ::routeway_cloudflare::__private::js_sys::Promise {
                let app = APP.with(|app| {
                    *app.get_or_init(|| {
                        let app = ::routeway_cloudflare::with_workers_cache(super::$app(), &env);
                        ::std::boxed::Box::leak(::std::boxed::Box::new(app))
                    })
                });
                ::routeway_cloudflare::serve(
                    app,
                    request,
                    env,
                    ::routeway_cloudflare::worker::Context::new(ctx),
                )
            }
        }
    };
}
