//! Checked-in events for every event source, through the adapter as `lambda_http` runs it: stage
//! prefixes, multi-value queries, cookies both ways, base64 bodies both ways, errors and panics as
//! real 500s (a body over the 6 MB payload quota too), and `wait_until` work finished before the
//! invocation returns.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::StreamExt;
use http_body::Body as _;

use lambda_http::request::LambdaRequest;
use lambda_http::{Context, LambdaEvent, Service};
use routeway::prelude::*;
use routeway::{App, Route};
use routeway_lambda::LambdaService;
use serde_json::{json, Value};

static AFTER_RAN: AtomicBool = AtomicBool::new(false);

async fn echo(ctx: routeway::Context, mut req: Request) -> Result<Response, Error> {
    let body = req.bytes().await?;
    let seen = json!({
        "path": req.path(),
        "url": req.url(),
        "slug": ctx.params.get("slug"),
        "tags": req.search_params().get_all("tag"),
        "cookies": req.cookies().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
        "body": String::from_utf8_lossy(&body),
        "body_bytes": body.to_vec(),
        "client": req.client_addr().map(|addr| addr.ip().to_string()),
        "platform": req.platform().name(),
    });
    Ok(json(&seen)
        .with_cookie(Cookie::new("a", "1"))
        .with_cookie(Cookie::new("b", "2"))
        .append_header("vary", "accept")
        .append_header("vary", "cookie"))
}

async fn binary() -> Response {
    Response::new(Body::from(vec![0u8, 159, 146, 150, 255])).with_header("content-type", "image/png")
}

async fn failing() -> Result<Response, Error> {
    Err(std::io::Error::other("database down"))?
}

async fn panicking() -> &'static str {
    panic!("handler panics on purpose")
}

/// `MiB` mebibytes of text, streamed a mebibyte at a time.
async fn mebibytes(ctx: routeway::Context) -> Response {
    let count: usize = ctx.params.get("mib").and_then(|n| n.parse().ok()).unwrap_or(0);
    let chunks = futures_util::stream::iter((0..count).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 1 << 20])));
    routeway::response::stream(chunks).with_header("content-type", "text/plain")
}

/// `bytes` bytes of one kind: `png` (binary, base64 in the payload), `text` (`x`, as is) or `quotes`
/// (`"`, each escaped to two bytes in the payload).
async fn sized(ctx: routeway::Context) -> Response {
    let bytes: usize = ctx.params.get("bytes").and_then(|n| n.parse().ok()).unwrap_or(0);
    let (byte, content_type) = match ctx.params.get("kind") {
        Some("png") => (0xab, "image/png"),
        Some("quotes") => (b'"', "text/plain"),
        _ => (b'x', "text/plain"),
    };
    Response::new(Body::from(vec![byte; bytes])).with_header("content-type", content_type)
}

/// A header with a value of non-ASCII bytes: `latin1` (not UTF-8) or `utf8`, in `content-disposition`
/// or (`/cookie/...`) `set-cookie`.
async fn odd_header(ctx: routeway::Context) -> Response {
    let value: &[u8] = match ctx.params.get("bytes") {
        Some("latin1") => b"attachment; filename=\"caf\xe9.txt\"",
        _ => "attachment; filename=\"café.txt\"".as_bytes(),
    };
    let name = match ctx.params.get("name") {
        Some("cookie") => "set-cookie",
        _ => "content-disposition",
    };
    let value = http::HeaderValue::from_bytes(value).expect("obs-text is allowed");
    Response::new(Body::from("x")).with_header(name, value)
}

/// A stream whose second chunk panics (`/stream/panic`) or fails (`/stream/error`).
async fn failing_stream(ctx: routeway::Context) -> Response {
    let panics = ctx.params.get("how") == Some("panic");
    let chunks = futures_util::stream::iter([1, 2]).map(move |n| match n {
        1 => Ok("first chunk;"),
        _ if panics => panic!("the stream panics on purpose"),
        _ => Err(std::io::Error::other("upstream reset")),
    });
    routeway::response::stream(chunks).with_header("content-type", "text/plain")
}

/// `wait_until` work that panics (`/after/panic`) or never ends (`/after/hang`), beside work that
/// ends normally.
async fn troubled_after(ctx: routeway::Context) -> StatusCode {
    let hangs = ctx.params.get("how") == Some("hang");
    ctx.platform().wait_until(async move {
        if hangs {
            std::future::pending::<()>().await;
        }
        panic!("after-response work panics on purpose");
    });
    ctx.platform().wait_until(async {
        AFTER_RAN.store(true, Ordering::SeqCst);
    });
    StatusCode::NO_CONTENT
}

async fn after(ctx: routeway::Context) -> StatusCode {
    ctx.platform().wait_until(async {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        AFTER_RAN.store(true, Ordering::SeqCst);
    });
    StatusCode::NO_CONTENT
}

fn app() -> App {
    App::new()
        .route("/items/[slug]", Route::new().post(echo).get(echo))
        .route("/binary", Route::new().get(binary))
        .route("/error", Route::new().get(failing))
        .route("/panic", Route::new().get(panicking))
        .route("/after", Route::new().get(after))
        .route("/after/[how]", Route::new().get(troubled_after))
        .route("/stream/[how]", Route::new().get(failing_stream))
        .route("/mib/[mib]", Route::new().get(mebibytes))
        .route("/sized/[kind]/[bytes]", Route::new().get(sized))
        .route("/odd/[name]/[bytes]", Route::new().get(odd_header))
}

fn event(fixture: &str, method: Option<&str>, path: Option<&str>) -> LambdaRequest {
    let file = format!("{}/tests/events/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(file).expect("fixture")).expect("JSON");
    if let Some(path) = path {
        for pointer in ["/path", "/rawPath", "/requestContext/http/path"] {
            if let Some(slot) = value.pointer_mut(pointer) {
                *slot = json!(path);
            }
        }
    }
    if let Some(method) = method {
        for pointer in [
            "/httpMethod",
            "/requestContext/httpMethod",
            "/requestContext/http/method",
        ] {
            if let Some(slot) = value.pointer_mut(pointer) {
                *slot = json!(method);
            }
        }
        for pointer in ["/body"] {
            if let Some(slot) = value.pointer_mut(pointer) {
                *slot = Value::Null;
            }
        }
    }
    serde_json::from_value(value).expect("a Lambda HTTP event")
}

async fn invoke(event: LambdaRequest) -> Value {
    let mut adapter = lambda_http::Adapter::from(LambdaService::new(app()));
    let response = adapter
        .call(LambdaEvent::new(event, Context::default()))
        .await
        .expect("never an invocation error");
    serde_json::to_value(&response).expect("serialisable response")
}

/// Lambda's 6 MB payload quota, which applies to the response JSON as the function returns it.
const PAYLOAD_QUOTA: usize = 6_291_556;

/// The status of a response, after checking that Lambda would take its payload.
fn deliverable_status(response: &Value) -> u64 {
    let payload = serde_json::to_vec(response).expect("serialisable").len();
    assert!(payload <= PAYLOAD_QUOTA, "a {payload}-byte payload Lambda would refuse");
    response["statusCode"].as_u64().expect("a status")
}

fn body_json(response: &Value) -> Value {
    serde_json::from_str(response["body"].as_str().expect("a text body")).expect("a JSON body")
}

#[tokio::test]
async fn rest_api_v1_with_a_stage() {
    let response = invoke(event("rest_v1.json", None, None)).await;
    assert_eq!(response["statusCode"], 200);
    let seen = body_json(&response);
    assert_eq!(
        seen["path"], "/items/abc",
        "the stage prefix is not part of the route path"
    );
    assert_eq!(seen["slug"], "abc");
    assert_eq!(
        seen["url"], "https://abc123.execute-api.eu-west-1.amazonaws.com/items/abc?tag=a&tag=b",
        "API Gateway serves HTTPS only: request.url says so"
    );
    assert_eq!(seen["tags"], json!(["a", "b"]));
    assert_eq!(seen["cookies"], json!(["session=s1", "theme=dark"]));
    assert_eq!(
        seen["body"], r#"{"name":"widget"}"#,
        "the base64 request body is decoded"
    );
    assert_eq!(seen["client"], "203.0.113.7");
    assert_eq!(seen["platform"], "lambda");
    assert_eq!(response["multiValueHeaders"]["set-cookie"], json!(["a=1", "b=2"]));
    assert_eq!(response["isBase64Encoded"], false);
}

#[tokio::test]
async fn http_api_v2_cookies_and_repeated_headers() {
    let response = invoke(event("http_v2.json", None, None)).await;
    assert_eq!(response["statusCode"], 200);
    let seen = body_json(&response);
    assert_eq!(seen["tags"], json!(["a", "b"]));
    assert_eq!(
        seen["cookies"],
        json!(["session=s1", "theme=dark"]),
        "v2's cookies array reaches the app"
    );
    assert_eq!(seen["body"], r#"{"name":"widget"}"#);
    assert_eq!(
        response["cookies"],
        json!(["a=1", "b=2"]),
        "several Set-Cookie go back in v2's cookies"
    );
    assert_eq!(
        response["headers"]["vary"], "accept, cookie",
        "repeated headers are joined, not dropped"
    );
}

#[tokio::test]
async fn a_non_ascii_cookie_in_v2_cookies_keeps_the_others() {
    let file = format!("{}/tests/events/http_v2.json", env!("CARGO_MANIFEST_DIR"));
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(file).expect("fixture")).expect("JSON");
    value["cookies"] = json!(["name=café", "token=abc123"]);
    let response = invoke(serde_json::from_value(value).expect("a Lambda HTTP event")).await;
    assert_eq!(response["statusCode"], 200);
    assert_eq!(body_json(&response)["cookies"], json!(["name=café", "token=abc123"]));
}

#[tokio::test]
async fn http_api_v2_named_stage_is_not_in_the_path() {
    let response = invoke(event("http_v2_named_stage.json", None, None)).await;
    assert_eq!(
        response["statusCode"], 200,
        "rawPath /staging/items/abc routes as /items/abc"
    );
    assert_eq!(body_json(&response)["path"], "/items/abc");
    let custom_domain = invoke(event("http_v2_named_stage.json", Some("GET"), Some("/items/abc"))).await;
    assert_eq!(
        body_json(&custom_domain)["path"],
        "/items/abc",
        "a custom domain mapped to the stage sends the path without it"
    );
    let stage_lookalike = invoke(event("http_v2_named_stage.json", Some("GET"), Some("/stagingx/abc"))).await;
    assert_eq!(
        stage_lookalike["statusCode"], 404,
        "only a whole first segment is the stage"
    );
}

#[tokio::test]
async fn a_decoded_path_keeps_hash_and_question_mark_inside_the_segment() {
    let response = invoke(event("http_v2.json", Some("GET"), Some("/items/c#1?x"))).await;
    assert_eq!(response["statusCode"], 200);
    let seen = body_json(&response);
    assert_eq!(seen["slug"], "c#1?x");
    assert_eq!(seen["path"], "/items/c%231%3Fx");
}

#[tokio::test]
async fn a_path_that_makes_no_uri_is_a_400() {
    let response = invoke(event("http_v2.json", Some("GET"), Some("no-leading-slash"))).await;
    assert_eq!(response["statusCode"], 400);
}

#[tokio::test]
async fn application_load_balancer_multi_value() {
    let response = invoke(event("alb.json", None, None)).await;
    assert_eq!(response["statusCode"], 200);
    let seen = body_json(&response);
    assert_eq!(seen["tags"], json!(["a", "b"]));
    assert_eq!(seen["cookies"], json!(["session=s1", "theme=dark"]));
    assert_eq!(
        seen["client"], "203.0.113.7",
        "the address the ALB appended, not the one the client sent"
    );
    assert_eq!(response["multiValueHeaders"]["set-cookie"], json!(["a=1", "b=2"]));
}

#[tokio::test]
async fn function_url_binary_bodies_both_ways() {
    let response = invoke(event("function_url.json", None, None)).await;
    assert_eq!(
        body_json(&response)["url"],
        "https://abcdefghij.lambda-url.eu-west-1.on.aws/items/abc?tag=a&tag=b",
        "function URLs serve HTTPS only: request.url says so"
    );
    assert_eq!(
        body_json(&response)["body_bytes"],
        json!([0, 159, 146, 150, 1]),
        "base64 in, raw bytes to the app"
    );
    let response = invoke(event("function_url.json", Some("GET"), Some("/binary"))).await;
    assert_eq!(response["isBase64Encoded"], true);
    assert_eq!(response["body"], "AJ+Slv8=", "binary out is base64");
}

#[tokio::test]
async fn errors_and_panics_are_real_500s() {
    for fixture in ["rest_v1.json", "http_v2.json", "alb.json", "function_url.json"] {
        for path in ["/error", "/panic"] {
            let response = invoke(event(fixture, Some("GET"), Some(path))).await;
            assert_eq!(response["statusCode"], 500, "{fixture} {path}");
        }
        let response = invoke(event(fixture, Some("GET"), Some("/nowhere"))).await;
        assert_eq!(response["statusCode"], 404, "{fixture}");
    }
}

#[tokio::test]
async fn a_buffered_stream_that_panics_or_fails_is_a_500_not_an_invocation_error() {
    for path in ["/stream/panic", "/stream/error"] {
        let response = invoke(event("function_url.json", Some("GET"), Some(path))).await;
        assert_eq!(response["statusCode"], 500, "{path}");
    }
}

#[tokio::test]
async fn a_streamed_answer_that_fails_ends_without_the_error_in_its_body() {
    for path in ["/stream/panic", "/stream/error"] {
        let response = streamed(path).await;
        assert_eq!(response.status(), 200);
        let mut body = response.into_body();
        let mut received = Vec::new();
        while let Some(frame) = futures_util::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            let frame = frame.expect("lambda_runtime would write an error into the body as text");
            received.extend_from_slice(&frame.into_data().expect("data"));
        }
        assert_eq!(received, b"first chunk;", "{path}");
    }
}

#[tokio::test]
async fn after_response_work_that_panics_or_hangs_does_not_hold_the_response() {
    let mut invocation = Context::default();
    invocation.deadline = (std::time::SystemTime::now() + std::time::Duration::from_millis(1500))
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as u64;
    for path in ["/after/panic", "/after/hang"] {
        AFTER_RAN.store(false, Ordering::SeqCst);
        let mut adapter = lambda_http::Adapter::from(LambdaService::new(app()));
        let started = std::time::Instant::now();
        let response = adapter
            .call(LambdaEvent::new(
                event("http_v2.json", Some("GET"), Some(path)),
                invocation.clone(),
            ))
            .await
            .expect("never an invocation error");
        let response = serde_json::to_value(&response).expect("serialisable response");
        assert_eq!(response["statusCode"], 204, "{path}");
        assert!(AFTER_RAN.load(Ordering::SeqCst), "{path}: the other work ran");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{path}: the hung work was dropped a second before the deadline"
        );
    }
}

#[tokio::test]
async fn after_response_work_finishes_before_the_invocation_returns() {
    AFTER_RAN.store(false, Ordering::SeqCst);
    let response = invoke(event("http_v2.json", Some("GET"), Some("/after"))).await;
    assert_eq!(response["statusCode"], 204);
    assert!(
        AFTER_RAN.load(Ordering::SeqCst),
        "wait_until work ran before the invocation ended"
    );
}

#[tokio::test]
async fn a_body_over_the_buffered_payload_quota_is_a_500_not_an_invocation_error() {
    let response = invoke(event("function_url.json", Some("GET"), Some("/mib/5"))).await;
    assert_eq!(response["statusCode"], 200);
    assert_eq!(
        response["body"].as_str().map(str::len),
        Some(5 << 20),
        "under 6 MB goes out whole"
    );
    let response = invoke(event("function_url.json", Some("GET"), Some("/mib/7"))).await;
    assert_eq!(response["statusCode"], 500, "over 6 MB Lambda would refuse it");
    assert_eq!(
        response["body"].as_str().unwrap_or_default(),
        "",
        "and the 500 is empty"
    );
}

#[tokio::test]
async fn the_payload_quota_counts_bodies_as_lambda_receives_them_base64_or_escaped() {
    for (path, status, why) in [
        (
            "/sized/png/4700000",
            200,
            "base64 makes 6,266,668 bytes: under the quota",
        ),
        (
            "/sized/png/4717500",
            200,
            "base64 makes 6,290,000 bytes: the estimate is within a kilobyte or so",
        ),
        (
            "/sized/png/4800000",
            500,
            "base64 makes 6,400,000 bytes: Lambda would refuse it",
        ),
        (
            "/sized/quotes/3100000",
            200,
            "escaped to 6,200,000 bytes: under the quota",
        ),
        (
            "/sized/quotes/3200000",
            500,
            "escaped to 6,400,000 bytes: Lambda would refuse it",
        ),
        ("/sized/text/6280000", 200, "plain text is sent as is"),
        ("/sized/text/6300000", 500, "over the quota before any encoding"),
    ] {
        for fixture in ["function_url.json", "rest_v1.json", "alb.json"] {
            let response = invoke(event(fixture, Some("GET"), Some(path))).await;
            assert_eq!(deliverable_status(&response), status, "{fixture} {path}: {why}");
        }
    }
}

#[tokio::test]
async fn a_buffered_answer_takes_utf8_header_values_and_refuses_what_lambda_cannot_carry() {
    for fixture in ["function_url.json", "rest_v1.json", "alb.json"] {
        let response = invoke(event(fixture, Some("GET"), Some("/odd/header/utf8"))).await;
        assert_eq!(deliverable_status(&response), 200, "{fixture}: UTF-8 goes out as is");
        assert!(
            response.to_string().contains("café.txt"),
            "{fixture}: the value is kept: {response}"
        );
        let response = invoke(event(fixture, Some("GET"), Some("/odd/header/latin1"))).await;
        assert_eq!(
            deliverable_status(&response),
            500,
            "{fixture}: not UTF-8 would fail the serialisation"
        );
        let response = invoke(event(fixture, Some("GET"), Some("/odd/cookie/utf8"))).await;
        assert_eq!(
            deliverable_status(&response),
            500,
            "{fixture}: a non-ASCII cookie, which HTTP APIs would empty"
        );
    }
}

/// A streamed answer, as `StreamingService` gives it to lambda_http.
async fn streamed(path: &str) -> http::Response<routeway_lambda::StreamedBody> {
    let request = lambda_http::Request::from(event("function_url.json", Some("GET"), Some(path)));
    LambdaService::new(app())
        .streaming()
        .call(request)
        .await
        .expect("never an invocation error")
}

async fn streamed_status(path: &str) -> StatusCode {
    streamed(path).await.status()
}

/// Why: lambda_runtime's prelude keeps visible ASCII header values only. If a later version keeps
/// the others, this fails, and the 500 below can go.
#[test]
fn the_streamed_prelude_drops_non_ascii_header_values() {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "content-disposition",
        http::HeaderValue::from_str("attachment; filename=\"café.txt\"").expect("a header value"),
    );
    let prelude = lambda_http::lambda_runtime::MetadataPrelude {
        headers,
        ..Default::default()
    };
    let json = serde_json::to_string(&prelude).expect("a prelude");
    assert!(!json.contains("café"), "{json}");
}

#[tokio::test]
async fn a_streamed_answer_with_a_header_value_the_prelude_would_drop_is_a_500() {
    assert_eq!(streamed_status("/binary").await, 200, "ASCII headers go out");
    for path in ["/odd/header/utf8", "/odd/header/latin1", "/odd/cookie/utf8"] {
        assert_eq!(
            streamed_status(path).await,
            500,
            "{path}: the prelude keeps visible ASCII only"
        );
    }
}
