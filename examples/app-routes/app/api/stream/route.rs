//! `/api/stream`: the page's iterator-to-stream example, one chunk every 200 ms.

use std::time::Duration;

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Response {
    let platform = ctx.platform().clone();
    let chunks = futures_util::stream::unfold(0usize, move |index| {
        let platform = platform.clone();
        async move {
            let chunk = ["<p>One</p>", "<p>Two</p>", "<p>Three</p>"].get(index)?;
            if index > 0 {
                platform.sleep(Duration::from_millis(200)).await;
            }
            Some((Ok::<_, std::convert::Infallible>(*chunk), index + 1))
        }
    });
    stream(chunks).with_header("content-type", "text/html; charset=utf-8")
}
