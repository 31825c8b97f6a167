//! `/robots.txt`: a route handler at a metadata-route path wins over the built-in metadata route.

pub async fn GET() -> &'static str {
    "User-agent: *\nAllow: /\n\nSitemap: https://www.example.com/sitemap.xml"
}
