//! `/errors/panic`: a panicking handler answers 500 and the server keeps serving.

pub async fn GET() -> &'static str {
    panic!("this handler panics on purpose")
}
