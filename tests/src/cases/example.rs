//! Cases for `examples/app-routes`: every example of the Route Handlers page, with the mock upstream.

use std::time::Duration;

use serde_json::json;

use crate::case::{AppId::Example, Case, Target};

/// The seed page's examples.
pub fn cases() -> Vec<Case> {
    vec![
        Case::get("seed: GET /items reads the data API with its key", Example, "/items")
            .with_upstream()
            .expect_header("content-type", "application/json")
            .expect_header("x-routeway-cache", "MISS")
            .expect_json(json!({ "data": { "items": ["a", "b", "c"] } })),
        Case::get("seed: GET /items is then served from the cache", Example, "/items")
            .with_upstream()
            .expect_header("x-routeway-cache", "HIT")
            .expect_json(json!({ "data": { "items": ["a", "b", "c"] } })),
        Case::post("seed: POST /items posts the time upstream", Example, "/items")
            .with_upstream()
            .expect_body_contains(r#""created":true"#)
            .expect_body_contains(r#""received":{"time":"#),
        Case::get("seed: products by query id", Example, "/products/api?id=7")
            .with_upstream()
            .expect_json(json!({ "product": { "id": "7", "name": "Product 7" } })),
        Case::get(
            "seed: products without id is 400 saying what to pass",
            Example,
            "/products/api",
        )
        .status(400)
        .expect_body_contains("product id"),
        Case::get(
            "bad input: an upstream's malformed JSON is the app's 500, not the client's 400",
            Example,
            "/products/api?id=broken",
        )
        .with_upstream()
        .status(500)
        .expect_empty(),
        Case::get("seed: cookies read and set", Example, "/api/cookies")
            .header("cookie", "token=abc123")
            .expect_header("set-cookie", "token=abc123")
            .expect_body("Hello, Next.js!"),
        Case::get(
            "bad input: a non-ASCII cookie keeps the cookies beside it",
            Example,
            "/api/cookies",
        )
        .header("cookie", "name=café; token=abc123")
        .expect_header("set-cookie", "token=abc123")
        .exempt(Target::Lambda, super::EMULATOR_NON_ASCII_COOKIE)
        .exempt(Target::LambdaStreaming, super::EMULATOR_NON_ASCII_COOKIE),
        Case::get("seed: headers read and echoed", Example, "/api/headers")
            .header("referer", "https://example.com/page")
            .expect_header("referer", "https://example.com/page"),
        Case::get("seed: headers: no referer sent, none echoed", Example, "/api/headers")
            .expect_body("Hello, Next.js!")
            .expect_no_header("referer"),
        Case::get("seed: redirect", Example, "/api/redirect")
            .status(307)
            .expect_header("location", "https://nextjs.org/")
            .expect_empty(),
        Case::get("seed: dynamic segment", Example, "/items/b").expect_json(json!({ "slug": "b" })),
        Case::get("seed: search query", Example, "/api/search?query=hello").expect_json(json!({ "query": "hello" })),
        Case::get("seed: streaming iterator with 200 ms pauses", Example, "/api/stream")
            .expect_header(
                "cache-control",
                "private, no-cache, no-store, max-age=0, must-revalidate, no-transform",
            )
            .expect_stream(
                &["<p>One</p>", "<p>Two</p>", "<p>Three</p>"],
                Duration::from_millis(100),
            )
            .streams(),
        Case::get(
            "streaming: a browser's Accept-Encoding: gzip still gets the chunks as they come",
            Example,
            "/api/stream",
        )
        .header("accept-encoding", "gzip, deflate, br")
        .expect_no_header("content-encoding")
        .expect_stream(
            &["<p>One</p>", "<p>Two</p>", "<p>Three</p>"],
            Duration::from_millis(100),
        )
        .streams()
        .exempt(Target::Cloudflare, super::WRANGLER_DEV_COMPRESSION),
        Case::post("seed: LLM chat streams server-sent events", Example, "/api/chat")
            .with_upstream()
            .json_body(json!({ "messages": [{ "role": "user", "content": "Say hello" }] }))
            .expect_header("content-type", "text/event-stream")
            .expect_stream(
                &[
                    "data: {\"content\":\"Hello\"}\n\n",
                    "data: {\"content\":\", \"}\n\n",
                    "data: {\"content\":\"world\"}\n\n",
                ],
                Duration::from_millis(50),
            )
            .expect_body_contains("data: [DONE]")
            .streams(),
        Case::post("seed: LLM chat without messages is 400", Example, "/api/chat")
            .json_body(json!({ "prompt": "hi" }))
            .status(400)
            .expect_body_contains("missing field `messages`"),
        Case::post("seed: JSON body echoed", Example, "/api/body")
            .json_body(json!({ "hello": ["world", 1] }))
            .expect_json(json!({ "res": { "hello": ["world", 1] } })),
        Case::post(
            "bad input: JSON after a byte order mark is read, as Next reads it",
            Example,
            "/api/body",
        )
        .header("content-type", "application/json")
        .body(b"\xEF\xBB\xBF{\"a\":1}".to_vec())
        .expect_json(json!({ "res": { "a": 1 } })),
        Case::post("seed: form data", Example, "/api/form")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("name=Ada&email=ada%40example.com&age=36")
            .expect_json(json!({ "name": "Ada", "email": "ada@example.com", "age": 36 })),
        Case::post("seed: form data missing a field is 400", Example, "/api/form")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("name=Ada")
            .status(400)
            .expect_body_contains("email"),
        Case::post(
            "bad input: a form field of the wrong type is 400 naming it",
            Example,
            "/api/form",
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=Ada&email=ada%40example.com&age=abc")
        .status(400)
        .expect_body_contains("field `age`: invalid digit"),
        Case::post(
            "bad input: a form field that is not UTF-8 is 400 naming it",
            Example,
            "/api/form",
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=K%F6ln&email=ada%40example.com&age=36")
        .status(400)
        .expect_body_contains("field `name` is not UTF-8"),
        Case::get("seed: CORS headers", Example, "/api/cors")
            .expect_header("access-control-allow-origin", "*")
            .expect_header("access-control-allow-methods", "GET, POST, PUT, DELETE, OPTIONS")
            .expect_header("access-control-allow-headers", "Content-Type, Authorization"),
        Case::post("seed: webhook accepts a good payload", Example, "/api/webhook")
            .with_upstream()
            .header("x-webhook-secret", "whsec-test")
            .json_body(json!({ "type": "invoice.paid", "data": { "id": "in_1", "amount": 5 } }))
            .expect_json(json!({ "received": "invoice.paid", "fields": 2, "revalidated": ["items"] })),
        Case::get(
            "seed: GET /items runs again after the webhook revalidated it",
            Example,
            "/items",
        )
        .with_upstream()
        .expect_header("x-routeway-cache", "MISS")
        .expect_json(json!({ "data": { "items": ["a", "b", "c"] } })),
        Case::post("seed: webhook with malformed JSON is 400", Example, "/api/webhook")
            .with_upstream()
            .header("x-webhook-secret", "whsec-test")
            .header("content-type", "application/json")
            .body("{not json")
            .status(400)
            .expect_body_contains("Invalid JSON body"),
        Case::post("seed: webhook with a bad payload shape is 400", Example, "/api/webhook")
            .with_upstream()
            .header("x-webhook-secret", "whsec-test")
            .json_body(json!({ "type": 5, "data": {} }))
            .status(400)
            .expect_body_contains("invalid type"),
        Case::post("seed: webhook with a wrong secret is 401", Example, "/api/webhook")
            .with_upstream()
            .header("x-webhook-secret", "nope")
            .json_body(json!({ "type": "x", "data": {} }))
            .status(401),
        Case::get("seed: rss.xml", Example, "/rss.xml")
            .expect_header("content-type", "application/rss+xml; charset=utf-8")
            .expect_body_contains("<title>Next.js Documentation</title>"),
        Case::get("seed: robots.txt", Example, "/robots.txt")
            .expect_header("content-type", "text/plain;charset=UTF-8")
            .expect_body_contains("User-Agent: *"),
        Case::get("seed: segment config route", Example, "/api/config")
            .expect_json(json!({ "dynamic": "auto", "runtime": "nodejs", "max_duration": 10 })),
        Case::get("seed: index lists the routes", Example, "/").expect_body_contains("/api/chat"),
    ]
}
