//! The in-process harness: `App::handle` called directly, with the local platform for env and fetch.

use std::collections::HashMap;
use std::time::Instant;

use routeway::request::RequestContext;
use routeway::{App, PlatformHandle};
use routeway_local::LocalPlatform;

use super::{collect_frames, request_body, Harness, Observed};
use crate::case::{AppId, CaseRequest, Target};

/// Sends cases straight into each app's `handle`.
#[derive(Debug)]
pub struct InProcess {
    apps: HashMap<AppId, App>,
    platform: PlatformHandle,
}

impl InProcess {
    /// Harness over `apps`, whose handlers see `platform`.
    pub fn new(apps: HashMap<AppId, App>, platform: LocalPlatform) -> Self {
        Self {
            apps,
            platform: PlatformHandle::new(platform),
        }
    }
}

impl Harness for InProcess {
    fn target(&self) -> Target {
        Target::InProcess
    }

    async fn send(&self, app: AppId, request: &CaseRequest) -> Result<Observed, String> {
        let app = self.apps.get(&app).ok_or_else(|| format!("no app {app:?}"))?;
        let method = http::Method::from_bytes(request.method.as_bytes()).map_err(|e| e.to_string())?;
        let mut builder = http::Request::builder().method(method).uri(&request.target);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if request.stream_chunks.is_none() && !request.body.is_empty() {
            builder = builder.header("content-length", request.body.len());
        }
        let mut http_request = builder.body(request_body(request)).map_err(|e| e.to_string())?;
        let context = RequestContext::new(self.platform.clone());
        http_request.extensions_mut().insert(context);
        let head = Instant::now();
        let response = app.handle(http_request).await;
        let (parts, body) = response.into_parts();
        let frames = collect_frames(body, head).await?;
        Ok(Observed {
            status: parts.status.as_u16(),
            headers: parts.headers,
            frames,
        })
    }
}
