//! `/response/permanent-cookie`: a cookie made permanent through the `cookie` crate, whose expiry
//! reads the clock (`time`'s `now_utc`, which on wasm32 needs its `wasm-bindgen` feature).

use routeway::prelude::*;

pub const DYNAMIC: &str = "force-dynamic";

pub async fn GET() -> Response {
    let mut cookie = Cookie::new("remember", "yes");
    cookie.make_permanent();
    text("remembered").with_cookie(cookie)
}
