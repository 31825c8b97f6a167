//! The local-server harness: each app on `routeway-local`, requests over loopback TCP with hyper.
//! Its apps keep their cache in a [`DiskStore`] (a temporary folder): every caching case writes,
//! tags and revalidates files here (reads within one run mostly come from the store's memory copy;
//! reading entries back from disk is covered by `adapter-local/tests/disk_store.rs`).

use std::collections::HashMap;
use std::net::SocketAddr;

use routeway::App;
use std::sync::Arc;

use routeway_local::{DiskStore, LocalPlatform, RunningServer, Server};

use super::{send_over_tcp, Harness, Observed};
use crate::case::{AppId, CaseRequest, Target};

/// Sends cases over TCP to a running `routeway-local` server per app.
#[derive(Debug)]
pub struct LocalTcp {
    servers: HashMap<AppId, RunningServer>,
    cache_dir: tempfile::TempDir,
}

impl LocalTcp {
    /// Starts one server per app on a free loopback port.
    pub async fn start(apps: HashMap<AppId, App>, platform: LocalPlatform) -> std::io::Result<Self> {
        let mut servers = HashMap::new();
        let cache_dir = tempfile::tempdir()?;
        for (id, app) in apps {
            let store = DiskStore::open(cache_dir.path().join(format!("{id:?}")))?;
            let app = app.with_cache_store(Arc::new(store));
            let server = Server::new(app)
                .port(0)
                .platform(platform.clone())
                .print_routes(false)
                .start()
                .await?;
            servers.insert(id, server);
        }
        Ok(Self { servers, cache_dir })
    }

    /// The address an app listens on.
    pub fn address(&self, app: AppId) -> Option<SocketAddr> {
        self.servers.get(&app).map(RunningServer::address)
    }

    /// Stops every server and removes their cache folder.
    pub async fn stop(self) {
        for (_, server) in self.servers {
            server.stop().await;
        }
        drop(self.cache_dir);
    }
}

impl Harness for LocalTcp {
    fn target(&self) -> Target {
        Target::Local
    }

    async fn send(&self, app: AppId, request: &CaseRequest) -> Result<Observed, String> {
        let address = self.address(app).ok_or_else(|| format!("no server for {app:?}"))?;
        send_over_tcp(&address.to_string(), request).await
    }
}
