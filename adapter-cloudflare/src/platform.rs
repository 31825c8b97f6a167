//! The Workers platform: `[vars]` and secrets, `ctx.waitUntil`, the Workers `fetch` and `setTimeout`.

use std::time::Duration;

use routeway::{Body, BoxError, BoxFuture, Platform, Response};

use crate::convert::{body_from_worker, request_into_worker};

/// The platform behind one Worker invocation: its `env` (vars, secrets, bindings) and `ctx`.
///
/// Bindings other than strings are reached through [`env`](Self::env):
///
/// ```text
/// let platform = ctx.platform().downcast_ref::<CloudflarePlatform>().expect("runs on Workers");
/// let kv = platform.env().kv("CACHE")?;
/// ```
#[derive(Debug)]
pub struct CloudflarePlatform {
    env: worker::Env,
    ctx: worker::Context,
}

impl CloudflarePlatform {
    /// The platform for one invocation.
    pub fn new(env: worker::Env, ctx: worker::Context) -> Self {
        Self { env, ctx }
    }

    /// The Worker's bindings: vars, secrets, KV, R2, D1, services, ...
    pub fn env(&self) -> &worker::Env {
        &self.env
    }

    /// The invocation's execution context (`waitUntil`, `passThroughOnException`).
    pub fn context(&self) -> &worker::Context {
        &self.ctx
    }
}

impl Platform for CloudflarePlatform {
    fn name(&self) -> &'static str {
        "cloudflare"
    }

    fn env(&self, name: &str) -> Option<String> {
        let value = self.env.get_binding::<worker::Var>(name).ok()?;
        Some(value.to_string())
    }

    fn wait_until(&self, work: BoxFuture<'static, ()>) {
        self.ctx.wait_until(work);
    }

    fn fetch(&self, request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
        Box::pin(async move {
            let request = request_into_worker(request).map_err(to_box_error)?;
            let response = worker::Fetch::Request(request.into())
                .send()
                .await
                .map_err(to_box_error)?;
            let response = worker::HttpResponse::try_from(response).map_err(to_box_error)?;
            Ok(response.map(body_from_worker))
        })
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(worker::Delay::from(duration))
    }
}

fn to_box_error(error: worker::Error) -> BoxError {
    error.to_string().into()
}
