//! One Worker invocation: workerd request in, the app's answer out, as a promise that settles even
//! when a handler panics.

use std::sync::Once;

use js_sys::Promise;
use routeway::http::StatusCode;
use routeway::request::RequestContext;
use routeway::{App, PlatformHandle, ResponseExt};
use wasm_bindgen::JsValue;

use crate::convert::{client_addr, request_from_worker, response_into_worker};
use crate::drain::Leftover;
use crate::in_flight::{install_panic_hook, InFlight};
use crate::platform::CloudflarePlatform;

/// Answers one `fetch` event with `app`: what [`export!`](crate::export) calls.
pub fn serve(app: &'static App, request: web_sys::Request, env: worker::Env, ctx: worker::Context) -> Promise {
    static ISOLATE: Once = Once::new();
    ISOLATE.call_once(|| {
        crate::logging::init();
        install_panic_hook();
    });
    let mut resolve = None;
    let promise = Promise::new(&mut |resolve_fn, _reject| resolve = Some(resolve_fn));
    let in_flight = InFlight::register(resolve.expect("the Promise executor runs at once"));
    js_sys::futures::spawn_local(async move {
        let response = answer(app, request, env, ctx).await;
        in_flight.finish(&response);
    });
    promise
}

async fn answer(app: &'static App, request: web_sys::Request, env: worker::Env, ctx: worker::Context) -> JsValue {
    let mut context = RequestContext::new(PlatformHandle::new(CloudflarePlatform::new(env, ctx)));
    let leftover = Leftover::default();
    let response = match request_from_worker(request, &leftover) {
        Ok(request) => {
            if let Some(addr) = client_addr(request.headers()) {
                context = context.with_client_addr(addr);
            }
            let drain_cap = routeway::request::drain_cap(context.body_limit());
            let response = app.handle_with(request, context).await;
            leftover.drain(drain_cap).await;
            response
        }
        Err(error) => {
            tracing::warn!("unreadable request: {error}");
            routeway::response::text(format!("Bad request: {error}\n")).with_status(StatusCode::BAD_REQUEST)
        }
    };
    match response_into_worker(response) {
        Ok(response) => response.into(),
        Err(error) => {
            tracing::error!("cannot build the response: {error:?}");
            let init = web_sys::ResponseInit::new();
            init.set_status(500);
            web_sys::Response::new_with_opt_buffer_source_and_init(None, &init).map_or(JsValue::UNDEFINED, Into::into)
        }
    }
}
