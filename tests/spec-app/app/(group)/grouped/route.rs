//! `/grouped`: the `(group)` folder is not part of the URL.

pub async fn GET() -> &'static str {
    "grouped"
}
