//! One `route.rs`: the methods it exports and its segment config, read with `syn` and validated.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use routeway::router::RouteMethod;
use syn::ext::IdentExt;
use syn::{Item, UseTree, Visibility};

use crate::cfg::Cfg;
use crate::handler_fn::check_fn;
use crate::segment_config::{not_a_const, read_const, ConfigValues};

/// A scanned route file.
#[derive(Debug, Clone)]
pub struct RouteFile {
    /// Absolute path, for `#[path]`.
    pub path: PathBuf,
    /// Path as shown in messages: `app/api/items/[slug]/route.rs`.
    pub display_path: String,
    /// The URL pattern as the folders spell it, route groups and percent-encoding included (the
    /// router strips and decodes them).
    pub pattern: String,
    /// Exported methods, in `Allow` order, each with where it exists (its `#[cfg]`).
    pub methods: Vec<(RouteMethod, Cfg)>,
    /// Segment config the file declares without `#[cfg]`.
    pub config: ConfigValues,
    /// Segment config declared under `#[cfg]`: one entry per const, holding that const's value.
    pub cfg_config: Vec<(Cfg, ConfigValues)>,
    /// Where the file exports `pub fn static_params()` (Next's `generateStaticParams`), if it does.
    pub static_params: Option<Cfg>,
    /// What is allowed but will misbehave on some target, shown as `cargo:warning`s.
    pub warnings: Vec<String>,
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

/// What the items of a route file export, each with its `#[cfg]`.
#[derive(Default)]
struct Exports {
    methods: Vec<(RouteMethod, Cfg)>,
    static_params: Vec<Cfg>,
    config: ConfigValues,
    cfg_config: Vec<(Cfg, ConfigValues)>,
}

impl RouteFile {
    /// Reads and validates `path` (inside `app_dir`).
    pub fn read(app_dir: &Path, path: &Path) -> Result<Self, Vec<String>> {
        let relative = path.strip_prefix(app_dir).unwrap_or(path);
        let display_path = format!("app/{}", slash_joined(relative));
        check_utf8_path(relative, path, &display_path)?;
        // Joined by component, not by replacing `\`: on Unix that is a character of a folder's name.
        let folder = relative.parent().map(slash_joined).unwrap_or_default();
        let pattern = format!("/{folder}");
        let text = std::fs::read_to_string(path).map_err(|e| vec![format!("{display_path}: cannot read: {e}")])?;
        let syntax = syn::parse_file(&text).map_err(|e| {
            let start = e.span().start();
            vec![format!("{display_path}:{}:{}: {e}", start.line, start.column + 1)]
        })?;
        let mut errors = Vec::new();
        if !Cfg::of(&syntax.attrs).is_always() {
            errors.push(format!(
                "{display_path}: a file-level #![cfg(..)] is not supported in a route file; put #[cfg(..)] on \
                 its handlers and config consts instead"
            ));
        }
        let mut exports = Exports::default();
        for item in &syntax.items {
            read_item(item, &display_path, &mut exports, &mut errors);
        }
        let mut methods: BTreeMap<RouteMethod, Vec<Cfg>> = BTreeMap::new();
        for (method, cfg) in exports.methods {
            methods.entry(method).or_default().push(cfg);
        }
        if methods.is_empty() && errors.is_empty() {
            errors.push(format!(
                "{display_path}: exports no handler; add at least one of `pub async fn GET`, `POST`, `PUT`, \
                 `PATCH`, `DELETE`, `HEAD` or `OPTIONS`"
            ));
        }
        let static_params = (!exports.static_params.is_empty()).then(|| Cfg::any(&exports.static_params));
        let file = Self {
            warnings: wasm_time_warnings(&text, &display_path),
            path: path.to_path_buf(),
            display_path,
            pattern,
            methods: methods
                .into_iter()
                .map(|(method, cfgs)| (method, Cfg::any(&cfgs)))
                .collect(),
            config: exports.config,
            cfg_config: exports.cfg_config,
            static_params,
        };
        file.check_params_config(&mut errors);
        if errors.is_empty() {
            Ok(file)
        } else {
            Err(errors)
        }
    }

    /// Every config entry with where it holds: the unconditional values first.
    pub fn configs(&self) -> impl Iterator<Item = (Cfg, &ConfigValues)> {
        std::iter::once((Cfg::default(), &self.config))
            .chain(self.cfg_config.iter().map(|(cfg, values)| (cfg.clone(), values)))
    }

    /// Where the route exists: where any of its methods does.
    pub fn cfg(&self) -> Cfg {
        Cfg::any(self.methods.iter().map(|(_, cfg)| cfg))
    }

    /// `static_params` needs a dynamic segment to list, and `DYNAMIC_PARAMS = false` needs the list.
    fn check_params_config(&self, errors: &mut Vec<String>) {
        let file = &self.display_path;
        let dynamic = self.pattern.split('/').any(|segment| segment.starts_with('['));
        let listed = self.static_params.is_some();
        if listed && !dynamic {
            errors.push(format!(
                "{file}: `static_params` lists params, but the route has no dynamic segment (`[name]`) to list"
            ));
        }
        let unlisted = self
            .configs()
            .find(|(_, config)| config.dynamic_params == Some(false))
            .map(|(cfg, _)| cfg);
        if let (Some(unlisted), Some(listed)) = (&unlisted, &self.static_params) {
            if !listed.is_always() && listed != unlisted {
                errors.push(format!(
                    "{file}: `static_params` is under a #[cfg] that `DYNAMIC_PARAMS = false` is not under, so a \
                     build without it would answer 404 for every params; give both the same #[cfg], or none"
                ));
            }
        }
        if unlisted.is_some() && dynamic && !listed {
            errors.push(format!(
                "{file}: `DYNAMIC_PARAMS = false` answers 404 for every params not listed; add \
                 `pub fn static_params() -> Vec<T>` (T: Serialize, e.g. a struct with the param fields) listing \
                 the ones that exist"
            ));
        }
    }
}

/// The generated `#[path = "..."]` names the file as text, so every folder name must be UTF-8 (a lossy
/// name would point at a file that does not exist).
fn check_utf8_path(relative: &Path, path: &Path, display_path: &str) -> Result<(), Vec<String>> {
    if let Some(folder) = relative.components().find(|part| part.as_os_str().to_str().is_none()) {
        return Err(vec![format!(
            "{display_path}: the folder name `{}` is not UTF-8; rename the folder with UTF-8 characters (URL \
             segments are UTF-8 text, percent-encoded where needed)",
            folder.as_os_str().to_string_lossy()
        )]);
    }
    if path.to_str().is_none() {
        return Err(vec![format!(
            "{display_path}: the path `{}` is not UTF-8, and the generated `#[path]` must name the file as text; \
             move the project to a folder whose path is UTF-8",
            path.display()
        )]);
    }
    Ok(())
}

fn read_item(item: &Item, file: &str, exports: &mut Exports, errors: &mut Vec<String>) {
    match item {
        Item::Fn(function) => {
            let cfg = Cfg::of(&function.attrs);
            if function.sig.ident.unraw() == "static_params" {
                if check_static_params(function, file, errors) {
                    exports.static_params.push(cfg);
                }
            } else if let Some(method) = check_fn(function, file, errors) {
                exports.methods.push((method, cfg));
            }
        }
        Item::Const(constant) => {
            let cfg = Cfg::of(&constant.attrs);
            if cfg.is_always() {
                read_const(constant, file, &mut exports.config, errors);
            } else {
                let mut values = ConfigValues::default();
                read_const(constant, file, &mut values, errors);
                if values != ConfigValues::default() {
                    exports.cfg_config.push((cfg, values));
                }
            }
        }
        Item::Static(item) if matches!(item.vis, Visibility::Public(_)) => {
            let at = format!("{file}:{}", item.ident.span().start().line);
            errors.extend(not_a_const(&item.ident.unraw().to_string(), "a `static`", &at));
        }
        Item::Use(item) if matches!(item.vis, Visibility::Public(_)) => {
            read_use(&item.tree, file, &Cfg::of(&item.attrs), exports, errors);
        }
        _ => {}
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

/// `pub use crate::handlers::hello as GET;` or `pub use crate::handlers::hello::{GET, POST};` export
/// handlers defined elsewhere (Next's `export * from`); a glob cannot be read, so it is an error, and
/// so is segment config, whose value the build needs.
fn read_use(tree: &UseTree, file: &str, cfg: &Cfg, exports: &mut Exports, errors: &mut Vec<String>) {
    let ident = match tree {
        UseTree::Path(path) => return read_use(&path.tree, file, cfg, exports, errors),
        UseTree::Group(group) => {
            for item in &group.items {
                read_use(item, file, cfg, exports, errors);
            }
            return;
        }
        UseTree::Glob(glob) => {
            return errors.push(format!(
                "{file}:{}: `pub use ...::*` hides which methods the route serves; name them, e.g. \
                 `pub use crate::handlers::hello::{{GET, POST}};`",
                glob.star_token.span.start().line
            ))
        }
        UseTree::Name(name) => &name.ident,
        UseTree::Rename(rename) => &rename.rename,
    };
    let name = ident.unraw().to_string();
    if let Some(method) = RouteMethod::parse(&name) {
        exports.methods.push((method, cfg.clone()));
    } else if name == "static_params" {
        exports.static_params.push(cfg.clone());
    } else {
        let at = format!("{file}:{}", ident.span().start().line);
        errors.extend(not_a_const(&name, "re-exported with `pub use`", &at));
    }
}

/// `path`'s components joined with `/`, on every platform.
fn slash_joined(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
