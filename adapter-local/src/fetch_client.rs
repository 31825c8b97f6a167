//! The outbound client behind `fetch`: hyper over plain HTTP with the `fetch` feature, over HTTPS
//! too with `https` (both on by default); a request the build has no client for fails with an error
//! that names the feature to turn on.

use routeway::{Body, BoxError, BoxFuture, Response};

#[cfg(feature = "https")]
type Connector = hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;
#[cfg(all(feature = "fetch", not(feature = "https")))]
type Connector = hyper_util::client::legacy::connect::HttpConnector;

/// The client, set up on the first fetch, so starting (a Lambda cold start) does not pay for it or
/// its TLS roots.
#[derive(Clone, Default)]
pub struct FetchClient {
    #[cfg(feature = "fetch")]
    client: std::sync::Arc<std::sync::OnceLock<hyper_util::client::legacy::Client<Connector, Body>>>,
}

impl FetchClient {
    /// Sends `request`; the response body streams in.
    #[cfg(feature = "fetch")]
    pub fn send(&self, request: http::Request<Body>) -> BoxFuture<'static, Result<Response, BoxError>> {
        #[cfg(not(feature = "https"))]
        if request.uri().scheme() == Some(&http::uri::Scheme::HTTPS) {
            return refused("https", "HTTPS", &request);
        }
        let client = self.client.get_or_init(new_client).clone();
        Box::pin(async move {
            let response = client.request(request).await?;
            Ok(crate::convert::from_hyper_response(response))
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
    #[cfg(feature = "https")]
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .build();
    #[cfg(not(feature = "https"))]
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(connector)
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
