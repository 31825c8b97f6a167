//! The scanner on real folders: route discovery, generated code, and every build error naming its file.

use std::path::Path;

fn app(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        std::fs::write(path, text).expect("write route file");
    }
    dir
}

fn errors(dir: &Path) -> String {
    routeway_build::build_table(dir)
        .expect_err("expected route errors")
        .join("\n")
}

const GET: &str = "pub async fn GET() -> &'static str { \"ok\" }\n";

#[test]
fn finds_routes_skips_private_and_keeps_groups() {
    let dir = app(&[
        ("route.rs", GET),
        ("api/items/[slug]/route.rs", GET),
        (
            "(shop)/cart/route.rs",
            "pub async fn POST() {}\npub async fn GET() {}\n",
        ),
        ("_lib/route.rs", GET),
        ("api/notes.txt", "not a route"),
    ]);
    let files = routeway_build::scan(dir.path()).expect("scan");
    let found: Vec<_> = files.iter().map(|f| (f.pattern.as_str(), f.methods.len())).collect();
    assert_eq!(found, [("/(shop)/cart", 2), ("/api/items/[slug]", 1), ("/", 1)]);
    let code = routeway_build::build_table(dir.path()).expect("generate");
    assert!(
        code.contains(".get(route_0_shop_cart::GET).post(route_0_shop_cart::POST)"),
        "{code}"
    );
    assert!(
        code.contains("try_route(\"/api/items/[slug]\", \"app/api/items/[slug]/route.rs\""),
        "{code}"
    );
    assert!(!code.contains("_lib"), "{code}");
}

#[test]
fn same_url_through_groups_names_both_files() {
    let dir = app(&[("(a)/about/route.rs", GET), ("(b)/about/route.rs", GET)]);
    let message = errors(dir.path());
    assert!(
        message.contains("app/(a)/about/route.rs") && message.contains("app/(b)/about/route.rs"),
        "{message}"
    );
}

#[test]
fn different_param_names_at_one_position() {
    let dir = app(&[("items/[id]/route.rs", GET), ("items/[slug]/edit/route.rs", GET)]);
    let message = errors(dir.path());
    assert!(
        message.contains("`id` and `slug`") && message.contains("app/items/[id]/route.rs"),
        "{message}"
    );
}

#[test]
fn param_used_twice_and_optional_catch_all_not_last() {
    let dir = app(&[("[id]/x/[id]/route.rs", GET)]);
    assert!(errors(dir.path()).contains("`id` is used twice"));
    let dir = app(&[("docs/[[...slug]]/edit/route.rs", GET)]);
    let message = errors(dir.path());
    assert!(message.contains("must be the last segment") && message.contains("app/docs/[[...slug]]/edit/route.rs"));
}

#[test]
fn route_without_handler_and_lowercase_or_sync_exports() {
    let dir = app(&[("empty/route.rs", "pub fn helper() {}\n")]);
    assert!(errors(dir.path()).contains("app/empty/route.rs: exports no handler"));
    let dir = app(&[("lower/route.rs", "pub async fn get() {}\n")]);
    assert!(errors(dir.path()).contains("export the method in upper case: `GET`"));
    let dir = app(&[("sync/route.rs", "pub fn GET() {}\n")]);
    assert!(errors(dir.path()).contains("must be `pub async fn GET`"));
}

#[test]
fn config_values_are_checked_with_the_file_and_line() {
    let dir = app(&[(
        "a/route.rs",
        &format!("pub const DYNAMIC: &str = \"force-dinamic\";\n{GET}"),
    )]);
    let message = errors(dir.path());
    assert!(
        message.contains("app/a/route.rs:1") && message.contains("force-dinamic"),
        "{message}"
    );
    assert!(
        message.contains("auto, force-dynamic, error, force-static"),
        "{message}"
    );

    let dir = app(&[("b/route.rs", &format!("pub const REVALIDATE: i32 = -1;\n{GET}"))]);
    assert!(errors(dir.path()).contains("`REVALIDATE` must be `false`"));
    let dir = app(&[("c/route.rs", &format!("pub const RUNTIME: &str = \"deno\";\n{GET}"))]);
    assert!(errors(dir.path()).contains("nodejs, edge"));
    let dir = app(&[("d/route.rs", &format!("pub const MAX_DURATION: u32 = 0;\n{GET}"))]);
    assert!(errors(dir.path()).contains("greater than 0"));
    let dir = app(&[("e/route.rs", &format!("pub const revalidate: u32 = 5;\n{GET}"))]);
    assert!(errors(dir.path()).contains("spelled `pub const REVALIDATE`"));
    let dir = app(&[(
        "f/route.rs",
        &format!("pub const PREFERRED_REGION: &[&str] = &[];\n{GET}"),
    )]);
    assert!(errors(dir.path()).contains("list of region names"));
}

#[test]
fn valid_config_reaches_the_generated_table() {
    let route = "pub const DYNAMIC: &str = \"error\";\npub const REVALIDATE: u32 = 60;\n\
                 pub const PREFERRED_REGION: &[&str] = &[\"iad1\"];\npub const MAX_DURATION: u32 = 30;\n";
    let dir = app(&[("cfg/route.rs", &format!("{route}{GET}"))]);
    let code = routeway_build::build_table(dir.path()).expect("generate");
    assert!(code.contains("Dynamic::Error"), "{code}");
    assert!(code.contains("Revalidate::Seconds(route_0_cfg::REVALIDATE)"), "{code}");
    assert!(code.contains("PreferredRegion::Regions(&[\"iad1\"])"), "{code}");
    assert!(code.contains(".max_duration(30)"), "{code}");
    assert!(code.contains("reads_request(&route_0_cfg::GET)"), "{code}");
}

#[test]
fn syntax_errors_point_at_the_line() {
    let dir = app(&[("broken/route.rs", "pub async fn GET( {\n")]);
    assert!(errors(dir.path()).starts_with("app/broken/route.rs:1:"));
}

#[test]
fn missing_app_folder_says_what_to_create() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(errors(&dir.path().join("app")).contains("no app/ folder"));
}

#[test]
fn handlers_re_exported_from_elsewhere_count_and_globs_are_refused() {
    let dir = app(&[(
        "hello/route.rs",
        "pub use crate::handlers::hello as GET;\npub use crate::handlers::shared::{POST, PUT as PUT};\n",
    )]);
    let files = routeway_build::scan(dir.path()).expect("scan");
    let methods: Vec<_> = files[0].methods.iter().map(|m| m.as_str()).collect();
    assert_eq!(methods, ["GET", "POST", "PUT"]);
    let dir = app(&[("glob/route.rs", "pub use crate::handlers::hello::*;\n")]);
    assert!(errors(dir.path()).contains("app/glob/route.rs:1: `pub use ...::*`"));
}

#[test]
fn static_params_reach_the_table_and_dynamic_params_false_needs_them() {
    let listed = "pub const DYNAMIC_PARAMS: bool = false;\npub fn static_params() -> Vec<u8> { vec![] }\n";
    let dir = app(&[("items/[id]/route.rs", &format!("{GET}{listed}"))]);
    let code = routeway_build::build_table(dir.path()).expect("generate");
    assert!(
        code.contains(".static_params(route_0_items_id::static_params())"),
        "{code}"
    );

    let dir = app(&[(
        "items/[id]/route.rs",
        &format!("{GET}pub const DYNAMIC_PARAMS: bool = false;\n"),
    )]);
    let message = errors(dir.path());
    assert!(
        message.contains("app/items/[id]/route.rs") && message.contains("pub fn static_params()"),
        "{message}"
    );

    let dir = app(&[(
        "about/route.rs",
        &format!("{GET}pub fn static_params() -> Vec<u8> {{ vec![] }}\n"),
    )]);
    assert!(errors(dir.path()).contains("no dynamic segment"));

    let dir = app(&[(
        "[id]/route.rs",
        &format!("{GET}pub async fn static_params() -> Vec<u8> {{ vec![] }}\n"),
    )]);
    let message = errors(dir.path());
    assert!(
        message.contains("app/[id]/route.rs:2") && message.contains("not `async`"),
        "{message}"
    );
}

#[test]
fn handlers_reading_the_body_twice_are_errors_naming_the_line() {
    let dir = app(&[(
        "orders/route.rs",
        "use routeway::prelude::*;\n\
         pub async fn POST(\n    Json(order): Json<Order>,\n    note: String,\n) -> String { note }\n\
         pub async fn PUT(a: Request, b: routeway::Request) {}\n\
         pub async fn PATCH(req: Request, Json(order): Json<Order>) {}\n",
    )]);
    let errors = errors(dir.path());
    assert!(
        errors.contains("app/orders/route.rs:4: `POST` reads the request body in two arguments (`Json` and `String`)"),
        "{errors}"
    );
    assert!(
        errors.contains("app/orders/route.rs:6: `PUT` takes `Request` twice"),
        "{errors}"
    );
    assert!(!errors.contains("PATCH"), "{errors}");
}
