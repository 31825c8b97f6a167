//! Route patterns in the `app/` folder convention: `items`, `[slug]`, `[...slug]`, `[[...slug]]`,
//! `(group)`; their precedence, and their translation to `matchit` paths.

use std::fmt;
use std::sync::Arc;

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
    ///
    /// ```
    /// use routeway::router::RoutePattern;
    /// let pattern = RoutePattern::parse("/(marketing)/blog/[...slug]", "app").unwrap();
    /// assert_eq!(pattern.to_string(), "/blog/[...slug]");
    /// assert!(RoutePattern::parse("/[[...a]]/b", "app/x/route.rs").is_err());
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
    } else if raw == "." || raw == ".." {
        return Err(RouteError::new(format!(
            "{source}: `{raw}` cannot be a route segment: request paths are normalised before matching, so \
             `{raw}` never reaches the router; remove it"
        )));
    } else {
        return Ok(Segment::Static(raw.to_owned()));
    };
    let valid = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        Ok(build(Arc::from(inner)))
    } else {
        Err(bad_segment(raw, source))
    }
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
        ] {
            assert!(RoutePattern::parse(bad, "t").is_err(), "{bad}");
        }
    }
}
