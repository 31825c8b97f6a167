//! Route patterns in the `app/` folder convention: `items`, `[slug]`, `[...slug]`, `[[...slug]]`,
//! `(group)`; their precedence, and their translation to `matchit` paths. A static segment is
//! percent-decoded once, like a request path (`%5Fadmin` serves `/_admin`). Parallel-route slots
//! (`@slot`) and intercepting routes (`(.)x`, `(..)x`, `(...)x`) are for pages, so they are refused.

use std::fmt;
use std::sync::Arc;

use percent_encoding::percent_decode_str;

use super::path::encode_segment;
use super::RouteError;

/// One URL segment of a route.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// `items`, `rss.xml`.
    Static(String),
    /// `[slug]`: exactly one segment.
    Dynamic(Arc<str>),
    /// `[...slug]`: one or more segments.
    CatchAll(Arc<str>),
    /// `[[...slug]]`: zero or more segments.
    OptionalCatchAll(Arc<str>),
}

/// How specific a segment is: lower wins, segment by segment from the left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Specificity {
    /// A literal segment.
    Static,
    /// `[name]`.
    Dynamic,
    /// `[...name]`.
    CatchAll,
    /// `[[...name]]`.
    OptionalCatchAll,
}

impl Segment {
    /// This segment's precedence class.
    pub fn specificity(&self) -> Specificity {
        match self {
            Self::Static(_) => Specificity::Static,
            Self::Dynamic(_) => Specificity::Dynamic,
            Self::CatchAll(_) => Specificity::CatchAll,
            Self::OptionalCatchAll(_) => Specificity::OptionalCatchAll,
        }
    }

    /// The parameter name, for dynamic kinds.
    pub fn param_name(&self) -> Option<&str> {
        self.shared_param_name().map(|name| &**name)
    }

    /// The parameter name as stored, shared with every match of the route.
    pub fn shared_param_name(&self) -> Option<&Arc<str>> {
        match self {
            Self::Static(_) => None,
            Self::Dynamic(name) | Self::CatchAll(name) | Self::OptionalCatchAll(name) => Some(name),
        }
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Static(text) => f.write_str(text),
            Self::Dynamic(name) => write!(f, "[{name}]"),
            Self::CatchAll(name) => write!(f, "[...{name}]"),
            Self::OptionalCatchAll(name) => write!(f, "[[...{name}]]"),
        }
    }
}

/// A parsed route: its URL segments (route groups removed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoutePattern {
    segments: Vec<Segment>,
}

impl RoutePattern {
    /// Parses `/items/(shop)/[slug]`-style patterns; errors name `source` (the file or the pattern).
    /// Static segments are kept in the form request paths are matched in: decoded once, with `%` and
    /// `/` still encoded (`%25`, `%2F`).
    ///
    /// ```
    /// use routeway::router::RoutePattern;
    /// let pattern = RoutePattern::parse("/(marketing)/blog/[...slug]", "app").unwrap();
    /// assert_eq!(pattern.to_string(), "/blog/[...slug]");
    /// assert_eq!(RoutePattern::parse("/%5Fadmin/a%2Fb", "app").unwrap().to_string(), "/_admin/a%2Fb");
    /// assert!(RoutePattern::parse("/[[...a]]/b", "app/x/route.rs").is_err());
    /// assert_eq!(RoutePattern::parse("/users/@me", "App::route").unwrap().to_string(), "/users/@me");
    /// ```
    pub fn parse(pattern: &str, source: &str) -> Result<Self, RouteError> {
        let mut segments = Vec::new();
        for raw in pattern.split('/').filter(|raw| !raw.is_empty()) {
            if raw.starts_with('(') && raw.ends_with(')') && raw.len() > 2 {
                continue;
            }
            segments.push(parse_segment(raw, source)?);
        }
        let last = segments.len().saturating_sub(1);
        for (index, segment) in segments.iter().enumerate() {
            if index != last && matches!(segment, Segment::CatchAll(_) | Segment::OptionalCatchAll(_)) {
                return Err(RouteError::new(format!(
                    "{source}: the catch-all segment `{segment}` must be the last segment of the route `{pattern}`"
                )));
            }
            if let Some(name) = segment.param_name() {
                if segments[..index]
                    .iter()
                    .any(|earlier| earlier.param_name() == Some(name))
                {
                    return Err(RouteError::new(format!(
                        "{source}: the parameter name `{name}` is used twice in the route `{pattern}`"
                    )));
                }
            }
        }
        Ok(Self { segments })
    }

    /// The URL segments.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Precedence classes, left to right; compare two of these to rank routes (lower wins).
    pub fn specificity(&self) -> Vec<Specificity> {
        self.segments.iter().map(Segment::specificity).collect()
    }

    /// The `matchit` paths this route registers: one, or two for an optional catch-all (with and
    /// without the trailing segments).
    pub(crate) fn matchit_paths(&self) -> Vec<String> {
        let mut path = String::new();
        let mut paths = Vec::with_capacity(1);
        for segment in &self.segments {
            match segment {
                Segment::Static(text) => {
                    path.push('/');
                    path.push_str(&text.replace('{', "{{").replace('}', "}}"));
                }
                Segment::Dynamic(name) => path.push_str(&format!("/{{{name}}}")),
                Segment::CatchAll(name) => path.push_str(&format!("/{{*{name}}}")),
                Segment::OptionalCatchAll(name) => {
                    paths.push(if path.is_empty() { "/".to_owned() } else { path.clone() });
                    path.push_str(&format!("/{{*{name}}}"));
                }
            }
        }
        paths.push(if path.is_empty() { "/".to_owned() } else { path });
        paths
    }
}

impl fmt::Display for RoutePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("/");
        }
        for segment in &self.segments {
            write!(f, "/{segment}")?;
        }
        Ok(())
    }
}

fn parse_segment(raw: &str, source: &str) -> Result<Segment, RouteError> {
    let (inner, build): (&str, fn(Arc<str>) -> Segment) = if let Some(inner) = raw.strip_prefix("[[...") {
        match inner.strip_suffix("]]") {
            Some(inner) => (inner, Segment::OptionalCatchAll),
            None => return Err(bad_segment(raw, source)),
        }
    } else if let Some(inner) = raw.strip_prefix("[...") {
        match inner.strip_suffix(']') {
            Some(inner) => (inner, Segment::CatchAll),
            None => return Err(bad_segment(raw, source)),
        }
    } else if let Some(inner) = raw.strip_prefix('[') {
        match inner.strip_suffix(']') {
            Some(inner) => (inner, Segment::Dynamic),
            None => return Err(bad_segment(raw, source)),
        }
    } else if raw.contains(['[', ']']) {
        return Err(bad_segment(raw, source));
    } else {
        let decoded = decode_static(raw, source)?;
        if decoded == "." || decoded == ".." {
            return Err(RouteError::new(format!(
                "{source}: `{raw}` cannot be a route segment: request paths are normalised before matching, so \
                 `{decoded}` never reaches the router; remove it"
            )));
        }
        return Ok(Segment::Static(encode_segment(&decoded)));
    };
    let valid = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        Ok(build(Arc::from(inner)))
    } else {
        Err(bad_segment(raw, source))
    }
}

/// Refuses the folder names Next.js keeps for pages: parallel-route slots (`@modal`) and
/// intercepting routes (`(.)photo`); as URL segments they would serve `/@modal/api`, which Next.js
/// never does. The file scanner's check: in a pattern given to the programmatic router,
/// `/users/@me` is a literal URL.
///
/// ```
/// use routeway::router::check_folder;
/// assert!(check_folder("@modal", "app/@modal/api/route.rs").is_err());
/// assert!(check_folder("(..)photo", "app/feed/(..)photo/route.rs").is_err());
/// assert!(check_folder("(shop)", "app/(shop)/route.rs").is_ok());
/// ```
pub fn check_folder(raw: &str, source: &str) -> Result<(), RouteError> {
    let kind = if let Some(name) = raw.strip_prefix('@') {
        format!("a parallel-route slot; for a literal `@` in the URL, name the folder `%40{name}`")
    } else if ["(.)", "(..)", "(...)"].iter().any(|marker| raw.starts_with(marker)) {
        "an intercepting route".to_owned()
    } else {
        return Ok(());
    };
    Err(RouteError::new(format!(
        "{source}: the folder `{raw}` is {kind}; route handlers do not support parallel or intercepting routes \
         (Next.js uses them for pages only), so move the route file out of that folder"
    )))
}

/// A static folder name, percent-decoded once as request segments are. Stricter than a request: every
/// `%` must start a two-digit escape and the result must be UTF-8, since no request could reach it
/// otherwise.
fn decode_static(raw: &str, source: &str) -> Result<String, RouteError> {
    let bytes = raw.as_bytes();
    let escapes_complete = bytes.iter().enumerate().all(|(index, &byte)| {
        byte != b'%'
            || bytes
                .get(index + 1..index + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    escapes_complete
        .then(|| percent_decode_str(raw).decode_utf8().ok())
        .flatten()
        .map(|decoded| decoded.into_owned())
        .ok_or_else(|| {
            RouteError::new(format!(
                "{source}: the folder `{raw}` is not valid percent-encoding: each `%` must start an escape of \
                 UTF-8 bytes such as `%5F` (`_`) or `%C3%A9` (`é`); write `%25` for a literal `%`"
            ))
        })
}

fn bad_segment(raw: &str, source: &str) -> RouteError {
    RouteError::new(format!(
        "{source}: `{raw}` is not a valid segment; use `name`, `[name]`, `[...name]`, `[[...name]]` or `(group)`, \
         with names made of letters, digits, `_` and `-`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_catch_all_registers_two_paths() {
        let pattern = RoutePattern::parse("/shop/[[...slug]]", "t").unwrap();
        assert_eq!(pattern.matchit_paths(), ["/shop", "/shop/{*slug}"]);
        let root = RoutePattern::parse("/[[...slug]]", "t").unwrap();
        assert_eq!(root.matchit_paths(), ["/", "/{*slug}"]);
    }

    #[test]
    fn precedence_is_static_dynamic_catch_all_optional() {
        let ranked: Vec<_> = ["/a/[[...x]]", "/a/[...x]", "/a/[x]", "/a/b"]
            .iter()
            .map(|p| RoutePattern::parse(p, "t").unwrap().specificity())
            .collect();
        let mut sorted = ranked.clone();
        sorted.sort();
        assert_eq!(sorted, ranked.into_iter().rev().collect::<Vec<_>>());
    }

    #[test]
    fn rejects_malformed_segments() {
        for bad in [
            "/[slug",
            "/[...]",
            "/a[b]",
            "/[[...x]",
            "/[a b]",
            "/[x]/[x]",
            "/[...x]/y",
            "/x/./[y]",
            "/q/../[...r]",
            "/x/%2E%2e",
        ] {
            assert!(RoutePattern::parse(bad, "t").is_err(), "{bad}");
        }
    }

    #[test]
    fn static_folders_are_decoded_once_into_the_form_requests_match() {
        let statics = |pattern: &str| -> Vec<String> {
            let parsed = RoutePattern::parse(pattern, "t").unwrap();
            parsed.segments().iter().map(ToString::to_string).collect()
        };
        assert_eq!(statics("/%5Fadmin/%5fx"), ["_admin", "_x"]);
        assert_eq!(
            statics("/a%2Fb/100%25/caf%C3%A9/%28x%29"),
            ["a%2Fb", "100%25", "café", "(x)"]
        );
    }

    #[test]
    fn invalid_percent_encoding_in_a_folder_is_an_error_naming_it() {
        for (pattern, folder) in [("/100%", "100%"), ("/a/%5", "%5"), ("/%zz", "%zz"), ("/x/%FF", "%FF")] {
            let error = RoutePattern::parse(pattern, "app/f/route.rs").unwrap_err().to_string();
            assert!(
                error.starts_with("app/f/route.rs: ")
                    && error.contains(&format!("`{folder}` is not valid percent-encoding")),
                "{error}"
            );
        }
    }

    #[test]
    fn parallel_and_intercepting_folders_are_errors_naming_them() {
        for (pattern, folder, kind) in [
            ("/@modal/api", "@modal", "parallel-route slot"),
            ("/feed/(.)photo", "(.)photo", "intercepting route"),
            ("/feed/(..)photo", "(..)photo", "intercepting route"),
            ("/(...)photo/[id]", "(...)photo", "intercepting route"),
            ("/(..)(..)photo", "(..)(..)photo", "intercepting route"),
        ] {
            let error = pattern
                .split('/')
                .find_map(|folder| check_folder(folder, "app/x/route.rs").err())
                .expect("refused")
                .to_string();
            assert!(
                error.contains(&format!("the folder `{folder}` is")) && error.contains(kind),
                "{error}"
            );
        }
        assert_eq!(RoutePattern::parse("/%40me/(shop)", "t").unwrap().to_string(), "/@me");
        assert_eq!(
            RoutePattern::parse("/users/@me", "App::route").unwrap().to_string(),
            "/users/@me",
            "the programmatic router takes `@` literally"
        );
    }
}
