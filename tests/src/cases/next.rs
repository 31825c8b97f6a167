//! The port of Next.js' `test/e2e/app-dir/app-routes/app-custom-routes.test.ts` against
//! `tests/next-app-routes`: one case per applicable assertion, named `next: <describe> > <it>` after
//! the test it comes from, with `it.each`/`describe.each` rows expanded (every method × path).
//!
//! Where Next checks one field of the `x-request-meta` header, the case checks the whole meta the
//! handler echoes (a superset). Requests carry what node-fetch sends: a string body goes out as
//! `text/plain;charset=UTF-8`, a `Readable` body chunked without a content type.
//!
//! Where routeway deliberately differs from Next, the case asserts routeway's behaviour:
//! - a `405` carries an `Allow` header (Next sends none; the test only checks status and body);
//! - an unknown method token (`HEADER`) is a `400` with an empty body before dispatch (Next agrees).
//!
//! Left out, each with why:
//! - The `next start` checks that `.next/server/app/**.body`/`.meta` were (or were not) prerendered:
//!   routeway prerenders nothing; the cases check the equivalent through `x-routeway-cache` (a static
//!   route's second answer is a `HIT` with the same body, a dynamic one is never cached).
//! - `basic fetch request with a response > abort via a %s request > aborts without error on %s`
//!   (10 rows): aborts the fetch after 10 ms and reads the server's log output for `Error` — log
//!   output check (a case cannot abort mid-request or read logs).
//! - `basic fetch request with a response > response > supports the NextResponse.rewrite() helper`:
//!   `it.skip` upstream, and routeway has no `NextResponse.rewrite()`.
//! - `error conditions > responds with 500 (Internal Server Error) when the handler calls
//!   NextResponse.next()`: routeway has no `NextResponse.next()` (the `x-middleware-next` marker), and
//!   half the test is a log check for the docs link.
//! - `invalid exports > should print an error when exporting a default handler in dev`: dev-only log
//!   check; routeway refuses a route file that exports no method at build time instead.
//! - `no response returned > should print an error when no response is returned`: log-only check; in
//!   Rust a handler returning `()` is an empty `200` by type, so there is nothing to log.
//! - `no bundle error > should not print bundling warning about React`: compile log check (no bundler).
//! - The hello handler's `WebSocket` global: Rust has no such global, so the handler takes the
//!   always-present case and no case tests its absence.
//! - `app-custom-route-base-path.test.ts`: the whole suite again under basePath `/docs`; routeway has
//!   no basePath.
//! - Branch-only tests not on canary (QUERY method, `/api/health` percent-encoded alias, forbidden()).

use std::time::Duration;

use base64::Engine as _;
use serde_json::{json, Value};

use crate::case::{AppId::Next, Case, Target};

/// The request meta header (and cookie) name.
const META: &str = "x-request-meta";

/// What node-fetch sends as the content type of a string body.
const NODE_FETCH_TEXT: &str = "text/plain;charset=UTF-8";

/// Every case of the port, in the order of the Next test file.
pub fn cases() -> Vec<Case> {
    let mut cases = api_prefix();
    cases.extend(generate_static_params());
    cases.extend(basic_fetch());
    cases.extend(body());
    cases.extend(context());
    cases.extend(hooks());
    cases.extend(error_conditions());
    cases.extend(automatic_implementations());
    cases.extend(edge_functions());
    cases.extend(force_static());
    cases.extend(others());
    cases
}

/// `dynamic = "force-static"`: the handler sees the request Next's `cleanURL` leaves.
fn force_static() -> Vec<Case> {
    let url = "http://localhost:3000/dynamic";
    vec![Case::get(
        "next: dynamic = \"force-static\" > strips search, headers, and domain from request",
        Next,
        "/dynamic?query=true",
    )
    .header("accept", "application/json")
    .header("cookie", "session=true")
    .expect_json(json!({
        "nextUrl": { "href": url, "search": "", "searchParams": null, "clone": url },
        "req": { "url": url, "headers": null },
        "headers": null,
        "cookies": null,
    }))]
}

/// `cookieWithRequestMeta(meta)`'s cookie header: `x-request-meta=<base64 of the JSON>`. (Its header
/// twin, `withRequestMeta(meta)`, is the raw JSON: `meta.to_string()`.)
fn meta_cookie(meta: &Value) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(meta.to_string());
    format!("{META}={encoded}")
}

/// The hello handler's meta.
fn hello_meta(method: &str, params: Value, pathname: &str) -> Value {
    json!({ "method": method, "params": params, "pathname": pathname })
}

fn api_prefix() -> Vec<Case> {
    let it = |title: &str| format!("next: works with api prefix correctly > {title}");
    vec![
        Case::get(
            &it("statically generates correctly with no dynamic usage"),
            Next,
            "/api/hello.json",
        )
        .expect_header("cache-control", "s-maxage=1, stale-while-revalidate")
        .expect_json(json!({ "pathname": "/api/hello.json" })),
        Case::get(
            &it("does not statically generate with dynamic usage"),
            Next,
            "/api/dynamic",
        )
        .expect_no_header("x-routeway-cache")
        .expect_header(
            "cache-control",
            "private, no-cache, no-store, max-age=0, must-revalidate",
        )
        .expect_json(json!({ "pathname": "/api/dynamic", "query": {} })),
    ]
}

/// `now` is any number: the body must start with the params, in the fixture's key order, then `now`.
/// The static rows are then served from the cache (the same body: Next checks the prerendered files
/// exist); the `revalidate = 1` rows poll as Next does, a second and a bit later: the stale body comes
/// at once, and the next request sees a regenerated one.
fn generate_static_params() -> Vec<Case> {
    let it = |title: &str| format!("next: works with generateStaticParams correctly > {title}");
    let slugs = ["first", "second", "three"];
    let mut cases = Vec::new();
    for (prefix, test) in [
        ("static", "responds correctly on"),
        ("revalidate-1", "revalidates correctly on"),
    ] {
        for slug in slugs {
            let path = format!("/{prefix}/{slug}/data.json");
            let shape = format!(r#"{{"params":{{"slug":"{slug}"}},"now":"#);
            cases.push(
                Case::get(&it(&format!("{test} {path}")), Next, &path)
                    .expect_header("content-type", "application/json")
                    .expect_header("x-routeway-cache", "MISS")
                    .expect_body_contains(&shape),
            );
        }
    }
    for slug in slugs {
        let path = format!("/static/{slug}/data.json");
        cases.push(
            Case::get(
                &it(&format!("responds correctly on {path} > then from the cache")),
                Next,
                &path,
            )
            .expect_header("x-routeway-cache", "HIT")
            .expect_same_body_as(&it(&format!("responds correctly on {path}"))),
        );
    }
    for (index, slug) in slugs.into_iter().enumerate() {
        let path = format!("/revalidate-1/{slug}/data.json");
        let first = it(&format!("revalidates correctly on {path}"));
        let stale = Case::get(&format!("{first} > stale after a second"), Next, &path)
            .expect_header("x-routeway-cache", "STALE")
            .expect_same_body_as(&first);
        cases.push(if index == 0 {
            stale.after(Duration::from_millis(1300))
        } else {
            stale
        });
    }
    for (index, slug) in slugs.into_iter().enumerate() {
        let path = format!("/revalidate-1/{slug}/data.json");
        let first = it(&format!("revalidates correctly on {path}"));
        let fresh = Case::get(&format!("{first} > then regenerated"), Next, &path)
            .expect_header("x-routeway-cache", "HIT")
            .expect_body_differs_from(&first);
        cases.push(if index == 0 {
            fresh.after(Duration::from_millis(500))
        } else {
            fresh
        });
    }
    cases
}

fn basic_fetch() -> Vec<Case> {
    let it = |title: &str| format!("next: basic fetch request with a response > {title}");
    let mut cases = Vec::new();
    for method in ["GET", "POST", "PUT", "DELETE", "PATCH"] {
        for (path, params) in [
            ("/basic/endpoint", Value::Null),
            ("/basic/vercel/endpoint", json!({ "tenantID": "vercel" })),
        ] {
            cases.push(
                Case::new(
                    &it(&format!("made via a {method} request > responds correctly on {path}")),
                    Next,
                    method,
                    path,
                )
                .expect_body_contains("hello, world")
                .expect_header_json(META, hello_meta(method, params, path)),
            );
        }
    }
    let ping = json!({ "ping": "pong" });
    cases.extend([
        Case::get(
            &it("route groups > routes to the correct handler"),
            Next,
            "/basic/endpoint/nested",
        )
        .expect_header_json(META, hello_meta("GET", Value::Null, "/basic/endpoint/nested")),
        Case::get(
            &it("request > can read query parameters"),
            Next,
            "/advanced/query?ping=pong",
        )
        .expect_header_json(META, ping.clone()),
        Case::get(
            &it("request > can read query parameters (edge)"),
            Next,
            "/edge/advanced/query?ping=pong",
        )
        .expect_header_json(META, ping.clone()),
        Case::get(
            &it("response > supports the NextResponse.redirect() helper"),
            Next,
            "/hooks/redirect/response",
        )
        .status(307)
        .expect_header("location", "https://nextjs.org/")
        .expect_empty(),
        Case::get(
            &it("response > supports the NextResponse.json() helper"),
            Next,
            "/hooks/json",
        )
        .header(META, &ping.to_string())
        .expect_header_contains("content-type", "application/json")
        .expect_json(ping),
    ]);
    cases
}

fn body() -> Vec<Case> {
    let it = |title: &str| format!("next: body > {title}");
    let lines = "{\"ping\":\"pong\"}\n".repeat(10);
    let ping = r#"{"ping":"pong"}"#;
    let meta = json!({ "body": { "ping": "pong" } });
    let text_meta = json!({ "body": "hello, world" });
    let mut cases = Vec::new();
    for (suffix, prefix) in [("", ""), (" (edge)", "/edge")] {
        cases.extend([
            Case::post(
                &it(&format!(
                    "can handle handle a streaming request and streaming response{suffix}"
                )),
                Next,
                &format!("{prefix}/advanced/body/streaming"),
            )
            .body(lines.clone())
            .streamed(16)
            .expect_body(lines.clone()),
            Case::post(
                &it(&format!("can read a JSON encoded body{suffix}")),
                Next,
                &format!("{prefix}/advanced/body/json"),
            )
            .header("content-type", NODE_FETCH_TEXT)
            .body(ping)
            .expect_header_json(META, meta.clone()),
            Case::post(
                &it(&format!("can read a streamed JSON encoded body{suffix}")),
                Next,
                &format!("{prefix}/advanced/body/json"),
            )
            .body(ping)
            .streamed(1)
            .expect_header_json(META, meta.clone()),
            Case::post(
                &it(&format!("can read the text body{suffix}")),
                Next,
                &format!("{prefix}/advanced/body/text"),
            )
            .header("content-type", NODE_FETCH_TEXT)
            .body("hello, world")
            .expect_header_json(META, text_meta.clone()),
        ]);
    }
    cases.extend([
        Case::new(
            &it("can read a JSON encoded body for DELETE requests"),
            Next,
            "DELETE",
            "/advanced/body/json",
        )
        .header("content-type", NODE_FETCH_TEXT)
        .body(r#"{"name":"foo"}"#)
        .expect_body("delete foo"),
        Case::new(
            &it("can read a JSON encoded body for OPTIONS requests"),
            Next,
            "OPTIONS",
            "/advanced/body/json",
        )
        .header("content-type", NODE_FETCH_TEXT)
        .body(r#"{"name":"bar"}"#)
        .expect_body("options bar"),
    ]);
    cases
}

fn context() -> Vec<Case> {
    let it = |title: &str| format!("next: context > {title}");
    vec![
        Case::get(
            &it("provides params to routes with dynamic parameters"),
            Next,
            "/basic/vercel/endpoint",
        )
        .expect_header_json(
            META,
            hello_meta("GET", json!({ "tenantID": "vercel" }), "/basic/vercel/endpoint"),
        ),
        Case::get(
            &it("provides params to routes with catch-all routes"),
            Next,
            "/basic/vercel/some/other/resource",
        )
        .expect_header_json(
            META,
            hello_meta(
                "GET",
                json!({ "tenantID": "vercel", "resource": ["some", "other", "resource"] }),
                "/basic/vercel/some/other/resource",
            ),
        ),
        Case::get(
            &it("does not provide params to routes without dynamic parameters"),
            Next,
            "/basic/endpoint",
        )
        .expect_header_json(META, hello_meta("GET", Value::Null, "/basic/endpoint")),
    ]
}

fn hooks() -> Vec<Case> {
    let it = |title: &str| format!("next: hooks > {title}");
    let ping = json!({ "ping": "pong" });
    vec![
        Case::get(&it("headers > gets the correct values"), Next, "/hooks/headers")
            .header(META, &ping.to_string())
            .expect_header_json(META, ping.clone()),
        Case::get(&it("cookies > gets the correct values"), Next, "/hooks/cookies")
            .header("cookie", &meta_cookie(&ping))
            .expect_header_json(META, ping.clone()),
        Case::get(&it("req.cookies > gets the correct values"), Next, "/hooks/cookies/req")
            .header("cookie", &meta_cookie(&ping))
            .expect_header_json(META, ping),
        Case::get(
            &it("(await cookies()).has() > gets the correct values"),
            Next,
            "/hooks/cookies/has",
        )
        .expect_json(json!({ "hasCookie": true })),
        Case::get(&it("redirect > can respond correctly"), Next, "/hooks/redirect")
            .status(307)
            .expect_header("location", "https://nextjs.org/")
            .expect_empty(),
        Case::get(
            &it("permanentRedirect > can respond correctly"),
            Next,
            "/hooks/permanent-redirect",
        )
        .status(308)
        .expect_header("location", "https://nextjs.org/")
        .expect_empty(),
        Case::get(
            &it("notFound > can respond correctly in nodejs"),
            Next,
            "/hooks/not-found",
        )
        .status(404)
        .expect_empty(),
        Case::get(
            &it("notFound > can respond correctly in edge"),
            Next,
            "/hooks/not-found/edge",
        )
        .status(404)
        .expect_empty(),
    ]
}

fn error_conditions() -> Vec<Case> {
    let it = |title: &str| format!("next: error conditions > {title}");
    vec![
        Case::new(
            &it("responds with 400 (Bad Request) when the requested method is not a valid HTTP method"),
            Next,
            "HEADER",
            "/status/405",
        )
        .status(400)
        .expect_empty()
        .exempt(Target::Cloudflare, super::WORKERD_UNKNOWN_METHOD),
        // routeway adds the `Allow` header the spec requires on a 405.
        Case::post(
            &it("responds with 405 (Method Not Allowed) when method is not implemented"),
            Next,
            "/status/405",
        )
        .status(405)
        .expect_header("allow", "GET, HEAD, OPTIONS")
        .expect_empty(),
        Case::get(
            &it("responds with 500 (Internal Server Error) when the handler throws an error"),
            Next,
            "/status/500",
        )
        .status(500)
        .expect_empty(),
    ]
}

fn automatic_implementations() -> Vec<Case> {
    let it = |title: &str| format!("next: automatic implementations > {title}");
    vec![
        Case::new(
            &it("implements HEAD on routes with GET already implemented"),
            Next,
            "HEAD",
            "/methods/head",
        )
        .expect_empty(),
        Case::new(&it("implements OPTIONS on routes"), Next, "OPTIONS", "/methods/options")
            .status(204)
            .expect_header("allow", "OPTIONS, POST")
            .expect_empty(),
    ]
}

fn edge_functions() -> Vec<Case> {
    let it = |title: &str| format!("next: edge functions > {title}");
    let ping = json!({ "ping": "pong" });
    vec![
        Case::get(&it("returns response using edge runtime"), Next, "/edge").expect_body_contains("hello, world"),
        Case::get(
            &it("returns a response when headers are accessed"),
            Next,
            "/edge/headers",
        )
        .header(META, &ping.to_string())
        .expect_json(ping),
    ]
}

fn others() -> Vec<Case> {
    vec![
        Case::get(
            "next: customized metadata routes > should work if conflict with metadata routes convention",
            Next,
            "/robots.txt",
        )
        .expect_body("User-agent: *\nAllow: /\n\nSitemap: https://www.example.com/sitemap.xml"),
        Case::get(
            "next: top-level await > handles route handlers that use top-level await",
            Next,
            "/top-level-await",
        )
        .expect_body("hello from top-level await"),
    ]
}
