//! Paired conversions between `lambda_http`'s requests and responses and routeway's.

use std::net::{IpAddr, SocketAddr};

use bytes::Bytes;
use http::header::{self, HeaderValue};
use lambda_http::RequestExt;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use routeway::Body;

use crate::payload::{payload_size, BodyEncoding, BUFFERED_PAYLOAD_LIMIT};

/// Characters an event's raw path may hold that a URI path may not (HTTP APIs hand over the path
/// decoded, so `%23` arrives as `#` and `%3F` as `?`: both are encoded again, or they would start a
/// fragment or a query).
const NOT_IN_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'#')
    .add(b'?')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// A Lambda request as a routeway request: the scheme and host lambda_http found (`https` unless an
/// ALB's `X-Forwarded-Proto` says otherwise), the path as the client sent it (API Gateway's stage
/// prefix left out), the query as is, the body as bytes. Lambda's own extensions (request context,
/// Lambda context) stay in the request's extensions. An event whose path and query make no URI
/// is refused with what is wrong, for a `400`.
pub fn from_lambda_request(request: lambda_http::Request) -> Result<http::Request<Body>, &'static str> {
    let path: String = utf8_percent_encode(&routing_path(&request), NOT_IN_PATH).collect();
    if !path.starts_with('/') {
        return Err("the request path must start with `/`");
    }
    let target = match request.uri().query() {
        Some(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path,
    };
    let target = match (request.uri().scheme_str(), request.uri().authority()) {
        (Some(scheme), Some(authority)) => format!("{scheme}://{authority}{target}"),
        _ => target,
    };
    let (mut parts, body) = request.into_parts();
    parts.uri = target
        .parse()
        .map_err(|_| "the request's path and query do not make a valid URI")?;
    let body = match body {
        lambda_http::Body::Empty => Body::empty(),
        lambda_http::Body::Text(text) => Body::from(text),
        lambda_http::Body::Binary(bytes) => Body::from(bytes),
        _ => Body::empty(),
    };
    Ok(http::Request::from_parts(parts, body))
}

/// The path routes match. REST APIs leave the stage out of the event's path, but HTTP APIs put a
/// named stage in `rawPath` (`/staging/items/abc` for stage `staging`): it is left out there too,
/// so routes match under every stage. A path that does not start with the stage (a custom domain
/// mapped to the stage) is kept as it is.
fn routing_path(request: &lambda_http::Request) -> String {
    use lambda_http::request::RequestContext;
    let raw = match request.raw_http_path() {
        "" => request.uri().path(),
        raw => raw,
    };
    if let Some(RequestContext::ApiGatewayV2(context)) = request.request_context_ref() {
        if let Some(stage) = context.stage.as_deref().filter(|stage| *stage != "$default") {
            match raw.strip_prefix('/').and_then(|path| path.strip_prefix(stage)) {
                Some("") => return "/".to_owned(),
                Some(rest) if rest.starts_with('/') => return rest.to_owned(),
                _ => {}
            }
        }
    }
    raw.to_owned()
}

/// The client's address: API Gateway's `sourceIp` (REST `identity.sourceIp`, HTTP API and function
/// URL `http.sourceIp`), else the last `X-Forwarded-For` entry: an ALB appends the address it saw
/// to whatever the client sent, so earlier entries are the client's word, not the ALB's.
pub fn client_addr(request: &lambda_http::Request) -> Option<SocketAddr> {
    use lambda_http::request::RequestContext;
    let source_ip = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV1(context)) => context.identity.source_ip.as_deref(),
        Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.as_deref(),
        _ => None,
    };
    let forwarded = || {
        let header = request.headers().get("x-forwarded-for")?.to_str().ok()?;
        header.rsplit(',').next()
    };
    let ip = source_ip.or_else(forwarded)?.trim().parse::<IpAddr>().ok()?;
    Some(SocketAddr::new(ip, 0))
}

/// A routeway response, collected, as a buffered Lambda response. Repeated headers other than
/// `Set-Cookie` are joined with `, ` (HTTP APIs keep only the first otherwise); a body that is not
/// UTF-8 and has no content type is marked `application/octet-stream` so it goes out base64-encoded
/// instead of being decoded as text.
///
/// A response whose payload would be over Lambda's 6 MB quota once encoded (base64 makes binary
/// bodies a third larger, JSON escapes make text larger) could never be delivered: it is answered
/// with a logged `500` instead of the invocation error API Gateway would turn into a `502`. A body
/// is cut off as soon as it is over the quota unencoded, before it fills the memory.
pub async fn into_buffered_response(response: routeway::Response) -> http::Response<lambda_http::Body> {
    let (mut parts, body) = response.into_parts();
    let bytes = match body.bytes_limited(BUFFERED_PAYLOAD_LIMIT).await {
        Ok(bytes) => bytes,
        Err(rejection) => {
            if rejection.status() == http::StatusCode::PAYLOAD_TOO_LARGE {
                log_over_quota(&format!("the response body is over {BUFFERED_PAYLOAD_LIMIT} bytes"));
            } else {
                tracing::error!("response body failed while it was buffered: {rejection}");
            }
            return internal_server_error();
        }
    };
    routeway::repeated_headers::join(&mut parts.headers);
    if !parts.headers.contains_key(header::CONTENT_TYPE) && std::str::from_utf8(&bytes).is_err() {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
    }
    if has_header_lambda_cannot_carry(&parts.headers, HeaderCarrier::Buffered) {
        return internal_server_error();
    }
    let encoding = BodyEncoding::chosen_by_lambda_http(&parts.headers).await;
    let size = payload_size(&parts.headers, &bytes, encoding);
    if size > BUFFERED_PAYLOAD_LIMIT {
        let encoded = match encoding {
            BodyEncoding::Base64 => "base64-encoded",
            BodyEncoding::Text => "JSON-escaped",
        };
        log_over_quota(&format!(
            "the response ({} body bytes) is about {size} bytes {encoded}",
            bytes.len()
        ));
        return internal_server_error();
    }
    http::Response::from_parts(parts, lambda_body(bytes))
}

/// How a Lambda response carries its headers, which decides the values it can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderCarrier {
    /// The buffered event response: values as JSON strings, so UTF-8; a function URL's or HTTP
    /// API's `Set-Cookie` goes through `HeaderValue::to_str`, so visible ASCII.
    Buffered,
    /// The streamed response's prelude, serialised with `http_serde`: it keeps only the values
    /// `HeaderValue::to_str` accepts (visible ASCII) and drops the others without a word.
    Streamed,
}

impl HeaderCarrier {
    /// What a value of header `name` must be here, in words and as a check.
    fn needs(self, name: &http::HeaderName) -> (&'static str, fn(&HeaderValue) -> bool) {
        match self {
            Self::Buffered if name != header::SET_COOKIE => {
                ("UTF-8", |value| std::str::from_utf8(value.as_bytes()).is_ok())
            }
            _ => ("visible ASCII", |value| value.to_str().is_ok()),
        }
    }
}

/// Whether a header has a value `carrier` cannot hold (logged if so): it would fail the
/// serialisation (an invocation error, which API Gateway answers `502`), or be dropped or emptied.
/// The answer is then a logged `500` instead.
pub fn has_header_lambda_cannot_carry(headers: &http::HeaderMap, carrier: HeaderCarrier) -> bool {
    let Some((name, needs)) = headers.iter().find_map(|(name, value)| {
        let (needs, carried) = carrier.needs(name);
        (!carried(value)).then_some((name, needs))
    }) else {
        return false;
    };
    tracing::error!(
        "the response header `{name}` has a value that is not {needs}, which Lambda cannot carry in this \
         response; answering 500 instead (percent-encode the value, or for a file name use RFC 8187's \
         `filename*=UTF-8''...`)"
    );
    true
}

fn log_over_quota(what: &str) {
    tracing::error!(
        "{what}, over the {BUFFERED_PAYLOAD_LIMIT} bytes Lambda takes from a buffered invocation; \
         answering 500 instead (stream large answers: invoke mode RESPONSE_STREAM and \
         ROUTEWAY_LAMBDA_INVOKE_MODE=RESPONSE_STREAM)"
    );
}

fn internal_server_error() -> http::Response<lambda_http::Body> {
    let mut failed = http::Response::new(lambda_http::Body::Empty);
    *failed.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
    failed
}

fn lambda_body(bytes: Bytes) -> lambda_http::Body {
    if bytes.is_empty() {
        lambda_http::Body::Empty
    } else {
        lambda_http::Body::Binary(bytes.to_vec())
    }
}
