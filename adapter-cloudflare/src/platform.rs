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

    /// A `[vars]` or secret value: a string as it is; a number, boolean, array or table from
    /// `wrangler.toml` as its JSON text (`3`, `true`, `{"a":1}`). `None` for a name that is not
    /// set, and for other bindings (KV, R2, …), which are not text.
    fn env(&self, name: &str) -> Option<String> {
        let value = js_sys::Reflect::get(&self.env, &wasm_bindgen::JsValue::from_str(name)).ok()?;
        if let Some(text) = value.as_string() {
            return Some(text);
        }
        let is_json = value.as_f64().is_some()
            || value.as_bool().is_some()
            || js_sys::Array::is_array(&value)
            || (value.is_object()
                && js_sys::Object::get_prototype_of(&value)
                    == js_sys::Object::get_prototype_of(&js_sys::Object::new().into()));
        if !is_json {
            return None;
        }
        js_sys::JSON::stringify(&value).ok()?.as_string()
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
