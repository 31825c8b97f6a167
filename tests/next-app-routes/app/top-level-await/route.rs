//! `/top-level-await`: the message comes from async module initialisation (Next's top-level
//! `await`), which finishes once, before any handler reads it.

use tokio::sync::OnceCell;

static MESSAGE: OnceCell<String> = OnceCell::const_new();

pub async fn GET() -> String {
    MESSAGE
        .get_or_init(|| async { std::future::ready("hello from top-level await").await.to_owned() })
        .await
        .clone()
}
