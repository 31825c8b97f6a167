//! Cases for every behaviour of spec §1–§4, and the bad-input cases, against `tests/spec-app`.

use std::time::Duration;

use serde_json::json;

use crate::case::{AppId::Spec, Case, Target};

const LIMIT: usize = routeway::request::DEFAULT_BODY_LIMIT;

/// §1–§4 and bad input.
pub fn cases() -> Vec<Case> {
    let mut cases = files_and_urls();
    cases.extend(methods());
    cases.extend(request());
    cases.extend(response());
    cases.extend(platform());
    cases.extend(caching());
    cases.extend(super::data_cache::cases());
    cases.extend(bad_input());
    cases
}

fn files_and_urls() -> Vec<Case> {
    vec![
        Case::get("§1 app/route.rs serves /", Spec, "/").expect_body("root"),
        Case::get("§1 static beats dynamic and catch-all", Spec, "/segments/fixed").expect_body("static"),
        Case::get("§1 dynamic segment", Spec, "/segments/42")
            .expect_json(json!({ "route": "dynamic", "params": { "id": "42" } })),
        Case::get("§1 dynamic beats catch-all", Spec, "/segments/fixed2")
            .expect_json(json!({ "route": "dynamic", "params": { "id": "fixed2" } })),
        Case::get(
            "§1 catch-all takes several segments as a list",
            Spec,
            "/segments/some/other/resource",
        )
        .expect_json(json!({ "route": "catch-all", "params": { "rest": ["some", "other", "resource"] } })),
        Case::get("§1 catch-all under a static prefix", Spec, "/segments/fixed/more")
            .expect_json(json!({ "route": "catch-all", "params": { "rest": ["fixed", "more"] } })),
        Case::get("§1 optional catch-all absent when empty", Spec, "/optional")
            .expect_json(json!({ "route": "optional", "params": null })),
        Case::get("§1 optional catch-all with segments", Spec, "/optional/a/b")
            .expect_json(json!({ "route": "optional", "params": { "slug": ["a", "b"] } })),
        Case::get("§1 route group is not part of the URL", Spec, "/grouped").expect_body("grouped"),
        Case::get("§1 route group folder name is not a URL", Spec, "/(group)/grouped").status(404),
        Case::get("§1 private folder is never served", Spec, "/_private/hidden")
            .status(404)
            .expect_empty(),
        Case::get("§1 two params in path order", Spec, "/nested/x/y").expect_json(json!({ "a": "x", "b": "y" })),
        Case::get("§1 static segment with a dot", Spec, "/data/hello.json")
            .expect_header("content-type", "application/json")
            .expect_json(json!({ "hello": "world" })),
        Case::get("§1 params are percent-decoded once", Spec, "/files/hello%20world%2520")
            .expect_json(json!({ "name": "hello world%20" })),
        Case::get("§1 %2F stays inside the segment", Spec, "/files/a%2Fb").expect_json(json!({ "name": "a/b" })),
        Case::get("§1 .. cannot escape the route", Spec, "/files/../../segments/fixed").expect_body("static"),
        Case::get(
            "§1 encoded .. is a dot segment too",
            Spec,
            "/files/%2e%2e/data/hello.json",
        )
        .expect_json(json!({ "hello": "world" })),
        Case::get("§1 . segments are dropped", Spec, "/files/./x").expect_json(json!({ "name": "x" })),
        Case::get("§2 unknown path is 404", Spec, "/no/such/route")
            .status(404)
            .expect_empty(),
    ]
}

fn methods() -> Vec<Case> {
    vec![
        Case::new(
            "§2 unexported method is 405 with Allow",
            Spec,
            "POST",
            "/methods/get-only",
        )
        .status(405)
        .expect_header("allow", "GET, HEAD, OPTIONS")
        .expect_empty(),
        Case::new("§2 DELETE on a GET route is 405", Spec, "DELETE", "/methods/get-only")
            .status(405)
            .expect_header("allow", "GET, HEAD, OPTIONS"),
        Case::new(
            "§2 automatic HEAD runs GET without a body",
            Spec,
            "HEAD",
            "/methods/get-only",
        )
        .expect_header("x-from", "GET")
        .expect_empty(),
        Case::new(
            "§2 automatic HEAD keeps GET's Content-Length",
            Spec,
            "HEAD",
            "/methods/get-only",
        )
        .expect_header("content-length", "8")
        .exempt(Target::LambdaStreaming, super::LAMBDA_STREAMED_LENGTH),
        Case::new(
            "§2 automatic OPTIONS is 204 with a sorted Allow",
            Spec,
            "OPTIONS",
            "/methods/get-only",
        )
        .status(204)
        .expect_header("allow", "GET, HEAD, OPTIONS")
        .expect_empty(),
        Case::new("§2 HEAD without GET is 405", Spec, "HEAD", "/methods/post-only")
            .status(405)
            .expect_header("allow", "OPTIONS, POST"),
        Case::get("§2 GET without GET is 405", Spec, "/methods/post-only")
            .status(405)
            .expect_header("allow", "OPTIONS, POST"),
        Case::new("§2 explicit HEAD wins over GET", Spec, "HEAD", "/methods/all")
            .expect_header("x-head", "explicit")
            .expect_empty(),
        Case::new(
            "§2 explicit OPTIONS wins over the automatic one",
            Spec,
            "OPTIONS",
            "/methods/all",
        )
        .expect_header("allow", "custom")
        .expect_body("options handler"),
        Case::new("§2 PUT handler", Spec, "PUT", "/methods/all").expect_body("PUT handler"),
        Case::new("§2 PATCH handler", Spec, "PATCH", "/methods/all").expect_body("PATCH handler"),
        Case::new("§2 DELETE handler", Spec, "DELETE", "/methods/all").expect_body("DELETE handler"),
        Case::new("§2 unknown method token is 400", Spec, "HEADER", "/methods/all")
            .status(400)
            .expect_empty()
            .exempt(Target::Cloudflare, super::WORKERD_UNKNOWN_METHOD),
        Case::new("§2 TRACE is outside the seven: 400", Spec, "TRACE", "/methods/get-only")
            .status(400)
            .expect_empty(),
        Case::new(
            "§2 unknown method on an unknown path is 404",
            Spec,
            "HEADER",
            "/nowhere",
        )
        .status(404)
        .exempt(Target::Cloudflare, super::WORKERD_UNKNOWN_METHOD),
    ]
}

fn request() -> Vec<Case> {
    vec![
        Case::get(
            "§3 query, repeated keys, cookies, headers",
            Spec,
            "/echo?query=hello&tag=a&tag=b&empty=",
        )
        .header("cookie", "token=abc; theme=dark")
        .header("cookie", "extra=1")
        .header("x-test-one", "1")
        .expect_header("content-type", "application/json")
        .expect_body_contains(r#""query":[["query","hello"],["tag","a"],["tag","b"],["empty",""]]"#),
        Case::get(
            "§3 a repeated header reads as one value, joined with a comma",
            Spec,
            "/echo",
        )
        .header("x-test-accept", "text/html")
        .header("x-test-accept", "application/json")
        .expect_body_contains(r#""headers":[["x-test-accept","text/html, application/json"]]"#)
        .exempt(Target::Lambda, super::EMULATOR_REPEATED_HEADER)
        .exempt(Target::LambdaStreaming, super::EMULATOR_REPEATED_HEADER),
        Case::get("§3 cookies from every Cookie header, decoded", Spec, "/echo")
            .header("cookie", "token=abc; theme=dark%20mode")
            .expect_body_contains(r#""cookies":[["token","abc"],["theme","dark mode"]]"#),
        Case::get(
            "§3 a cookie sent without `=` reads as \"true\", as Next's cookies()",
            Spec,
            "/echo",
        )
        .header("cookie", "beta; token=abc;;")
        .expect_body_contains(r#""cookies":[["beta","true"],["token","abc"]]"#),
        Case::get("§3 the full URL", Spec, "/echo?a=1").expect_body_contains(r#"/echo?a=1""#),
        Case::get("§3 a route without params has none", Spec, "/echo").expect_body_contains(r#""params":null"#),
        Case::get("§3 a body on GET is readable", Spec, "/echo")
            .body("get body")
            .expect_body_contains(r#""body":"get body""#),
        Case::new("§3 a body on DELETE is readable", Spec, "DELETE", "/echo")
            .body("delete body")
            .expect_body_contains(r#""body":"delete body""#),
        Case::new("§3 a body on OPTIONS is readable", Spec, "OPTIONS", "/echo")
            .body("options body")
            .expect_body_contains(r#""body":"options body""#),
        Case::new("§3 PATCH body", Spec, "PATCH", "/echo")
            .body("patch")
            .expect_body_contains(r#""method":"PATCH""#),
        Case::post("§3 JSON into a type", Spec, "/body/json")
            .json_body(json!({ "name": "widget", "count": 3 }))
            .expect_json(json!({ "name": "widget", "count": 3 })),
        Case::new(
            "§3 typed JSON beside the Request, which is declared first",
            Spec,
            "PUT",
            "/body/json",
        )
        .header("x-trace", "t-1")
        .json_body(json!({ "name": "widget", "count": 3 }))
        .expect_json(json!({ "item": { "name": "widget", "count": 3 }, "trace": "t-1" })),
        Case::post("§3 JSON with a +json content type", Spec, "/body/json")
            .header("content-type", "application/merge-patch+json")
            .body(r#"{"name":"w","count":1}"#)
            .expect_json(json!({ "name": "w", "count": 1 })),
        Case::post("§3 text body", Spec, "/body/text")
            .body("héllo")
            .expect_json(json!({ "text": "héllo", "chars": 5 })),
        Case::post("§3 urlencoded form", Spec, "/body/form")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("name=Ada+Lovelace&email=ada%40example.com&tag=a&tag=b")
            .expect_json(json!({
                "fields": [["name", "Ada Lovelace"], ["email", "ada@example.com"], ["tag", "a"], ["tag", "b"]],
                "files": []
            })),
        Case::post("§3 multipart form with a file", Spec, "/body/form")
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body(
                "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n\
                 --XyZ\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.txt\"\r\n\
                 Content-Type: text/plain\r\n\r\nfile text\r\n--XyZ--\r\n",
            )
            .expect_json(json!({
                "fields": [["name", "Ada"]],
                "files": [{ "name": "cv", "file_name": "cv.txt", "content_type": "text/plain", "text": "file text" }]
            })),
        Case::post(
            "§3 a multipart Content-Type's parameters may be spaced, empty or quoted",
            Spec,
            "/body/form",
        )
        .header(
            "content-type",
            "multipart/form-data ;; charset=utf-8; BOUNDARY=\"Xy Z\"",
        )
        .body("--Xy Z\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--Xy Z--\r\n")
        .expect_json(json!({ "fields": [["name", "Ada"]], "files": [] })),
        Case::get(
            "§3 cookie names and values decode as decodeURIComponent; undecodable pairs are skipped",
            Spec,
            "/echo",
        )
        .header("cookie", "a%20b=c%20d; pct=100%; hex=%zz; ok=1")
        .expect_body_contains(r#""cookies":[["a b","c d"],["ok","1"]]"#),
        Case::post("§3 typed form fields", Spec, "/body/typed-form")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("name=Ada&age=36&tags=x&tags=y")
            .expect_json(json!({ "name": "Ada", "age": 36, "tags": ["x", "y"] })),
        Case::post("§3 body as a stream of chunks", Spec, "/body/stream")
            .body(vec![b'x'; 100_000])
            .streamed(8192)
            .expect_json(json!({ "bytes": 100_000 })),
        Case::get("§3 typed query with a list", Spec, "/query/typed?page=2&tag=a&tag=b")
            .expect_json(json!({ "page": 2, "tag": ["a", "b"] })),
        Case::get("§3 typed params", Spec, "/params/typed/41").expect_json(json!({ "id": 41, "next": 42 })),
    ]
}

fn response() -> Vec<Case> {
    vec![
        Case::get("§4 json sets content-type", Spec, "/response/json")
            .expect_header("content-type", "application/json")
            .expect_json(json!({ "ok": true, "list": [1, 2, 3] })),
        Case::get(
            "§4 redirect is 307 with Location and no body",
            Spec,
            "/response/redirect",
        )
        .status(307)
        .expect_header("location", "/response/json")
        .expect_empty(),
        Case::get("§4 permanent_redirect is 308", Spec, "/response/permanent-redirect")
            .status(308)
            .expect_header("location", "https://example.com/new-home")
            .expect_empty(),
        Case::get("§4 not_found is 404 with no body", Spec, "/response/not-found")
            .status(404)
            .expect_empty(),
        Case::get("§4 any status with a body", Spec, "/response/status/418")
            .status(418)
            .expect_body("status 418"),
        Case::get("§4 201 with a body", Spec, "/response/status/201")
            .status(201)
            .expect_body("status 201"),
        Case::get("§4 three cookies set at once", Spec, "/response/cookies")
            .expect_header_count("set-cookie", 3)
            .expect_header_contains("set-cookie", "session=abc123"),
        Case::get(
            "§4 a cookie made permanent through the cookie crate expires 20 years from now",
            Spec,
            "/response/permanent-cookie",
        )
        .expect_header_contains("set-cookie", "remember=yes")
        .expect_header_contains("set-cookie", "Max-Age=630720000")
        .expect_header_contains("set-cookie", &format!(" {} ", permanent_cookie_expiry_year())),
        Case::get("§4 custom and repeated headers", Spec, "/response/headers")
            .status(202)
            .expect_header("x-custom", "yes")
            .expect_header_values("x-multi", &["one", "two"])
            .expect_header("content-type", "text/plain;charset=UTF-8"),
        Case::get(
            "§4 a non-ASCII header value goes out as its UTF-8 bytes",
            Spec,
            "/response/utf8-header",
        )
        .expect_header("content-disposition", "attachment; filename=\"café.txt\"")
        .exempt(Target::LambdaStreaming, super::LAMBDA_STREAMED_ASCII_HEADERS),
        Case::get("§4 streamed chunks arrive as produced", Spec, "/response/stream")
            .expect_stream(
                &["<p>One</p>", "<p>Two</p>", "<p>Three</p>"],
                Duration::from_millis(100),
            )
            .streams(),
        Case::get("§4 server-sent events stream", Spec, "/response/sse")
            .expect_header("content-type", "text/event-stream")
            .expect_stream(
                &["data: event 0\n\n", "data: event 1\n\n", "data: event 2\n\n"],
                Duration::from_millis(75),
            )
            .streams(),
        Case::new("§4 204 has no body", Spec, "DELETE", "/response/no-content")
            .status(204)
            .expect_empty(),
    ]
}

/// The year a cookie made permanent now expires in (`Expires=Wed, 25 Nov 2046 …`): cookie counts
/// 20 years as 7,300 days, which leap days put a few days short of the same date.
fn permanent_cookie_expiry_year() -> i32 {
    use routeway::cookie::time::{Duration, OffsetDateTime};
    (OffsetDateTime::now_utc() + Duration::days(7300)).year()
}

/// §6: static and ISR routes through the cache, what is never stored, on-demand revalidation.
fn caching() -> Vec<Case> {
    const STATIC: &str = "s-maxage=31536000, stale-while-revalidate";
    const DYNAMIC: &str = "private, no-cache, no-store, max-age=0, must-revalidate";
    let runs = |name: &str, count: u32| {
        Case::get(
            &format!("§6 {name}: the handler ran {count} time(s)"),
            Spec,
            &format!("/cache/runs?name={name}"),
        )
        .expect_json(json!({ "runs": count }))
    };
    vec![
        Case::get("§6 static GET: first answer is a MISS", Spec, "/cache/static")
            .expect_header("x-routeway-cache", "MISS")
            .expect_header("cache-control", STATIC)
            .expect_json(json!({ "run": 1 })),
        Case::get("§6 static GET: then a HIT with the same body", Spec, "/cache/static")
            .expect_header("x-routeway-cache", "HIT")
            .expect_header("cache-control", STATIC)
            .expect_json(json!({ "run": 1 })),
        Case::new(
            "§6 static HEAD is answered from the cache",
            Spec,
            "HEAD",
            "/cache/static",
        )
        .expect_header("x-routeway-cache", "HIT")
        .expect_header("content-length", "9")
        .expect_empty()
        .exempt(Target::LambdaStreaming, super::LAMBDA_STREAMED_LENGTH),
        runs("static", 1),
        Case::get("§6 ISR: first answer is a MISS", Spec, "/cache/isr")
            .expect_header("x-routeway-cache", "MISS")
            .expect_header("cache-control", "s-maxage=1, stale-while-revalidate")
            .expect_json(json!({ "run": 1 })),
        Case::get("§6 ISR: fresh for a second", Spec, "/cache/isr")
            .expect_header("x-routeway-cache", "HIT")
            .expect_json(json!({ "run": 1 })),
        Case::get("§6 ISR: once stale, the old answer comes at once", Spec, "/cache/isr")
            .after(Duration::from_millis(1300))
            .expect_header("x-routeway-cache", "STALE")
            .expect_json(json!({ "run": 1 })),
        Case::get("§6 ISR: then the regenerated answer", Spec, "/cache/isr")
            .after(Duration::from_millis(500))
            .expect_header("x-routeway-cache", "HIT")
            .expect_json(json!({ "run": 2 })),
        Case::get("§6 ISR: stale again a second later", Spec, "/cache/isr")
            .after(Duration::from_millis(1300))
            .expect_header("x-routeway-cache", "STALE")
            .expect_json(json!({ "run": 2 })),
        Case::get(
            "§6 ISR: and regenerated again (every cycle, not once)",
            Spec,
            "/cache/isr",
        )
        .after(Duration::from_millis(500))
        .expect_header("x-routeway-cache", "HIT")
        .expect_json(json!({ "run": 3 })),
        runs("isr", 3),
        Case::get("§6 ISR: a regeneration that fails...", Spec, "/cache/flaky")
            .expect_header("x-routeway-cache", "MISS")
            .expect_json(json!({ "run": 1 })),
        Case::get("§6 ... once stale, starts in the background", Spec, "/cache/flaky")
            .after(Duration::from_millis(1300))
            .expect_header("x-routeway-cache", "STALE")
            .expect_json(json!({ "run": 1 })),
        Case::get("§6 ... and the last good answer is kept", Spec, "/cache/flaky")
            .after(Duration::from_millis(500))
            .expect_header("x-routeway-cache", "STALE")
            .expect_json(json!({ "run": 1 })),
        Case::get("§6 flaky: reset its run count", Spec, "/cache/runs?name=flaky").after(Duration::from_millis(300)),
        Case::get("§6 a response that sets a cookie is not stored", Spec, "/cache/cookie")
            .expect_header("x-routeway-cache", "MISS")
            .expect_header("cache-control", DYNAMIC)
            .expect_header_count("set-cookie", 1),
        Case::get(
            "§6 ... and the next request runs the handler again",
            Spec,
            "/cache/cookie",
        )
        .expect_header("x-routeway-cache", "MISS"),
        runs("cookie", 2),
        Case::get("§6 an error response is not stored", Spec, "/cache/missing")
            .status(404)
            .expect_header("x-routeway-cache", "MISS"),
        Case::get(
            "§6 ... and the next request runs the handler again",
            Spec,
            "/cache/missing",
        )
        .status(404)
        .expect_header("x-routeway-cache", "MISS"),
        runs("missing", 2),
        Case::get("§6 a dynamic route is never cached", Spec, "/cache/runs?name=none")
            .expect_no_header("x-routeway-cache")
            .expect_header("cache-control", DYNAMIC),
        Case::get("§6 tagged: stored", Spec, "/cache/tagged").expect_header("x-routeway-cache", "MISS"),
        Case::get("§6 tagged: served from the cache", Spec, "/cache/tagged").expect_header("x-routeway-cache", "HIT"),
        Case::post(
            "§6 revalidate_tag drops it on demand",
            Spec,
            "/cache/revalidate?tag=spec",
        )
        .expect_json(json!({ "revalidated": true })),
        Case::get("§6 tagged: regenerated after revalidate_tag", Spec, "/cache/tagged")
            .expect_header("x-routeway-cache", "MISS")
            .expect_json(json!({ "run": 2 })),
        runs("tagged", 2),
        Case::post(
            "§6 revalidate_path drops one path",
            Spec,
            "/cache/revalidate?path=/cache/static",
        )
        .expect_json(json!({ "revalidated": true })),
        Case::get(
            "§6 static GET: regenerated after revalidate_path",
            Spec,
            "/cache/static",
        )
        .expect_header("x-routeway-cache", "MISS")
        .expect_json(json!({ "run": 1 })),
        runs("static", 1),
        Case::get(
            "§6 force-static: the handler sees a stripped request",
            Spec,
            "/cache/force-static?a=1",
        )
        .header("x-custom", "1")
        .header("cookie", "session=abc")
        .expect_header("x-routeway-cache", "MISS")
        .expect_json(json!({ "path": "/cache/force-static", "query": null, "headers": 0, "cookies": 0 })),
        Case::get(
            "§6 force-static: cached for every query",
            Spec,
            "/cache/force-static?b=2",
        )
        .expect_header("x-routeway-cache", "HIT"),
        Case::get(
            "§5 dynamic_params = false: a listed param is served (and cached)",
            Spec,
            "/cache/listed/first",
        )
        .expect_header("x-routeway-cache", "MISS")
        .expect_json(json!({ "slug": "first", "run": 1 })),
        Case::get(
            "§5 dynamic_params = false: another listed param",
            Spec,
            "/cache/listed/second",
        )
        .expect_json(json!({ "slug": "second", "run": 2 })),
        Case::get(
            "§5 dynamic_params = false: a param not listed is 404",
            Spec,
            "/cache/listed/third",
        )
        .status(404)
        .expect_empty(),
        Case::post(
            "§5 dynamic_params = false: 404 for every method, not 405",
            Spec,
            "/cache/listed/third",
        )
        .status(404),
        runs("listed", 2),
        Case::get(
            "§6 a cached page with a non-ASCII param is stored once",
            Spec,
            "/cache/pages/caf%C3%A9",
        )
        .expect_header("x-routeway-cache", "MISS")
        .expect_json(json!({ "slug": "café", "run": 1 })),
        Case::get(
            "§6 ... and found under another spelling of its path (lower-case hex)",
            Spec,
            "/cache/pages/caf%c3%a9",
        )
        .expect_header("x-routeway-cache", "HIT")
        .expect_json(json!({ "slug": "café", "run": 1 })),
        Case::get(
            "§6 ... and through an encoded dot segment",
            Spec,
            "/cache/pages/x/%2e%2e/caf%C3%A9",
        )
        .expect_header("x-routeway-cache", "HIT"),
        Case::post(
            "§6 revalidate_path given the decoded path",
            Spec,
            "/cache/revalidate?path=/cache/pages/caf%C3%A9",
        )
        .expect_json(json!({ "revalidated": true })),
        Case::get(
            "§6 ... drops the entry the encoded request stored",
            Spec,
            "/cache/pages/caf%C3%A9",
        )
        .expect_header("x-routeway-cache", "MISS")
        .expect_json(json!({ "slug": "café", "run": 2 })),
        runs("pages", 2),
    ]
}

/// The platform door every adapter fills: environment, client address, work after the response.
fn platform() -> Vec<Case> {
    vec![
        Case::get("platform: env reads the target's variables", Spec, "/platform/env")
            .expect_json(json!({ "var": "from-the-suite", "number": "3", "missing": null })),
        Case::get("platform: the client's address", Spec, "/platform/client")
            .expect_json(json!({ "ip": "127.0.0.1" }))
            .exempt(
                Target::InProcess,
                "a request handed to App::handle in process has no network peer",
            ),
        Case::post(
            "platform: wait_until work is accepted",
            Spec,
            "/platform/after?key=suite",
        )
        .status(202)
        .expect_body("scheduled"),
        Case::get(
            "platform: wait_until work ran after the response",
            Spec,
            "/platform/after?key=suite",
        )
        .expect_json(json!({ "ran": true })),
        Case::get(
            "platform: fetch follows a redirect",
            Spec,
            "/platform/fetch?code=302&to=/product/7",
        )
        .expect_json(json!({ "id": "7", "name": "Product 7" })),
        Case::get(
            "platform: fetch resolves a relative Location against the request URL",
            Spec,
            "/platform/fetch?code=301&to=../product/8",
        )
        .expect_json(json!({ "id": "8", "name": "Product 8" })),
        Case::post(
            "platform: fetch sends a POST again, body and all, after a 307",
            Spec,
            "/platform/fetch?code=307&to=/items",
        )
        .json_body(json!({ "name": "widget" }))
        .status(201)
        .expect_json(json!({ "created": true, "received": { "name": "widget" } })),
        Case::post(
            "platform: fetch turns a POST into a GET after a 303",
            Spec,
            "/platform/fetch?code=303&to=/items",
        )
        .json_body(json!({ "name": "widget" }))
        .expect_json(json!({ "items": ["a", "b", "c"] })),
        Case::get(
            "platform: a fetch redirected in a loop fails (a logged 500)",
            Spec,
            "/platform/fetch?to=/redirect/loop",
        )
        .status(500),
    ]
}

fn bad_input() -> Vec<Case> {
    let over_limit = vec![b'a'; LIMIT + 1];
    vec![
        Case::post("bad: malformed JSON is 400 with a message", Spec, "/body/json")
            .header("content-type", "application/json")
            .body(r#"{"name": "widget", "count": "#)
            .status(400)
            .expect_body_contains("Invalid JSON body"),
        Case::post(
            "bad: JSON of the wrong shape is 400 naming the field",
            Spec,
            "/body/json",
        )
        .json_body(json!({ "name": "widget" }))
        .status(400)
        .expect_body_contains("missing field `count`"),
        Case::post("bad: wrong content type is 415", Spec, "/body/json")
            .header("content-type", "text/plain")
            .body(r#"{"name":"w","count":1}"#)
            .status(415)
            .expect_body_contains("application/json"),
        Case::post(
            "bad: two Content-Type headers are one ambiguous type, 415",
            Spec,
            "/body/json",
        )
        .header("content-type", "application/json")
        .header("content-type", "text/plain")
        .body(r#"{"name":"w","count":1}"#)
        .status(415)
        .expect_body_contains("got application/json, text/plain")
        .exempt(Target::Lambda, super::EMULATOR_REPEATED_HEADER)
        .exempt(Target::LambdaStreaming, super::EMULATOR_REPEATED_HEADER),
        Case::post("bad: form with a JSON content type is 415", Spec, "/body/form")
            .json_body(json!({ "name": "Ada" }))
            .status(415)
            .expect_body_contains("multipart/form-data"),
        Case::post("bad: form field that does not fit is 400", Spec, "/body/typed-form")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("name=Ada&age=very-old")
            .status(400)
            .expect_body_contains("Invalid form data"),
        Case::post("bad: broken multipart is 400", Spec, "/body/form")
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body("--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda")
            .status(400)
            .expect_body_contains("Invalid form data"),
        Case::post(
            "bad: a multipart boundary the body does not use is 400 naming it",
            Spec,
            "/body/form",
        )
        .header("content-type", "multipart/form-data; boundary=Other")
        .body("--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--XyZ--\r\n")
        .status(400)
        .expect_body_contains("no `--Other` line"),
        Case::post(
            "bad: multipart without a boundary is 400 saying what to send",
            Spec,
            "/body/form",
        )
        .header("content-type", "multipart/form-data; charset=utf-8")
        .body("--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--XyZ--\r\n")
        .status(400)
        .expect_body_contains("has no boundary; send `multipart/form-data; boundary="),
        Case::post(
            "bad: a multipart boundary over RFC 2046's 70 characters is 400",
            Spec,
            "/body/form",
        )
        .header(
            "content-type",
            &format!("multipart/form-data; boundary={}", "b".repeat(71)),
        )
        .body(format!("--{}\r\n", "b".repeat(71)))
        .status(400)
        .expect_body_contains("71 characters long; RFC 2046 allows at most 70"),
        Case::post(
            "bad: a multipart text part in ISO-8859-1 is 400 naming the field and its charset",
            Spec,
            "/body/form",
        )
        .header("content-type", "multipart/form-data; boundary=XyZ")
        .body(
            [
                &b"--XyZ\r\nContent-Disposition: form-data; name=\"city\"\r\n"[..],
                b"Content-Type: text/plain; charset=ISO-8859-1\r\n\r\nK\xf6ln\r\n--XyZ--\r\n",
            ]
            .concat(),
        )
        .status(400)
        .expect_body_contains(
            "field `city` is not valid UTF-8 (the part declares charset=iso-8859-1; send it as UTF-8)",
        ),
        Case::post("bad: invalid UTF-8 text is 400", Spec, "/body/text")
            .header("content-type", "application/octet-stream")
            .body(vec![b'o', b'k', 0xff, 0xfe])
            .status(400)
            .expect_body_contains("not valid UTF-8"),
        Case::post(
            "bad: body over the limit with Content-Length is 413",
            Spec,
            "/body/bytes",
        )
        .body(over_limit.clone())
        .status(413)
        .expect_body_contains("larger than the limit"),
        Case::post(
            "bad: body over the limit without Content-Length is 413",
            Spec,
            "/body/bytes",
        )
        .body(over_limit.clone())
        .streamed(64 * 1024)
        .status(413)
        .expect_body_contains("larger than the limit"),
        Case::post("bad: streamed read over the limit is 413", Spec, "/body/stream")
            .body(over_limit)
            .streamed(64 * 1024)
            .status(413),
        Case::post("body exactly at the limit is accepted", Spec, "/body/bytes")
            .body(vec![b'a'; LIMIT])
            .expect_json(json!({ "bytes": LIMIT })),
        Case::get("bad: query that does not fit is 400", Spec, "/query/typed?page=two")
            .status(400)
            .expect_body_contains("Invalid query string"),
        Case::get("bad: param that does not fit is 400", Spec, "/params/typed/abc")
            .status(400)
            .expect_body_contains("Invalid route parameters"),
        Case::get("bad: a handler error is 500 with an empty body", Spec, "/errors/error")
            .status(500)
            .expect_empty(),
        Case::post(
            "bad: reading a body twice is the app's 500, with an empty body",
            Spec,
            "/errors/body-twice",
        )
        .json_body(json!({ "a": 1 }))
        .status(500)
        .expect_empty(),
        Case::get("bad: a panicking handler is 500", Spec, "/errors/panic")
            .status(500)
            .expect_header(
                "cache-control",
                "private, no-cache, no-store, max-age=0, must-revalidate",
            )
            .expect_empty(),
        Case::get("bad: the server keeps serving after a panic", Spec, "/segments/fixed").expect_body("static"),
        Case::get("bad: a second panic is 500 too", Spec, "/errors/panic")
            .status(500)
            .expect_empty(),
        Case::get("bad: %2F cannot reach a nested route", Spec, "/nested/x%2Fy").status(404),
        Case::get("bad: a param that is not UTF-8 once decoded is 400", Spec, "/files/%FF")
            .status(400)
            .expect_body_contains("`%FF` is not UTF-8"),
        Case::get(
            "bad: any path that is not UTF-8 once decoded is 400",
            Spec,
            "/segments/caf%E9",
        )
        .status(400)
        .expect_body_contains("`caf%E9` is not UTF-8"),
        Case::get("bad: a status that is not one is 400", Spec, "/response/status/99").status(400),
    ]
}
