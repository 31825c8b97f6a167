//! `/advanced/query`: echoes `?ping=` as meta `{ping}`.

use routeway::prelude::*;

pub async fn GET(req: Request) -> Response {
    crate::handlers::query_meta(req).await
}
