//! The data cache against `tests/spec-app`: outbound fetches on their own (spec §5–§6), and the
//! static pages they shape as in Next.js 14 (a `no-store` fetch makes the route dynamic, the
//! shortest fetch `revalidate` becomes the page's, fetch tags tag the page, and `revalidate_path`
//! also drops the data the page was built from). The mock upstream counts how often each counter
//! was asked, so a cached answer repeats a count and a fresh one gives the next.

use std::time::Duration;

use serde_json::json;

use crate::case::{AppId::Spec, Case};

/// Every data-cache case, in run order.
pub fn cases() -> Vec<Case> {
    let mut cases = fetches();
    cases.extend(pages());
    cases
}

/// Outbound fetches through the data cache: the mock upstream counts how often each counter was
/// asked, so a cached fetch answers the same count and a fresh one the next.
fn fetches() -> Vec<Case> {
    let count = |title: &str, path: &str, count: u32| {
        Case::get(&format!("§6 data cache: {title}"), Spec, path).expect_json(json!({ "count": count }))
    };
    vec![
        count(
            "a fetch with tags is stored",
            "/cache/data?name=tagged&tag=spec-data",
            1,
        ),
        count(
            "... and answered from the cache",
            "/cache/data?name=tagged&tag=spec-data",
            1,
        ),
        Case::post(
            "§6 data cache: revalidate_tag drops tagged data entries",
            Spec,
            "/cache/revalidate?tag=spec-data",
        )
        .expect_json(json!({ "revalidated": true })),
        count(
            "... so the next fetch asks the upstream",
            "/cache/data?name=tagged&tag=spec-data",
            2,
        ),
        count(
            "a fetch without options is not stored (auto)",
            "/cache/data?name=plain",
            1,
        ),
        count("... so every call asks the upstream", "/cache/data?name=plain", 2),
        count(
            "a fetch with revalidate = 1 is stored",
            "/cache/data?name=isr&revalidate=1",
            1,
        ),
        count("... fresh for a second", "/cache/data?name=isr&revalidate=1", 1),
        count(
            "... once stale, the stale copy comes at once",
            "/cache/data?name=isr&revalidate=1",
            1,
        )
        .after(Duration::from_millis(1300)),
        count(
            "... while one refresh runs after the response",
            "/cache/data?name=isr&revalidate=1",
            2,
        )
        .after(Duration::from_millis(500)),
        count("... stale again a second later", "/cache/data?name=isr&revalidate=1", 2)
            .after(Duration::from_millis(1300)),
        count(
            "... and refreshed again (every cycle, not once)",
            "/cache/data?name=isr&revalidate=1",
            3,
        )
        .after(Duration::from_millis(500)),
        count(
            "revalidate(0) is never stored",
            "/cache/data?name=zero&revalidate=0&tag=t",
            1,
        ),
        count(
            "... so it asks the upstream again",
            "/cache/data?name=zero&revalidate=0&tag=t",
            2,
        ),
        count(
            "no_store() wins over tags",
            "/cache/data?name=nostore&no_store&tag=t",
            1,
        ),
        count("... every time", "/cache/data?name=nostore&no_store&tag=t", 2),
        count(
            "fetch_cache = force-no-store overrides revalidate",
            "/cache/data-no-store?name=forced&revalidate=60",
            1,
        ),
        count("... every time", "/cache/data-no-store?name=forced&revalidate=60", 2),
        Case::get(
            "§6 data cache: fetch_cache = only-no-store refuses force_cache() (500)",
            Spec,
            "/cache/data-only-no-store?name=only&force_cache",
        )
        .status(500)
        .expect_empty(),
        count("... and serves a plain fetch", "/cache/data-only-no-store?name=only", 1),
    ]
}

/// Static pages (their `GET` takes no request) whose fetches shape their cache entry.
fn pages() -> Vec<Case> {
    let page = |title: &str, path: &str, cache: &str, count: u32| {
        Case::get(&format!("§6 fetches shape the page: {title}"), Spec, path)
            .expect_header("x-routeway-cache", cache)
            .expect_json(json!({ "count": count }))
    };
    let revalidate = |title: &str, query: &str| {
        Case::post(
            &format!("§6 fetches shape the page: {title}"),
            Spec,
            &format!("/cache/revalidate?{query}"),
        )
        .expect_json(json!({ "revalidated": true }))
    };
    let dynamic = |title: &str, count: u32| {
        Case::get(
            &format!("§6 fetches shape the page: {title}"),
            Spec,
            "/cache/fetching/no-store",
        )
        .expect_no_header("x-routeway-cache")
        .expect_header(
            "cache-control",
            "private, no-cache, no-store, max-age=0, must-revalidate",
        )
        .expect_json(json!({ "count": count }))
    };
    let isr = "s-maxage=2, stale-while-revalidate";
    vec![
        // Three ISR pages side by side, so they share the waits.
        page(
            "a static page whose fetch revalidates after 2 s is stored, ISR with 2 s",
            "/cache/fetching/revalidate",
            "MISS",
            1,
        )
        .expect_header("cache-control", isr),
        page(
            "an ISR page's fetch stored by its tags alone takes the route's revalidate time",
            "/cache/fetching/route-revalidate",
            "MISS",
            1,
        )
        .expect_header("cache-control", isr),
        page(
            "an ISR page whose upstream fails after its first answer is stored",
            "/cache/fetching/flaky",
            "MISS",
            1,
        ),
        page("... and served", "/cache/fetching/revalidate", "HIT", 1).expect_header("cache-control", isr),
        page(
            "... stale once its fetch is, served at once",
            "/cache/fetching/revalidate",
            "STALE",
            1,
        )
        .after(Duration::from_millis(2300)),
        page(
            "... stale with the route, served at once",
            "/cache/fetching/route-revalidate",
            "STALE",
            1,
        ),
        page("... stale, served at once", "/cache/fetching/flaky", "STALE", 1),
        page(
            "... rebuilt from fresh data, not from the stale data entry",
            "/cache/fetching/revalidate",
            "HIT",
            2,
        )
        .after(Duration::from_millis(1000)),
        page(
            "... its fetch was stale with it, so it is rebuilt from fresh data",
            "/cache/fetching/route-revalidate",
            "HIT",
            2,
        ),
        page(
            "... rebuilt from the stale data, not from the upstream's error",
            "/cache/fetching/flaky",
            "HIT",
            1,
        ),
        page(
            "a static page fetching with tags is stored",
            "/cache/fetching/tagged",
            "MISS",
            1,
        ),
        page("... and served", "/cache/fetching/tagged", "HIT", 1),
        revalidate("revalidate_tag of the fetch's tag", "tag=spec-page"),
        page(
            "... drops the page too, rebuilt from a fresh fetch",
            "/cache/fetching/tagged",
            "MISS",
            2,
        ),
        page(
            "a static page with a force_cache() fetch is stored",
            "/cache/fetching/path",
            "MISS",
            1,
        ),
        page("... and served", "/cache/fetching/path", "HIT", 1),
        revalidate("revalidate_path of the page", "path=/cache/fetching/path"),
        page(
            "... drops the data it was built from too",
            "/cache/fetching/path",
            "MISS",
            2,
        ),
        dynamic("a no_store() fetch makes a static page dynamic", 1),
        dynamic("... so every request runs it", 2),
        page(
            "force-static keeps a page with a no_store() fetch cached",
            "/cache/fetching/force-static",
            "MISS",
            1,
        ),
        page("... and served", "/cache/fetching/force-static", "HIT", 1),
        Case::get(
            "§6 fetches shape the page: a no_store() fetch under DYNAMIC = \"error\" is a 500",
            Spec,
            "/cache/fetching/error",
        )
        .status(500)
        .expect_empty(),
    ]
}
