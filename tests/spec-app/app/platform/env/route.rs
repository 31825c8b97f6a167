//! `/platform/env`: a variable from the target's environment (process env, Lambda configuration,
//! Workers `[vars]`), read through the platform door without making the handler dynamic.

use routeway::prelude::*;

pub async fn GET(ctx: Context) -> Response {
    json(&serde_json::json!({
        "var": ctx.platform().env("ROUTEWAY_SUITE_VAR"),
        "number": ctx.platform().env("ROUTEWAY_SUITE_NUMBER"),
        "missing": ctx.platform().env("ROUTEWAY_SUITE_UNSET"),
    }))
}
