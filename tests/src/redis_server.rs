//! A throwaway `redis-server` on a free loopback port, standing in for Amazon ElastiCache (Redis OSS
//! 7 speaks the same protocol). `cargo xtask test` installs `redis-server` from Debian's packages.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::harness::free_port;

/// A running Redis, stopped when dropped. Nothing is saved to disk.
#[derive(Debug)]
pub struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    /// Starts `redis-server` on a free port of 127.0.0.1 and waits (up to 10 s) until it accepts
    /// connections.
    pub async fn start() -> Result<Self, String> {
        let port = free_port().map_err(|e| e.to_string())?;
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no", "--protected-mode", "yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|error| {
                format!(
                    "cannot start redis-server ({error}): `cargo xtask test` installs it, or run \
                     `apt-get install redis-server`"
                )
            })?;
        let server = Self { child, port };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!(
            "redis-server did not accept connections on port {port} within 10 s"
        ))
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }
}

impl RedisServer {
    /// How many keys the server holds (`redis-cli DBSIZE`): proof that a store wrote to it.
    pub fn key_count(&self) -> Result<u64, String> {
        let output = Command::new("redis-cli")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "--raw", "DBSIZE"])
            .output()
            .map_err(|error| format!("cannot run redis-cli: {error}"))?;
        let text = String::from_utf8_lossy(&output.stdout);
        text.trim()
            .parse()
            .map_err(|_| format!("redis-cli DBSIZE answered {text:?}"))
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
