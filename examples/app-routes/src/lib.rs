//! Every example of the Next.js Route Handlers page as a routeway route file under `app/`.
//!
//! Upstreams come from the environment: `DATA_API_URL` and `DATA_API_KEY` for the data API,
//! `OPENAI_BASE_URL`, `OPENAI_API_KEY` and `OPENAI_MODEL` for the chat route.

pub mod openai;
pub mod upstream;

routeway::include_routes!();

// The Cloudflare Worker entry point (expands to nothing on native targets).
routeway_cloudflare::export!(app);
