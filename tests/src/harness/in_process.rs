//! The in-process harness: `App::handle` called directly, with the local platform for env and fetch.

use std::collections::HashMap;
use std::time::Instant;

use routeway::request::RequestContext;
use routeway::{App, PlatformHandle};
use routeway_local::LocalPlatform;

use super::{http_request, observe, Harness, Observed};
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
        let mut http_request = http_request(request, None)?;
        http_request
            .extensions_mut()
            .insert(RequestContext::new(self.platform.clone()));
        let head = Instant::now();
        observe(app.handle(http_request).await, head).await
    }
}
