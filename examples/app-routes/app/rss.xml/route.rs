//! `/rss.xml`: a non-UI response with its content type.

use routeway::prelude::*;

pub const DYNAMIC: &str = "force-dynamic";

pub async fn GET() -> Response {
    let feed = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0">

<channel>
  <title>Next.js Documentation</title>
  <link>https://nextjs.org/docs</link>
  <description>The React Framework for the Web</description>
</channel>

</rss>"#;
    text(feed).with_header("content-type", "application/rss+xml; charset=utf-8")
}
