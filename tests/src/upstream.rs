//! A mock upstream on loopback standing in for the data API and an OpenAI-compatible LLM API.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use routeway_local::LocalPlatform;
use serde_json::json;
use tokio::net::TcpListener;

/// The API key the mock expects in `API-Key`.
pub const DATA_API_KEY: &str = "test-data-key";
/// The bearer token the mock expects for chat completions.
pub const OPENAI_API_KEY: &str = "sk-test";
/// The tokens the mock LLM streams.
pub const CHAT_TOKENS: [&str; 3] = ["Hello", ", ", "world"];

type MockBody = http_body_util::combinators::BoxBody<Bytes, Infallible>;

/// A running mock upstream.
#[derive(Debug)]
pub struct Upstream {
    address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Upstream {
    /// Starts the mock on a free loopback port.
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let shared = Counters::default();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let counters = shared.clone();
                tokio::spawn(async move {
                    let service = service_fn(|request| {
                        let counters = counters.clone();
                        async move { Ok::<_, Infallible>(respond(request, &counters).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self { address, task })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The environment that points the example apps at this mock.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("DATA_API_URL", self.base_url()),
            ("DATA_API_KEY", DATA_API_KEY.to_owned()),
            ("OPENAI_BASE_URL", format!("{}/v1", self.base_url())),
            ("OPENAI_API_KEY", OPENAI_API_KEY.to_owned()),
            ("WEBHOOK_SECRET", "whsec-test".to_owned()),
            ("ROUTEWAY_SUITE_VAR", "from-the-suite".to_owned()),
            ("ROUTEWAY_SUITE_NUMBER", "3".to_owned()),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
    }

    /// A local platform whose environment points the example apps at this mock.
    pub fn platform(&self) -> LocalPlatform {
        self.env()
            .into_iter()
            .fold(LocalPlatform::new(), |platform, (name, value)| {
                platform.with_env(name, value)
            })
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn full(status: u16, content_type: &str, body: String) -> http::Response<MockBody> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Full::new(Bytes::from(body)).boxed())
        .expect("static response parts")
}

/// Per name, how many times `GET /counter/{name}` was asked: the data-cache cases tell a cached
/// fetch from a fresh one by it. A `flaky-` counter answers `503` after its first answer.
type Counters = Arc<Mutex<HashMap<String, u32>>>;

async fn respond(request: http::Request<Incoming>, counters: &Counters) -> http::Response<MockBody> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let key = parts
        .headers
        .get("api-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let path = parts.uri.path().to_owned();
    match (parts.method.as_str(), path.as_str()) {
        (_, _) if path != "/v1/chat/completions" && key != DATA_API_KEY => {
            full(401, "application/json", json!({ "error": "bad API-Key" }).to_string())
        }
        ("GET", "/items") => full(200, "application/json", json!({ "items": ["a", "b", "c"] }).to_string()),
        // Like many APIs (S3's presigned uploads among them), the data API wants a Content-Length
        // and refuses a chunked body.
        ("POST", "/items") if !parts.headers.contains_key(http::header::CONTENT_LENGTH) => full(
            411,
            "application/json",
            json!({ "error": "Length Required: send the body with a Content-Length" }).to_string(),
        ),
        ("POST", "/items") => {
            let sent: serde_json::Value = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
            full(
                201,
                "application/json",
                json!({ "created": true, "received": sent }).to_string(),
            )
        }
        ("GET", "/product/broken") => full(200, "application/json", "{not json".to_owned()),
        ("GET", product) if product.starts_with("/product/") => {
            let id = &product["/product/".len()..];
            full(
                200,
                "application/json",
                json!({ "id": id, "name": format!("Product {id}") }).to_string(),
            )
        }
        ("POST", "/v1/chat/completions") => chat(&parts.headers, &body),
        (_, "/redirect/loop") => redirect(302, "/redirect/loop"),
        (_, code) if code.starts_with("/redirect/") => {
            let to = parts
                .uri
                .query()
                .and_then(|query| query.strip_prefix("to="))
                .unwrap_or("/items");
            redirect(code["/redirect/".len()..].parse().unwrap_or(302), to)
        }
        ("GET", counter) if counter.starts_with("/counter/") => {
            let name = &counter["/counter/".len()..];
            let mut counters = counters.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let count = counters.entry(name.to_owned()).or_insert(0);
            *count += 1;
            match name.starts_with("flaky-") && *count > 1 {
                true => full(503, "application/json", json!({ "error": "unavailable" }).to_string()),
                false => full(200, "application/json", json!({ "count": *count }).to_string()),
            }
        }
        _ => full(404, "text/plain", "no such mock route".to_owned()),
    }
}

/// `status` with `Location: location` and an empty body.
fn redirect(status: u16, location: &str) -> http::Response<MockBody> {
    http::Response::builder()
        .status(status)
        .header("location", location)
        .body(Full::new(Bytes::new()).boxed())
        .expect("static response parts")
}

/// An OpenAI-style streamed chat completion: one SSE event per token, 100 ms apart, then `[DONE]`.
fn chat(headers: &http::HeaderMap, body: &[u8]) -> http::Response<MockBody> {
    let authorized =
        headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Bearer {OPENAI_API_KEY}"));
    let request: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    if !authorized || request["stream"] != json!(true) || !request["messages"].is_array() {
        return full(
            400,
            "application/json",
            json!({ "error": "expected an authorized streaming chat request" }).to_string(),
        );
    }
    let events = futures_util::stream::unfold(0usize, |index| async move {
        if index > CHAT_TOKENS.len() {
            return None;
        }
        if index > 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let event = match CHAT_TOKENS.get(index) {
            Some(token) => format!(
                "data: {}\n\n",
                json!({ "id": "chatcmpl-1", "object": "chat.completion.chunk", "choices": [{ "index": 0, "delta": { "content": token } }] })
            ),
            None => "data: [DONE]\n\n".to_owned(),
        };
        Some((Ok::<_, Infallible>(Frame::data(Bytes::from(event))), index + 1))
    });
    http::Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .body(StreamBody::new(events).boxed())
        .expect("static response parts")
}
