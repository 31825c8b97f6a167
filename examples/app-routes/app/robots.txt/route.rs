//! `/robots.txt`: a static non-UI response.

use routeway::prelude::*;

pub async fn GET() -> Response {
    text("User-Agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: https://example.com/sitemap.xml\n")
}
