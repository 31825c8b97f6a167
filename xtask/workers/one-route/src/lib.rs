//! The smallest routeway Worker: `app/route.rs` answering `GET /`.

routeway::include_routes!();

routeway_cloudflare::export!(app);
