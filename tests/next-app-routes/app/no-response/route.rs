//! `/no-response`: a handler that returns nothing. In Next that is a logged error and a `500`; in
//! Rust `()` is a response (`200`, empty body), so only the signature carries over.

pub async fn POST() {}
