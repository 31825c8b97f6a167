//! `/methods/post-only`: no `GET`, so `HEAD` is a 405 too.

pub async fn POST() -> &'static str {
    "posted"
}
