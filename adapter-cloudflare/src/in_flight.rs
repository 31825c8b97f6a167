//! Panics on wasm32 abort the instance: the panicking request's future, and every other request
//! the isolate was serving, would never settle (workerd reports them as hung). Each invocation's
//! promise is registered here, and a panic hook settles all of them with an empty `500` before the
//! abort; `worker`'s own hook (kept, and run first) then has the instance re-created for the next
//! request.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use js_sys::Function;
use wasm_bindgen::JsValue;

thread_local! {
    static PENDING: RefCell<HashMap<u64, Function>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// An invocation whose promise is settled by [`InFlight::finish`], or by the panic hook.
pub(crate) struct InFlight {
    id: u64,
    resolve: Function,
}

impl InFlight {
    /// Registers the `resolve` function of an invocation's promise.
    pub(crate) fn register(resolve: Function) -> Self {
        let id = NEXT_ID.with(|next| {
            let id = next.get();
            next.set(id + 1);
            id
        });
        PENDING.with(|pending| pending.borrow_mut().insert(id, resolve.clone()));
        Self { id, resolve }
    }

    /// Settles the promise with the invocation's response.
    pub(crate) fn finish(self, response: &JsValue) {
        PENDING.with(|pending| pending.borrow_mut().remove(&self.id));
        let _ = self.resolve.call1(&JsValue::UNDEFINED, response);
    }
}

/// Chains a hook after the one installed before it (`worker`'s, which logs the panic and marks the
/// instance for re-creation) that answers every pending invocation with an empty `500` that no cache
/// keeps, as a handler's 500 on the other targets.
pub(crate) fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        let pending: Vec<Function> = PENDING.with(|pending| match pending.try_borrow_mut() {
            Ok(mut pending) => pending.drain().map(|(_, resolve)| resolve).collect(),
            Err(_) => Vec::new(),
        });
        for resolve in pending {
            let init = web_sys::ResponseInit::new();
            init.set_status(500);
            if let Ok(headers) = web_sys::Headers::new() {
                let dynamic = routeway::cache::DYNAMIC_CACHE_CONTROL;
                let _ = headers.set("cache-control", dynamic.to_str().unwrap_or_default());
                init.set_headers(&headers);
            }
            if let Ok(response) = web_sys::Response::new_with_opt_buffer_source_and_init(None, &init) {
                let _ = resolve.call1(&JsValue::UNDEFINED, &response);
            }
        }
    }));
}
