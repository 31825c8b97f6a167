//! One `route.rs`: the methods it exports and its segment config, read with `syn` and validated.

use std::path::{Path, PathBuf};

use routeway::config::{Dynamic, FetchCache, PreferredRegion, Runtime};
use routeway::router::RouteMethod;
use syn::{Expr, ExprLit, Item, Lit, Type, UseTree, Visibility};

/// A scanned route file.
#[derive(Debug, Clone)]
pub struct RouteFile {
    /// Absolute path, for `#[path]`.
    pub path: PathBuf,
    /// Path as shown in messages: `app/api/items/[slug]/route.rs`.
    pub display_path: String,
    /// The URL pattern, route groups included (the router strips them).
    pub pattern: String,
    /// Exported methods, in `Allow` order.
    pub methods: Vec<RouteMethod>,
    /// Segment config found in the file.
    pub config: ConfigValues,
    /// Whether the file exports `pub fn static_params()` (Next's `generateStaticParams`).
    pub static_params: bool,
    /// What is allowed but will misbehave on some target, shown as `cargo:warning`s.
    pub warnings: Vec<String>,
}

/// Segment config values read from a route file; `None` where the file keeps Next's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigValues {
    /// `DYNAMIC`.
    pub dynamic: Option<Dynamic>,
    /// `DYNAMIC_PARAMS`.
    pub dynamic_params: Option<bool>,
    /// `REVALIDATE`: `Some(false)` for `false`, `Some(true)` for a number of seconds (read from the const).
    pub revalidate: Option<bool>,
    /// `FETCH_CACHE`.
    pub fetch_cache: Option<FetchCache>,
    /// `RUNTIME`.
    pub runtime: Option<Runtime>,
    /// `PREFERRED_REGION`: a keyword or the list of regions.
    pub preferred_region: Option<Result<PreferredRegion, Vec<String>>>,
    /// `MAX_DURATION`.
    pub max_duration: Option<u32>,
}

/// Warnings for `std::time` clocks in a route file: `SystemTime::now()` and `Instant::now()` compile
/// for wasm32 and panic there (Cloudflare Workers), while `routeway::time` works on every target.
pub fn wasm_time_warnings(text: &str, file: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = line.split("//").next().unwrap_or_default();
            code.contains("std::time::") && (code.contains("SystemTime") || code.contains("Instant"))
        })
        .map(|(index, _)| {
            format!(
                "{file}:{}: std::time's SystemTime/Instant panic on wasm32 (Cloudflare Workers); \
                 use routeway::time::{{SystemTime, Instant}}, which work on every target",
                index + 1
            )
        })
        .collect()
}

const CONFIG_NAMES: [&str; 7] = [
    "DYNAMIC",
    "DYNAMIC_PARAMS",
    "REVALIDATE",
    "FETCH_CACHE",
    "RUNTIME",
    "PREFERRED_REGION",
    "MAX_DURATION",
];

impl RouteFile {
    /// Reads and validates `path` (inside `app_dir`).
    pub fn read(app_dir: &Path, path: &Path) -> Result<Self, Vec<String>> {
        let relative = path.strip_prefix(app_dir).unwrap_or(path);
        let display_path = format!("app/{}", relative.display()).replace('\\', "/");
        let folder = relative
            .parent()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let pattern = format!("/{folder}");
        let text = std::fs::read_to_string(path).map_err(|e| vec![format!("{display_path}: cannot read: {e}")])?;
        let syntax = syn::parse_file(&text).map_err(|e| {
            let start = e.span().start();
            vec![format!("{display_path}:{}:{}: {e}", start.line, start.column + 1)]
        })?;
        let mut errors = Vec::new();
        let mut methods = Vec::new();
        let mut config = ConfigValues::default();
        let mut static_params = false;
        for item in &syntax.items {
            match item {
                Item::Fn(function) if function.sig.ident == "static_params" => {
                    static_params = check_static_params(function, &display_path, &mut errors)
                }
                Item::Fn(function) => check_fn(function, &display_path, &mut methods, &mut errors),
                Item::Const(constant) => read_const(constant, &display_path, &mut config, &mut errors),
                Item::Use(item) if matches!(item.vis, Visibility::Public(_)) => {
                    static_params |= exports_static_params(&item.tree);
                    check_use(&item.tree, &display_path, &mut methods, &mut errors)
                }
                _ => {}
            }
        }
        methods.sort();
        methods.dedup();
        if methods.is_empty() && errors.is_empty() {
            errors.push(format!(
                "{display_path}: exports no handler; add at least one of `pub async fn GET`, `POST`, `PUT`, \
                 `PATCH`, `DELETE`, `HEAD` or `OPTIONS`"
            ));
        }
        check_params_config(&pattern, &display_path, &config, static_params, &mut errors);
        if errors.is_empty() {
            Ok(Self {
                static_params,
                warnings: wasm_time_warnings(&text, &display_path),
                path: path.to_path_buf(),
                display_path,
                pattern,
                methods,
                config,
            })
        } else {
            Err(errors)
        }
    }
}

/// `pub fn static_params() -> impl IntoIterator<Item = T>` with `T: Serialize`: called once at
/// startup, so it is a plain function.
fn check_static_params(function: &syn::ItemFn, file: &str, errors: &mut Vec<String>) -> bool {
    let line = function.sig.ident.span().start().line;
    let problem = if !matches!(function.vis, Visibility::Public(_)) {
        Some("`fn static_params` must be `pub`")
    } else if function.sig.asyncness.is_some() {
        Some("`static_params` runs once at startup and must be a plain `pub fn`, not `async`")
    } else if !function.sig.inputs.is_empty() {
        Some("`static_params` takes no arguments")
    } else {
        None
    };
    match problem {
        Some(problem) => {
            errors.push(format!("{file}:{line}: {problem}"));
            false
        }
        None => true,
    }
}

/// Whether a `pub use` exports `static_params` (defined in another module).
fn exports_static_params(tree: &UseTree) -> bool {
    match tree {
        UseTree::Path(path) => exports_static_params(&path.tree),
        UseTree::Name(name) => name.ident == "static_params",
        UseTree::Rename(rename) => rename.rename == "static_params",
        UseTree::Group(group) => group.items.iter().any(exports_static_params),
        UseTree::Glob(_) => false,
    }
}

/// `static_params` needs a dynamic segment to list, and `DYNAMIC_PARAMS = false` needs the list.
fn check_params_config(pattern: &str, file: &str, config: &ConfigValues, listed: bool, errors: &mut Vec<String>) {
    let dynamic = pattern.split('/').any(|segment| segment.starts_with('['));
    if listed && !dynamic {
        errors.push(format!(
            "{file}: `static_params` lists params, but the route has no dynamic segment (`[name]`) to list"
        ));
    }
    if config.dynamic_params == Some(false) && dynamic && !listed {
        errors.push(format!(
            "{file}: `DYNAMIC_PARAMS = false` answers 404 for every params not listed; add \
             `pub fn static_params() -> Vec<T>` (T: Serialize, e.g. a struct with the param fields) listing \
             the ones that exist"
        ));
    }
}

fn check_fn(function: &syn::ItemFn, file: &str, methods: &mut Vec<RouteMethod>, errors: &mut Vec<String>) {
    let name = function.sig.ident.to_string();
    let line = function.sig.ident.span().start().line;
    let is_pub = matches!(function.vis, Visibility::Public(_));
    if let Some(method) = RouteMethod::parse(&name) {
        if !is_pub {
            errors.push(format!(
                "{file}:{line}: `fn {name}` must be `pub` to handle {name} requests"
            ));
        } else if function.sig.asyncness.is_none() {
            errors.push(format!("{file}:{line}: `pub fn {name}` must be `pub async fn {name}`"));
        } else {
            check_arguments(function, file, &name, errors);
            methods.push(method);
        }
    } else if is_pub && RouteMethod::parse(&name.to_ascii_uppercase()).is_some() {
        errors.push(format!(
            "{file}:{line}: `{name}` is not a handler name; export the method in upper case: `{}`",
            name.to_ascii_uppercase()
        ));
    }
}

/// Handler arguments that read the request body (the type names as written).
const BODY_ARGUMENTS: [&str; 5] = ["Json", "Form", "FormData", "Bytes", "String"];

/// Two arguments that read the body, or two `Request`s, can never work. The `Handler` impl refuses
/// them as well, but only once the crate is built; this runs under `cargo check` too and names the
/// line. Types are read by name, so an alias gets through here and is caught by the impl.
fn check_arguments(function: &syn::ItemFn, file: &str, name: &str, errors: &mut Vec<String>) {
    let arguments: Vec<(String, usize)> = function
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match &*typed.ty {
                Type::Path(path) => path
                    .path
                    .segments
                    .last()
                    .map(|segment| (segment.ident.to_string(), segment.ident.span().start().line)),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let mut bodies = arguments.iter().filter(|(ty, _)| BODY_ARGUMENTS.contains(&ty.as_str()));
    if let (Some((first, _)), Some((second, line))) = (bodies.next(), bodies.next()) {
        errors.push(format!(
            "{file}:{line}: `{name}` reads the request body in two arguments (`{first}` and `{second}`), but a \
             body can be read once; keep one of them"
        ));
    }
    if let Some((_, line)) = arguments.iter().filter(|(ty, _)| ty == "Request").nth(1) {
        errors.push(format!(
            "{file}:{line}: `{name}` takes `Request` twice; one `Request` argument has everything"
        ));
    }
}

/// `pub use crate::handlers::hello as GET;` or `pub use crate::handlers::hello::{GET, POST};` export
/// handlers defined elsewhere (Next's `export * from`); a glob cannot be read, so it is an error.
fn check_use(tree: &UseTree, file: &str, methods: &mut Vec<RouteMethod>, errors: &mut Vec<String>) {
    match tree {
        UseTree::Path(path) => check_use(&path.tree, file, methods, errors),
        UseTree::Name(name) => methods.extend(RouteMethod::parse(&name.ident.to_string())),
        UseTree::Rename(rename) => methods.extend(RouteMethod::parse(&rename.rename.to_string())),
        UseTree::Group(group) => group
            .items
            .iter()
            .for_each(|item| check_use(item, file, methods, errors)),
        UseTree::Glob(glob) => errors.push(format!(
            "{file}:{}: `pub use ...::*` hides which methods the route serves; name them, e.g. \
             `pub use crate::handlers::hello::{{GET, POST}};`",
            glob.star_token.span.start().line
        )),
    }
}

fn read_const(constant: &syn::ItemConst, file: &str, config: &mut ConfigValues, errors: &mut Vec<String>) {
    let name = constant.ident.to_string();
    let line = constant.ident.span().start().line;
    let at = format!("{file}:{line}");
    if !CONFIG_NAMES.contains(&name.as_str()) {
        let upper = name.to_ascii_uppercase();
        let snake = to_snake_upper(&name);
        if let Some(known) = CONFIG_NAMES.iter().find(|known| **known == upper || **known == snake) {
            errors.push(format!(
                "{at}: segment config is spelled `pub const {known}`, not `{name}`"
            ));
        }
        return;
    }
    if !matches!(constant.vis, Visibility::Public(_)) {
        errors.push(format!(
            "{at}: `const {name}` must be `pub const {name}` to configure the route"
        ));
        return;
    }
    let value = &*constant.expr;
    let result = match name.as_str() {
        "DYNAMIC" => str_choice(
            value,
            &constant.ty,
            Dynamic::parse,
            "auto, force-dynamic, error, force-static",
        )
        .map(|v| config.dynamic = Some(v)),
        "FETCH_CACHE" => str_choice(
            value,
            &constant.ty,
            FetchCache::parse,
            "auto, default-cache, only-cache, force-cache, force-no-store, default-no-store, only-no-store",
        )
        .map(|v| config.fetch_cache = Some(v)),
        "RUNTIME" => str_choice(value, &constant.ty, Runtime::parse, "nodejs, edge").map(|v| config.runtime = Some(v)),
        "DYNAMIC_PARAMS" => match literal(value) {
            Some(Lit::Bool(flag)) => {
                config.dynamic_params = Some(flag.value);
                Ok(())
            }
            _ => Err("must be `true` or `false`".to_owned()),
        },
        "REVALIDATE" => revalidate(value, &constant.ty).map(|v| config.revalidate = Some(v)),
        "MAX_DURATION" => match literal(value) {
            Some(Lit::Int(int)) if int.base10_parse::<u32>().is_ok_and(|seconds| seconds > 0) => {
                config.max_duration = int.base10_parse().ok();
                Ok(())
            }
            _ => Err(
                "must be a whole number of seconds greater than 0, e.g. `pub const MAX_DURATION: u32 = 30;`".to_owned(),
            ),
        },
        "PREFERRED_REGION" => preferred_region(value).map(|v| config.preferred_region = Some(v)),
        _ => Ok(()),
    };
    if let Err(problem) = result {
        errors.push(format!("{at}: `{name}` {problem}"));
    }
}

fn literal(expr: &Expr) -> Option<&Lit> {
    match expr {
        Expr::Lit(ExprLit { lit, .. }) => Some(lit),
        Expr::Group(group) => literal(&group.expr),
        Expr::Paren(paren) => literal(&paren.expr),
        _ => None,
    }
}

fn is_str_type(ty: &Type) -> bool {
    matches!(ty, Type::Reference(reference) if matches!(&*reference.elem, Type::Path(p) if p.path.is_ident("str")))
}

fn str_choice<T>(expr: &Expr, ty: &Type, parse: fn(&str) -> Option<T>, allowed: &str) -> Result<T, String> {
    match literal(expr) {
        Some(Lit::Str(text)) if is_str_type(ty) => {
            parse(&text.value()).ok_or_else(|| format!("= \"{}\" is not one of: {allowed}", text.value()))
        }
        _ => Err(format!("must be a `&str` literal, one of: {allowed}")),
    }
}

/// `Ok(false)` for `false`, `Ok(true)` for seconds (the generated code reads the `u32` const itself).
fn revalidate(expr: &Expr, ty: &Type) -> Result<bool, String> {
    const HINT: &str = "must be `false` (cache until the next deploy), `0` (never cache) or a number of seconds \
                        declared as `u32`, e.g. `pub const REVALIDATE: u32 = 60;`";
    let is_type = |name: &str| matches!(ty, Type::Path(p) if p.path.is_ident(name));
    match literal(expr) {
        Some(Lit::Bool(flag)) if !flag.value && is_type("bool") => Ok(false),
        Some(Lit::Int(int)) if int.base10_parse::<u32>().is_ok() && is_type("u32") => Ok(true),
        None if is_type("u32") => Ok(true),
        _ => Err(HINT.to_owned()),
    }
}

fn preferred_region(expr: &Expr) -> Result<Result<PreferredRegion, Vec<String>>, String> {
    const HINT: &str = "must be \"auto\", \"global\", \"home\" or a list of region names like `&[\"iad1\", \"fra1\"]`";
    if let Some(Lit::Str(text)) = literal(expr) {
        return PreferredRegion::parse_keyword(&text.value())
            .map(Ok)
            .ok_or_else(|| HINT.to_owned());
    }
    let array = match expr {
        Expr::Reference(reference) => match &*reference.expr {
            Expr::Array(array) => array,
            _ => return Err(HINT.to_owned()),
        },
        _ => return Err(HINT.to_owned()),
    };
    let mut regions = Vec::new();
    for element in &array.elems {
        match literal(element) {
            Some(Lit::Str(text)) if !text.value().is_empty() => regions.push(text.value()),
            _ => return Err(HINT.to_owned()),
        }
    }
    if regions.is_empty() {
        return Err(HINT.to_owned());
    }
    Ok(Err(regions))
}

fn to_snake_upper(name: &str) -> String {
    let mut out = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && index > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wasm_time_warnings;

    #[test]
    fn std_clocks_in_route_files_are_flagged_with_their_line() {
        let text = "use std::time::Duration;\nuse std::time::{SystemTime, UNIX_EPOCH};\n\
                    // std::time::Instant in a comment\nlet t = routeway::time::Instant::now();\n";
        let warnings = wasm_time_warnings(text, "app/route.rs");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("app/route.rs:2: "), "{}", warnings[0]);
    }
}
