//! The corpus: the example app's seed routes, the spec's behaviours and bad input, and the port of
//! Next.js' app-routes suite.

pub mod data_cache;
pub mod example;
pub mod next;
pub mod spec;

use crate::case::Case;

/// Why a `Content-Length` set by the function does not reach the client of a streamed Lambda.
pub const LAMBDA_STREAMED_LENGTH: &str =
    "Lambda response streaming sends the body with chunked transfer encoding, so a \
     Content-Length set by the function is not passed on";

/// Why a method token outside the known ones cannot reach a Worker.
pub const WORKERD_UNKNOWN_METHOD: &str = "workerd's HTTP server answers 501 Not Implemented to a method token it does \
     not know, before any Worker code runs (the Workers runtime accepts only registered HTTP methods)";

/// Why a streamed answer is compressed, and so held back, under `wrangler dev`.
pub const WRANGLER_DEV_COMPRESSION: &str = "wrangler dev (miniflare) emulates Cloudflare's compression by content \
     type alone and ignores `Cache-Control: no-transform`, which Cloudflare's network honours (Content \
     compression docs: no-transform \"prevents Cloudflare from altering compression on responses\"); \
     routeway sends no-transform on every streamed answer, checked on every target by the seed \
     streaming case";

/// Why repeated request headers cannot reach the function as sent through the Lambda emulator.
pub const EMULATOR_REPEATED_HEADER: &str = "cargo lambda watch's function-URL emulation keeps only the first \
     line of a repeated header when it builds the event; real function URLs (payload format 2.0) \
     \"combine duplicate headers with commas\", as the AWS Lambda developer guide says, which is what \
     routeway does on the other targets";

/// Why a non-ASCII response header value cannot go out from a streamed Lambda function.
pub const LAMBDA_STREAMED_ASCII_HEADERS: &str = "lambda_runtime serialises a streamed response's headers \
     with http_serde, which keeps only visible-ASCII values and drops the others; routeway answers \
     such a response with a logged 500 instead of dropping the header (README, AWS Lambda)";

/// Why a raw non-ASCII `Cookie` header cannot reach the function through the Lambda emulator.
pub const EMULATOR_NON_ASCII_COOKIE: &str = "cargo lambda watch's function-URL emulation drops a Cookie header \
     that is not ASCII before it builds the event's `cookies` array (checked by hand: `token=abc123` alone \
     arrives, beside `name=café` nothing does); the same cookies in a v2 event reach the app, which the \
     routeway-lambda fixture test `a_non_ascii_cookie_in_v2_cookies_keeps_the_others` checks";

/// Every case, in run order.
pub fn all() -> Vec<Case> {
    let mut cases = spec::cases();
    cases.extend(example::cases());
    cases.extend(next::cases());
    cases
}
