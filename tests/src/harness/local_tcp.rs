//! The local-server harness: each app on `routeway-local`, requests over loopback TCP with hyper.

use std::collections::HashMap;
use std::net::SocketAddr;

use routeway::App;
use routeway_local::{LocalPlatform, RunningServer, Server};

use super::{send_over_tcp, Harness, Observed};
use crate::case::{AppId, CaseRequest, Target};

/// Sends cases over TCP to a running `routeway-local` server per app.
#[derive(Debug)]
pub struct LocalTcp {
    servers: HashMap<AppId, RunningServer>,
}

impl LocalTcp {
    /// Starts one server per app on a free loopback port.
    pub async fn start(apps: HashMap<AppId, App>, platform: LocalPlatform) -> std::io::Result<Self> {
        let mut servers = HashMap::new();
        for (id, app) in apps {
            let server = Server::new(app)
                .port(0)
                .platform(platform.clone())
                .print_routes(false)
                .start()
                .await?;
            servers.insert(id, server);
        }
        Ok(Self { servers })
    }

    /// The address an app listens on.
    pub fn address(&self, app: AppId) -> Option<SocketAddr> {
        self.servers.get(&app).map(RunningServer::address)
    }

    /// Stops every server.
    pub async fn stop(self) {
        for (_, server) in self.servers {
            server.stop().await;
        }
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
