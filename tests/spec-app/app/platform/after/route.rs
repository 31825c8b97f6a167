//! `/platform/after`: `POST ?key=K` answers at once and hands work to `wait_until`, which marks `K`
//! done after the response; `GET ?key=K` reports whether that work ran (polling for up to 3 s) and
//! forgets `K`.

use std::sync::Mutex;
use std::time::Duration;

use routeway::prelude::*;

static DONE: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Whether the work for `key` ran; a key is reported once, so every harness starts clean.
fn take_done(key: &str) -> bool {
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    let found = done.iter().position(|k| k == key);
    found.map(|at| done.swap_remove(at)).is_some()
}

pub async fn POST(req: Request) -> Response {
    let Some(key) = req.search_params().get("key").map(str::to_owned) else {
        return text("missing ?key=").with_status(StatusCode::BAD_REQUEST);
    };
    let platform = req.platform().clone();
    req.platform().wait_until(async move {
        platform.sleep(Duration::from_millis(50)).await;
        DONE.lock().unwrap_or_else(|e| e.into_inner()).push(key);
    });
    text("scheduled").with_status(StatusCode::ACCEPTED)
}

pub async fn GET(req: Request) -> Response {
    let key = req.search_params().get("key").unwrap_or_default().to_owned();
    for _ in 0..60 {
        if take_done(&key) {
            return json(&serde_json::json!({ "ran": true }));
        }
        req.platform().sleep(Duration::from_millis(50)).await;
    }
    json(&serde_json::json!({ "ran": false }))
}
