//! `/api/cors`: CORS headers on a plain response.

use routeway::prelude::*;

pub const DYNAMIC: &str = "force-dynamic";

pub async fn GET() -> Response {
    text("Hello, Next.js!")
        .with_header("Access-Control-Allow-Origin", "*")
        .with_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
        .with_header("Access-Control-Allow-Headers", "Content-Type, Authorization")
}
