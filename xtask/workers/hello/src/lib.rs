//! The size baseline for `cargo xtask size`: the workers-rs hello world and nothing else.

#[cfg(target_arch = "wasm32")]
#[worker::event(fetch)]
async fn fetch(_req: worker::Request, _env: worker::Env, _ctx: worker::Context) -> worker::Result<worker::Response> {
    worker::Response::ok("Hello World!")
}
