use routeway::prelude::*;

pub async fn GET() -> Response {
    text("Hello World!")
}
