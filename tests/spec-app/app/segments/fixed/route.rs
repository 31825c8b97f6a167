//! `/segments/fixed`: a static segment beats `[id]` and `[...rest]` beside it.

pub async fn GET() -> &'static str {
    "static"
}
