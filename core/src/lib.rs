//! # routeway
//!
//! Next.js App Router *Route Handlers*, in Rust. Write `app/api/items/[slug]/route.rs`:
//!
//! ```
//! use routeway::prelude::*;
//!
//! #[derive(serde::Deserialize)]
//! pub struct Slug { slug: String }
//!
//! pub async fn GET(ctx: Context<Slug>) -> Response {
//!     json(&serde_json::json!({ "slug": ctx.params.slug }))
//! }
//!
//! pub async fn POST(mut req: Request) -> Result<Response, Error> {
//!     let body: serde_json::Value = req.json().await?; // 400 on malformed JSON, 413 over the limit
//!     Ok(json(&body))
//! }
//! ```
//!
//! The build scanner (`routeway-build`) turns the `app/` folder into an [`App`]; an adapter serves it:
//! `routeway-local` (hyper), with Cloudflare Workers and AWS Lambda adapters using the same [`App`].
//!
//! | piece | what it is |
//! |---|---|
//! | [`Request`] | URL, query, headers, cookies, params, body readers (bytes, text, JSON, form, stream) |
//! | [`Context`] | the route's params (raw or typed) and the [`Platform`] door; does not make a handler dynamic |
//! | [`IntoResponse`] | everything a handler may return; [`response`] has `json`, `redirect`, `not_found`, `stream`, `sse` |
//! | [`Error`], [`Rejection`] | `?` in handlers: body errors answer 400/413/415 with a message, the rest a logged 500 |
//! | [`App`], [`Route`] | the route table and `handle(request) -> response`, shared by every adapter |
//! | [`config`] | route segment config (`dynamic`, `revalidate`, `runtime`, ...) |

#![warn(missing_docs, missing_debug_implementations)]

pub mod app;
pub mod body;
pub mod cache;
pub mod config;
pub mod error;
pub mod extract;
pub mod handler;
pub mod maybe_send;
pub mod platform;
pub mod repeated_headers;
pub mod request;
pub mod response;
pub mod route;
pub mod router;

pub use app::App;
pub use body::{Body, BodyError};
pub use error::{Error, Rejection};
pub use extract::{Context, Form, FromRequest, Headers, Query};
pub use handler::Handler;
pub use maybe_send::{BoxError, BoxFuture, BoxStream, MaybeSend};
pub use platform::{Platform, PlatformHandle};
pub use request::{Cookies, FormData, FormFile, FormValue, ParamValue, Params, Request, SearchParams};
pub use response::{IntoResponse, Json, Response, ResponseExt};
pub use route::{delete, get, head, options, patch, post, put, Route};

pub use bytes;
pub use cookie;
pub use futures_util;
pub use http;
pub use serde_json;
/// Clocks that work on every target: `std::time` on native targets, JavaScript's clocks on `wasm32`
/// (where `std::time::SystemTime::now()` panics). Use `routeway::time::SystemTime` in route files.
///
/// ```
/// let since_epoch = routeway::time::SystemTime::now().duration_since(routeway::time::UNIX_EPOCH).unwrap();
/// assert!(since_epoch.as_secs() > 1_700_000_000);
/// ```
pub use web_time as time;

/// Everything a route file usually needs: `use routeway::prelude::*;`.
pub mod prelude {
    pub use crate::cookie::Cookie;
    pub use crate::http::{header, HeaderMap, Method, StatusCode};
    pub use crate::response::{
        json, not_found, permanent_redirect, redirect, sse, stream, text, Json, NotFound, Redirect,
    };
    pub use crate::{
        Body, Context, Cookies, Error, Form, FormData, Headers, IntoResponse, Params, Query, Rejection, Request,
        Response, ResponseExt, SearchParams,
    };
}

/// Includes the route table that `routeway-build` generated from the `app/` folder: it declares one
/// module per route file and `pub fn app() -> routeway::App`.
#[macro_export]
macro_rules! include_routes {
    () => {
        include!(concat!(
            env!(
                "OUT_DIR",
                "routeway::include_routes!() reads the route table that build.rs generates: add `build.rs` \
                 with `fn main() { routeway_build::generate(); }`, and `routeway-build` to [build-dependencies]"
            ),
            "/routeway_routes.rs"
        ));
    };
}
