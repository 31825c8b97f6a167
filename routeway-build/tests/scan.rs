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
    let methods: Vec<_> = files[0].methods.iter().map(|(m, _)| m.as_str()).collect();
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

#[test]
fn percent_encoded_folders_are_decoded_and_not_private() {
    let dir = app(&[
        ("%5Fadmin/route.rs", GET),
        ("_admin/route.rs", GET),
        ("files/a%2Fb/route.rs", GET),
    ]);
    let files = routeway_build::scan(dir.path()).expect("scan");
    let mut table = routeway::router::RouteTable::new();
    for file in &files {
        table
            .insert(&file.pattern, &file.display_path, file.display_path.clone())
            .expect("insert");
    }
    let route_of = |path: &str| table.find(path).map(|found| found.value.clone());
    assert_eq!(route_of("/_admin").as_deref(), Some("app/%5Fadmin/route.rs"));
    assert_eq!(route_of("/%5Fadmin").as_deref(), Some("app/%5Fadmin/route.rs"));
    assert_eq!(route_of("/files/a%2Fb").as_deref(), Some("app/files/a%2Fb/route.rs"));
    assert_eq!(route_of("/files/a/b"), None);
    assert_eq!(files.len(), 2, "app/_admin stays private");

    let dir = app(&[("100%/route.rs", GET), ("%FF/route.rs", GET)]);
    let message = errors(dir.path());
    assert!(
        message.contains("app/100%/route.rs: the folder `100%` is not valid percent-encoding"),
        "{message}"
    );
    assert!(
        message.contains("app/%FF/route.rs: the folder `%FF` is not valid percent-encoding"),
        "{message}"
    );
}

#[test]
fn parallel_and_intercepting_folders_are_errors_naming_them() {
    let dir = app(&[("@modal/api/route.rs", GET), ("feed/(..)photo/route.rs", GET)]);
    let message = errors(dir.path());
    assert!(
        message.contains("app/@modal/api/route.rs: the folder `@modal` is a parallel-route slot"),
        "{message}"
    );
    assert!(
        message.contains("app/feed/(..)photo/route.rs: the folder `(..)photo` is an intercepting route"),
        "{message}"
    );
    assert!(
        message.contains("do not support parallel or intercepting routes"),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_folder_names_are_errors_naming_the_folder() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(&folder).expect("create a non-UTF-8 folder");
    std::fs::write(folder.join("route.rs"), GET).expect("write route file");
    let message = errors(dir.path());
    assert!(
        message.contains("app/caf\u{FFFD}/route.rs: the folder name `caf\u{FFFD}` is not UTF-8"),
        "{message}"
    );
}

#[test]
fn cfg_on_handlers_and_config_reaches_the_registration() {
    let route = "#[cfg(not(target_arch = \"wasm32\"))]\npub async fn POST() {}\n\
                 #[cfg(feature = \"slow\")]\npub const DYNAMIC: &str = \"error\";\n\
                 #[cfg(not(feature = \"slow\"))]\npub const DYNAMIC: &str = \"force-static\";\n";
    let dir = app(&[
        ("mixed/route.rs", &format!("{GET}{route}")),
        ("unix/route.rs", "#[cfg(unix)]\npub async fn GET() {}\n"),
    ]);
    let code = routeway_build::build_table(dir.path()).expect("generate");
    syn::parse_file(&code).expect("the generated code parses");
    let expected = [
        "let route = ::routeway::Route::new().get(route_0_mixed::GET);\n",
        "#[cfg(not (target_arch = \"wasm32\"))]\n        let route = route.post(route_0_mixed::POST);\n",
        "let config = ::routeway::config::RouteConfig::new();\n",
        "#[cfg(feature = \"slow\")]\n        let config = config.dynamic(::routeway::config::Dynamic::Error);\n",
        "#[cfg(not (feature = \"slow\"))]\n        let config = config.dynamic(::routeway::config::Dynamic::ForceStatic);\n",
        "#[cfg(feature = \"slow\")]\nconst _: &str = route_0_mixed::DYNAMIC;\n",
        "#[cfg(feature = \"slow\")]\nconst _: () = assert!(!::routeway::handler::reads_request(&route_0_mixed::GET)",
        "    #[cfg(unix)]\n    let app = {\n        let route = ::routeway::Route::new();\n        #[cfg(unix)]\n",
    ];
    for expected in expected {
        assert!(code.contains(expected), "{expected}\nnot in:\n{code}");
    }
}

#[test]
fn config_that_is_not_a_literal_pub_const_is_an_error() {
    let dir = app(&[
        (
            "reexport/route.rs",
            &format!("pub use crate::shared::{{DYNAMIC, REVALIDATE as REVALIDATE}};\n{GET}"),
        ),
        (
            "static/route.rs",
            &format!("{GET}pub static DYNAMIC: &str = \"force-dynamic\";\n"),
        ),
    ]);
    let message = errors(dir.path());
    for (at, name, how) in [
        ("app/reexport/route.rs:1", "DYNAMIC", "re-exported with `pub use`"),
        ("app/reexport/route.rs:1", "REVALIDATE", "re-exported with `pub use`"),
        ("app/static/route.rs:2", "DYNAMIC", "a `static`"),
    ] {
        let expected = format!("{at}: `{name}` is {how}, which the build cannot read");
        assert!(message.contains(&expected), "{expected}\nnot in:\n{message}");
    }
    assert!(
        message.contains("declare `pub const DYNAMIC` with a literal in the route file"),
        "{message}"
    );
}

#[test]
fn config_types_are_checked_against_the_route_file() {
    let dir = app(&[
        ("a/route.rs", &format!("{GET}pub const MAX_DURATION: u64 = 60;\n")),
        (
            "b/route.rs",
            &format!("{GET}pub const RUNTIME: String = String::new();\n"),
        ),
    ]);
    let message = errors(dir.path());
    for expected in [
        "app/a/route.rs:2: `MAX_DURATION` is declared as `u64`, but must be `u32`, e.g. `pub const MAX_DURATION: u32 = 30;`",
        "app/b/route.rs:2: `RUNTIME` is declared as `String`, but must be `&str`",
    ] {
        assert!(message.contains(expected), "{expected}\nnot in:\n{message}");
    }

    let route = "pub const DYNAMIC: &'static str = \"auto\";\npub const PREFERRED_REGION: &[&str; 1] = &[\"iad1\"];\n";
    let dir = app(&[("ok/route.rs", &format!("{GET}{route}"))]);
    routeway_build::build_table(dir.path()).expect("these declarations are accepted");

    // One region by name, as Next.js' `string | string[]` allows; an empty name is still an error.
    let dir = app(&[(
        "one/route.rs",
        &format!("{GET}pub const PREFERRED_REGION: &str = \"fra1\";\n"),
    )]);
    let code = routeway_build::build_table(dir.path()).expect("one region is accepted");
    assert!(code.contains("PreferredRegion::Regions(&[\"fra1\"])"), "{code}");
    for mistaken in ["", "Global", "auto ", "iad1,fra1", "iad1 fra1"] {
        let route = format!("{GET}pub const PREFERRED_REGION: &str = {mistaken:?};\n");
        let dir = app(&[("mistaken/route.rs", &route)]);
        assert!(errors(dir.path()).contains("a region name like"), "{mistaken:?}");
    }
}

#[test]
fn generic_and_impl_trait_handlers_are_errors_naming_the_line() {
    let dir = app(&[(
        "g/route.rs",
        "use routeway::prelude::*;\n\
         pub async fn GET<P: serde::de::DeserializeOwned>(ctx: Context<P>) {}\n\
         pub async fn POST(\n    body: Option<impl Into<String>>,\n) {}\n\
         pub async fn PUT<'a>() {}\n",
    )]);
    let message = errors(dir.path());
    assert!(
        message.contains("app/g/route.rs:2: `GET` is generic (`GET<P: serde::de::DeserializeOwned>`)"),
        "{message}"
    );
    assert!(
        message
            .contains("app/g/route.rs:4: `POST` takes `impl Trait` in the argument `body: Option<impl Into<String>>`"),
        "{message}"
    );
    assert!(!message.contains("PUT"), "{message}");
}

#[test]
fn raw_identifiers_name_handlers_and_config() {
    let route = "pub async fn r#GET() {}\npub use crate::h::r#POST;\npub const r#MAX_DURATION: u32 = 5;\n";
    let dir = app(&[("raw/route.rs", route)]);
    let files = routeway_build::scan(dir.path()).expect("scan");
    let methods: Vec<_> = files[0].methods.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(methods, ["GET", "POST"]);
    assert_eq!(files[0].config.max_duration, Some(5));
}

#[test]
fn a_private_static_named_like_config_is_left_alone() {
    let route = format!("{GET}static RUNTIME: std::sync::OnceLock<u8> = std::sync::OnceLock::new();\n");
    let dir = app(&[("private/route.rs", &route)]);
    routeway_build::build_table(dir.path()).expect("a private static exports nothing");
}

#[test]
fn static_params_under_a_cfg_dynamic_params_is_not_under_is_an_error() {
    let route = format!(
        "{GET}pub const DYNAMIC_PARAMS: bool = false;\n#[cfg(feature = \"seed\")]\npub fn static_params() -> Vec<String> {{ vec![] }}\n"
    );
    let dir = app(&[("[id]/route.rs", &route)]);
    let message = errors(dir.path());
    assert!(
        message.contains(
            "app/[id]/route.rs: `static_params` is under a #[cfg] that `DYNAMIC_PARAMS = false` is not under"
        ),
        "{message}"
    );
    let same = format!(
        "{GET}#[cfg(feature = \"seed\")]\npub const DYNAMIC_PARAMS: bool = false;\n#[cfg(feature = \"seed\")]\npub fn static_params() -> Vec<String> {{ vec![] }}\n"
    );
    let dir = app(&[("[id]/route.rs", &same)]);
    routeway_build::build_table(dir.path()).expect("both under the same cfg");
}

#[test]
fn a_file_level_cfg_is_an_error_naming_the_file() {
    let dir = app(&[("admin/route.rs", &format!("#![cfg(feature = \"admin\")]\n{GET}"))]);
    let message = errors(dir.path());
    assert!(
        message.contains("app/admin/route.rs: a file-level #![cfg(..)] is not supported"),
        "{message}"
    );
}

#[test]
fn the_programmatic_router_takes_at_signs_literally_but_folders_do_not() {
    let dir = app(&[("users/@me/route.rs", GET)]);
    assert!(errors(dir.path()).contains("is a parallel-route slot"));
    let app = routeway::App::new().route("/users/@me", routeway::get(|| async { "me" }));
    assert!(app.routes().any(|info| info.pattern.to_string() == "/users/@me"));
}

#[cfg(unix)]
#[test]
fn a_backslash_is_part_of_a_folder_name_on_unix() {
    let dir = app(&[("a\\b/route.rs", GET)]);
    let code = routeway_build::build_table(dir.path()).expect("generate");
    assert!(code.contains(r#""/a\\b""#), "one segment `a\\b`, not `/a/b`: {code}");
    assert!(!code.contains(r#""/a/b""#), "{code}");
}

#[test]
fn braces_in_a_folder_name_stay_literal_in_the_generated_checks() {
    let route = format!("pub const DYNAMIC: &str = \"error\";\n{GET}");
    let dir = app(&[("users/{id}/route.rs", &route)]);
    let code = routeway_build::build_table(dir.path()).expect("generate");
    let check = code
        .lines()
        .find(|line| line.contains("reads_request"))
        .expect("the DYNAMIC = \"error\" check");
    assert!(check.contains("app/users/{{id}}/route.rs"), "{check}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_back_up_the_tree_is_an_error_naming_it() {
    let dir = app(&[("docs/route.rs", GET)]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("docs/loop")).expect("symlink");
    let message = errors(dir.path());
    assert!(
        message.contains("docs/loop: a symbolic link leads back to") && message.contains("remove the link"),
        "{message}"
    );
    // A link to a folder elsewhere in the tree is no loop: its routes are served at both URLs.
    let dir = app(&[("real/route.rs", GET)]);
    std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("alias")).expect("symlink");
    let code = routeway_build::build_table(dir.path()).expect("generate");
    assert!(code.contains(r#""/alias""#) && code.contains(r#""/real""#), "{code}");
}

#[test]
fn generate_from_with_a_relative_app_folder_writes_absolute_paths() {
    // Relative to the test's working folder (the package root), as a build script would pass it.
    let dir = tempfile::tempdir_in(".").expect("temp dir in the package folder");
    let relative = Path::new(dir.path().file_name().expect("a name")).join("app");
    std::fs::create_dir_all(relative.join("hello")).expect("create folders");
    std::fs::write(relative.join("hello/route.rs"), GET).expect("write route file");
    let output = dir.path().join("routes.rs");
    routeway_build::generate_from(&relative, &output);
    let code = std::fs::read_to_string(&output).expect("the generated table");
    let absolute = std::path::absolute(&relative).expect("the app folder");
    assert!(
        code.contains(&format!("{:?}", absolute.join("hello/route.rs").display().to_string())),
        "{code}"
    );
}
