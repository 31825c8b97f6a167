//! `/`: `app/route.rs` serves the root.

pub async fn GET() -> &'static str {
    "root"
}
