//! `/cache/flaky`: `revalidate = 1`; the first run answers, every regeneration fails, so the last good
//! answer keeps being served.

use routeway::prelude::*;

pub const REVALIDATE: u32 = 1;

pub async fn GET() -> Result<Response, Error> {
    match crate::runs::record("flaky") {
        1 => Ok(json(&serde_json::json!({ "run": 1 }))),
        run => Err(Error::new(format!("regeneration {run} fails on purpose"))),
    }
}
