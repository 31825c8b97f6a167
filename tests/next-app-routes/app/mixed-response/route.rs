//! `/mixed-response`: a different response kind per environment (a type fixture, unused by the suite):
//! JSON when `COND_1` is set, a redirect when `COND_2` is, else text.

use routeway::prelude::*;
use serde_json::json;

pub async fn GET(ctx: Context) -> Response {
    let set = |name: &str| ctx.env(name).is_some_and(|value| !value.is_empty());
    if set("COND_1") {
        json(&json!({ "a": "1" }))
    } else if set("COND_2") {
        redirect("/no-response")
    } else {
        text("3")
    }
}
