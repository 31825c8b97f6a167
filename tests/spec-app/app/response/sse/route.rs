//! `/response/sse`: server-sent events, one event every 150 ms.

use std::time::Duration;

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Response {
    let platform = ctx.platform().clone();
    let events = futures_util::stream::unfold(0u32, move |index| {
        let platform = platform.clone();
        async move {
            if index == 3 {
                return None;
            }
            if index > 0 {
                platform.sleep(Duration::from_millis(150)).await;
            }
            Some((Ok::<_, std::convert::Infallible>(format!("data: event {index}\n\n")), index + 1))
        }
    });
    sse(events)
}
