//! Never served: `_private` folders and everything under them are left out of routing.

pub async fn GET() -> &'static str {
    "private"
}
