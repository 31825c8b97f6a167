//! `/advanced/body/text`: echoes the text body as meta `{body}`.

use routeway::prelude::*;

pub async fn POST(req: Request) -> Result<Response, Error> {
    crate::handlers::text_body_meta(req).await
}
