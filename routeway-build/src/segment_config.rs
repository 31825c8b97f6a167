//! Segment config in a route file: `pub const` items with a literal value and the documented type,
//! read into [`ConfigValues`]; config in any other form is an error, since the build could not read it.

use routeway::config::{Dynamic, FetchCache, PreferredRegion, Runtime};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, Type, Visibility};

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

/// A config const: its name, the check of its declared type and those types in words, and a
/// declaration to show in messages.
struct Config {
    name: &'static str,
    declared_as: fn(&Type) -> bool,
    types: &'static str,
    example: &'static str,
}

const CONFIG: [Config; 7] = [
    Config {
        name: "DYNAMIC",
        declared_as: is_str_type,
        types: "`&str`",
        example: "pub const DYNAMIC: &str = \"force-dynamic\";",
    },
    Config {
        name: "DYNAMIC_PARAMS",
        declared_as: is_bool,
        types: "`bool`",
        example: "pub const DYNAMIC_PARAMS: bool = false;",
    },
    Config {
        name: "REVALIDATE",
        declared_as: checked_with_the_value,
        types: "`u32` (or `bool` for `false`)",
        example: "pub const REVALIDATE: u32 = 60;",
    },
    Config {
        name: "FETCH_CACHE",
        declared_as: is_str_type,
        types: "`&str`",
        example: "pub const FETCH_CACHE: &str = \"force-cache\";",
    },
    Config {
        name: "RUNTIME",
        declared_as: is_str_type,
        types: "`&str`",
        example: "pub const RUNTIME: &str = \"edge\";",
    },
    Config {
        name: "PREFERRED_REGION",
        declared_as: is_str_or_str_list_type,
        types: "`&str` (a keyword or one region) or `&[&str]` (regions)",
        example: "pub const PREFERRED_REGION: &[&str] = &[\"iad1\"];",
    },
    Config {
        name: "MAX_DURATION",
        declared_as: is_u32,
        types: "`u32`",
        example: "pub const MAX_DURATION: u32 = 30;",
    },
];

/// The config const `name`, if it is one.
fn known(name: &str) -> Option<&'static Config> {
    CONFIG.iter().find(|config| config.name == name)
}

/// The error for config named `name` that is not a `pub const` (`how` says what it is instead), at
/// `at` (`file:line`); `None` when `name` is not a config name.
pub fn not_a_const(name: &str, how: &str, at: &str) -> Option<String> {
    known(name).map(|Config { example, .. }| {
        format!(
            "{at}: `{name}` is {how}, which the build cannot read, so the route would keep the default config; \
             declare `pub const {name}` with a literal in the route file, e.g. `{example}`"
        )
    })
}

/// Reads one `const` item into `config`; a config name with a wrong spelling, visibility, type or value
/// is an error naming `file` and the line.
pub fn read_const(constant: &syn::ItemConst, file: &str, config: &mut ConfigValues, errors: &mut Vec<String>) {
    let name = constant.ident.unraw().to_string();
    let line = constant.ident.span().start().line;
    let at = format!("{file}:{line}");
    let Some(Config {
        declared_as,
        types,
        example,
        ..
    }) = known(&name)
    else {
        let upper = name.to_ascii_uppercase();
        let snake = to_snake_upper(&name);
        if let Some(known) = CONFIG
            .iter()
            .find(|config| config.name == upper || config.name == snake)
        {
            errors.push(format!(
                "{at}: segment config is spelled `pub const {}`, not `{name}`",
                known.name
            ));
        }
        return;
    };
    if !matches!(constant.vis, Visibility::Public(_)) {
        errors.push(format!(
            "{at}: `const {name}` must be `pub const {name}` to configure the route"
        ));
        return;
    }
    let (value, ty) = (&*constant.expr, &*constant.ty);
    if !declared_as(ty) {
        let found = ty
            .span()
            .source_text()
            .map_or("another type".to_owned(), |ty| format!("`{ty}`"));
        errors.push(format!(
            "{at}: `{name}` is declared as {found}, but must be {types}, e.g. `{example}`"
        ));
        return;
    }
    let result = match name.as_str() {
        "DYNAMIC" => str_choice(value, Dynamic::parse, "auto, force-dynamic, error, force-static")
            .map(|v| config.dynamic = Some(v)),
        "FETCH_CACHE" => str_choice(
            value,
            FetchCache::parse,
            "auto, default-cache, only-cache, force-cache, force-no-store, default-no-store, only-no-store",
        )
        .map(|v| config.fetch_cache = Some(v)),
        "RUNTIME" => str_choice(value, Runtime::parse, "nodejs, edge").map(|v| config.runtime = Some(v)),
        "DYNAMIC_PARAMS" => match literal(value) {
            Some(Lit::Bool(flag)) => {
                config.dynamic_params = Some(flag.value);
                Ok(())
            }
            _ => Err("must be `true` or `false`".to_owned()),
        },
        "REVALIDATE" => revalidate(value, ty).map(|v| config.revalidate = Some(v)),
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

fn is_named(ty: &Type, name: &str) -> bool {
    match ty {
        Type::Path(path) => path.qself.is_none() && path.path.is_ident(name),
        Type::Paren(paren) => is_named(&paren.elem, name),
        Type::Group(group) => is_named(&group.elem, name),
        _ => false,
    }
}

fn is_bool(ty: &Type) -> bool {
    is_named(ty, "bool")
}

fn is_u32(ty: &Type) -> bool {
    is_named(ty, "u32")
}

fn is_str_or_str_list_type(ty: &Type) -> bool {
    is_str_type(ty) || is_str_list_type(ty)
}

/// `REVALIDATE` may be `u32` or `bool` depending on its value: [`revalidate`] checks both together.
fn checked_with_the_value(_ty: &Type) -> bool {
    true
}

/// `&str`, with or without a lifetime.
fn is_str_type(ty: &Type) -> bool {
    matches!(ty, Type::Reference(reference) if reference.mutability.is_none() && is_named(&reference.elem, "str"))
}

/// `&[&str]` or `&[&str; N]`.
fn is_str_list_type(ty: &Type) -> bool {
    let Type::Reference(reference) = ty else {
        return false;
    };
    match &*reference.elem {
        Type::Slice(slice) => is_str_type(&slice.elem),
        Type::Array(array) => is_str_type(&array.elem),
        _ => false,
    }
}

fn str_choice<T>(expr: &Expr, parse: fn(&str) -> Option<T>, allowed: &str) -> Result<T, String> {
    match literal(expr) {
        Some(Lit::Str(text)) => {
            parse(&text.value()).ok_or_else(|| format!("= \"{}\" is not one of: {allowed}", text.value()))
        }
        _ => Err(format!("must be a `&str` literal, one of: {allowed}")),
    }
}

/// `Ok(false)` for `false`, `Ok(true)` for seconds (the generated code reads the `u32` const itself).
fn revalidate(expr: &Expr, ty: &Type) -> Result<bool, String> {
    const HINT: &str = "must be `false` (cache until the next deploy), `0` (never cache) or a number of seconds \
                        declared as `u32`, e.g. `pub const REVALIDATE: u32 = 60;`";
    match literal(expr) {
        Some(Lit::Bool(flag)) if !flag.value && is_named(ty, "bool") => Ok(false),
        Some(Lit::Int(int)) if int.base10_parse::<u32>().is_ok() && is_named(ty, "u32") => Ok(true),
        None if is_named(ty, "u32") => Ok(true),
        _ => Err(HINT.to_owned()),
    }
}

fn preferred_region(expr: &Expr) -> Result<Result<PreferredRegion, Vec<String>>, String> {
    const HINT: &str = "must be \"auto\", \"global\", \"home\", a region name like \"iad1\" or a list of region \
                        names like `&[\"iad1\", \"fra1\"]`";
    if let Some(Lit::Str(text)) = literal(expr) {
        let value = text.value();
        if let Some(keyword) = PreferredRegion::parse_keyword(&value) {
            return Ok(Ok(keyword));
        }
        // One region by name is a list of one, as Next.js' `string | string[]` has it; a keyword
        // spelled another way, or several regions in one string, is a mistake worth naming.
        let near_keyword = PreferredRegion::parse_keyword(&value.trim().to_ascii_lowercase()).is_some();
        if value.is_empty() || value.contains([',', ' ', '\t']) || near_keyword {
            return Err(HINT.to_owned());
        }
        return Ok(Err(vec![value]));
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
