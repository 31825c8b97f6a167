//! The outbound client behind `fetch`: hyper over plain HTTP with the `fetch` feature, over HTTPS
//! too with `https` (both on by default); a request the build has no client for fails with an error
//! that names the feature to turn on. Like Node's `fetch` under Next.js (undici), it follows
//! redirects, gives up connecting after 10 s and waiting for response headers after 300 s.

#[cfg(feature = "fetch")]
use std::time::Duration;

use routeway::{Body, BoxError, BoxFuture, Response};

#[cfg(feature = "https")]
type Connector = hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;
#[cfg(all(feature = "fetch", not(feature = "https")))]
type Connector = hyper_util::client::legacy::connect::HttpConnector;

/// How long connecting to an upstream may take (undici's `connectTimeout`).
#[cfg(feature = "fetch")]
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an upstream may take to send its response headers (undici's `headersTimeout`).
#[cfg(feature = "fetch")]
const HEADERS_TIMEOUT: Duration = Duration::from_secs(300);

/// The client, set up on the first fetch, so starting (a Lambda cold start) does not pay for it or
/// its TLS roots.
#[derive(Clone, Default)]
pub struct FetchClient {
    #[cfg(feature = "fetch")]
    client: std::sync::Arc<std::sync::OnceLock<hyper_util::client::legacy::Client<Connector, Body>>>,
}

impl FetchClient {
    /// Sends `request`, following redirects; the response body streams in.
    #[cfg(feature = "fetch")]
    pub fn send(&self, request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
        #[cfg(not(feature = "https"))]
        if request.uri().scheme() == Some(&http::uri::Scheme::HTTPS) {
            return refused("https", "HTTPS", &request);
        }
        let client = self.client.get_or_init(new_client).clone();
        Box::pin(async move {
            use crate::redirect::{Replay, MAX_REDIRECTS};
            let mut request = request;
            for _ in 0..=MAX_REDIRECTS {
                let (sending, replay) = Replay::keep(request);
                let host = sending.uri().host().unwrap_or_default().to_owned();
                let response = tokio::time::timeout(HEADERS_TIMEOUT, client.request(sending))
                    .await
                    .map_err(|_| format!("{host} sent no response headers within {HEADERS_TIMEOUT:?}"))??;
                match replay.follow(response.status(), response.headers()) {
                    None => return Ok(crate::convert::from_hyper_response(response)),
                    Some(next) => request = next?,
                }
            }
            Err(format!("the upstream redirected more than {MAX_REDIRECTS} times").into())
        })
    }

    /// Fails: this build has no outbound client. The error names `https` for an `https://` URL
    /// (which turns `fetch` on too), so one change makes the fetch work.
    #[cfg(not(feature = "fetch"))]
    pub fn send(&self, request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
        if request.uri().scheme() == Some(&http::uri::Scheme::HTTPS) {
            refused("https", "HTTPS", &request)
        } else {
            refused("fetch", "outbound HTTP", &request)
        }
    }
}

#[cfg(feature = "fetch")]
fn new_client() -> hyper_util::client::legacy::Client<Connector, Body> {
    let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
    http.set_connect_timeout(Some(CONNECT_TIMEOUT));
    #[cfg(feature = "https")]
    let connector = {
        http.enforce_http(false);
        hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(tls_provider())
            .expect("the process-wide rustls CryptoProvider supports neither TLS 1.2 nor 1.3")
            .https_or_http()
            .enable_http1()
            .wrap_connector(http)
    };
    #[cfg(not(feature = "https"))]
    let connector = http;
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(connector)
}

/// The crypto provider the app installed as rustls' process default (say aws-lc-rs, for FIPS), or
/// ring by name: left to choose from crate features, rustls panics when an app links both backends
/// (the AWS SDK brings aws-lc-rs).
#[cfg(feature = "https")]
fn tls_provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| std::sync::Arc::new(rustls::crypto::ring::default_provider()))
}

/// A fetch this build cannot make, failing with an error that says which feature it needs.
#[cfg(not(feature = "https"))]
fn refused(
    feature: &'static str,
    client: &'static str,
    request: &http::Request<Body>,
) -> BoxFuture<'static, Result<Response, BoxError>> {
    let uri = request.uri();
    // The scheme and host only: the rest of a URL may hold keys.
    let target = format!(
        "{}://{}",
        uri.scheme_str().unwrap_or("http"),
        uri.host().unwrap_or_default()
    );
    let error = MissingFeature {
        feature,
        client,
        target,
    };
    Box::pin(async move { Err(error.into()) })
}

#[cfg(not(feature = "https"))]
#[derive(Debug)]
struct MissingFeature {
    feature: &'static str,
    client: &'static str,
    target: String,
}

#[cfg(not(feature = "https"))]
impl std::fmt::Display for MissingFeature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot fetch {}: this build has no {} client, as the `{}` feature of routeway-local and \
             routeway-lambda is off (their default features are disabled); add `features = [\"{}\"]` \
             to those dependencies",
            self.target, self.client, self.feature, self.feature
        )
    }
}

#[cfg(not(feature = "https"))]
impl std::error::Error for MissingFeature {}

#[cfg(test)]
mod tests {
    use super::*;

    async fn error(url: &str) -> String {
        let request = http::Request::get(url).body(Body::empty()).expect("a request");
        let sent = FetchClient::default().send(request).await;
        sent.expect_err("nothing listens on port 1").to_string()
    }

    /// Runs in every build: `cargo xtask test` also tests this crate with `fetch` alone and with no
    /// feature.
    #[tokio::test]
    async fn a_fetch_the_build_has_no_client_for_names_the_feature_to_turn_on() {
        let https = error("https://127.0.0.1:1/?key=secret").await;
        let http = error("http://127.0.0.1:1/").await;
        let without_https = cfg!(not(feature = "https"));
        let without_fetch = cfg!(not(feature = "fetch"));
        // One feature to add, the one that makes this fetch work: `https` turns `fetch` on too.
        assert_eq!(https.contains("add `features = [\"https\"]`"), without_https, "{https}");
        assert!(!https.contains("`fetch`"), "{https}");
        assert_eq!(http.contains("add `features = [\"fetch\"]`"), without_fetch, "{http}");
        assert!(!https.contains("secret"), "{https}");
    }
}
