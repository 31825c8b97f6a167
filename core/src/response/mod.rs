//! Responses: the [`Response`] type, [`IntoResponse`] for everything a handler may return, and the
//! helpers of the Route Handlers page (`json`, `redirect`, `not_found`, streaming).

mod helpers;
mod into_response;
mod response_ext;

pub use helpers::{empty, json, not_found, permanent_redirect, redirect, sse, stream, text, Json, NotFound, Redirect};
pub use into_response::IntoResponse;
pub use response_ext::ResponseExt;

/// A response: `http::Response` over routeway's [`Body`](crate::Body).
pub type Response = http::Response<crate::Body>;
