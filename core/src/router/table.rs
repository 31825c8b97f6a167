//! The route table: routes checked against each other once, matched with `matchit`.
//!
//! `matchit` ranks static over parameter over catch-all and backtracks, which is the route-handler
//! precedence; it cannot hold a parameter and a catch-all at the same position, so such routes go to
//! a second layer and the most specific match across layers wins.

use std::collections::HashMap;
use std::sync::Arc;

use super::path::{decode_segment, is_plain_segment, normalize_path, InvalidPath};
use super::pattern::{RoutePattern, Segment, Specificity};
use super::RouteError;
use crate::request::{ParamValue, Params};

/// Routes of type `T`, keyed by pattern.
///
/// ```
/// use routeway::router::RouteTable;
/// let mut table = RouteTable::new();
/// table.insert("/items/[slug]", "app/items/[slug]/route.rs", "one").unwrap();
/// table.insert("/items/[...rest]", "app/items/[...rest]/route.rs", "many").unwrap();
/// let found = table.find("/items/a").unwrap();
/// assert_eq!((*found.value, found.params.get("slug")), ("one", Some("a")));
/// let found = table.find("/items/a/b").unwrap();
/// assert_eq!((*found.value, found.params.get_all("rest").unwrap().len()), ("many", 2));
/// ```
#[derive(Debug, Clone)]
pub struct RouteTable<T> {
    routes: Vec<Entry<T>>,
    layers: Vec<matchit::Router<Target>>,
    shapes: HashMap<String, usize>,
    param_names: HashMap<(String, Specificity), (String, usize, Specificity)>,
}

#[derive(Debug, Clone)]
struct Entry<T> {
    /// Shared, so a matched route's pattern can travel with its request without borrowing the table.
    pattern: Arc<RoutePattern>,
    source: String,
    value: T,
}

#[derive(Debug, Clone, Copy)]
struct Target {
    route: usize,
    /// For the empty variant of an optional catch-all: its specificity stops before the catch-all.
    empty_optional: bool,
}

/// A matched route, with parameters borrowed from the path.
#[derive(Debug)]
pub struct Found<'t, 'p, T> {
    /// The route's value.
    pub value: &'t T,
    params: matchit::Params<'t, 'p>,
    pattern: &'t Arc<RoutePattern>,
}

impl<T> Default for RouteTable<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> RouteTable<T> {
    /// An empty table.
    pub fn new() -> Self {
        Self {
            routes: Vec::new(),
            layers: Vec::new(),
            shapes: HashMap::new(),
            param_names: HashMap::new(),
        }
    }

    /// Adds a route; `source` (its file, or the pattern) names it in errors.
    pub fn insert(&mut self, pattern: &str, source: &str, value: T) -> Result<(), RouteError> {
        let parsed = RoutePattern::parse(pattern, source)?;
        self.check_conflicts(&parsed, source)?;
        let route = self.routes.len();
        let paths = parsed.matchit_paths();
        let has_optional = matches!(parsed.segments().last(), Some(Segment::OptionalCatchAll(_)));
        for (index, path) in paths.iter().enumerate() {
            let target = Target {
                route,
                empty_optional: has_optional && index == 0,
            };
            self.insert_into_layer(path, target, source)?;
        }
        self.routes.push(Entry {
            pattern: Arc::new(parsed),
            source: source.to_owned(),
            value,
        });
        Ok(())
    }

    fn insert_into_layer(&mut self, path: &str, target: Target, source: &str) -> Result<(), RouteError> {
        for layer in &mut self.layers {
            match layer.insert(path, target) {
                Ok(()) => return Ok(()),
                Err(matchit::InsertError::Conflict { .. }) => continue,
                Err(error) => return Err(RouteError::new(format!("{source}: {error}"))),
            }
        }
        let mut layer = matchit::Router::new();
        layer
            .insert(path, target)
            .map_err(|error| RouteError::new(format!("{source}: {error}")))?;
        self.layers.push(layer);
        Ok(())
    }

    /// The build errors of spec §1: same URL twice, different names at one position, a required and an
    /// optional catch-all at one position.
    fn check_conflicts(&mut self, pattern: &RoutePattern, source: &str) -> Result<(), RouteError> {
        let route = self.routes.len();
        let slots = param_slots(pattern);
        for (key, name, kind) in &slots {
            let Some((other_name, other, other_kind)) = self.param_names.get(key) else {
                continue;
            };
            let other = &self.routes[*other];
            // The kind first: renaming cannot settle a required and an optional catch-all.
            if other_kind != kind {
                return Err(RouteError::new(format!(
                    "{source} and {} put a required and an optional catch-all at the same position `{}/`; keep one \
                     of them",
                    other.source,
                    shape_display(&key.0)
                )));
            }
            if other_name != name {
                return Err(RouteError::new(format!(
                    "{source} and {} use different parameter names (`{other_name}` and `{name}`) at the same position \
                     `{}/`; use one name",
                    other.source,
                    shape_display(&key.0)
                )));
            }
        }
        for shape in url_shapes(pattern) {
            if let Some(&other) = self.shapes.get(&shape) {
                let other = &self.routes[other];
                return Err(RouteError::new(format!(
                    "{source} and {} both resolve to the URL `{}`; remove one of them",
                    other.source,
                    shape_display(&shape)
                )));
            }
        }
        for shape in url_shapes(pattern) {
            self.shapes.insert(shape, route);
        }
        for (key, name, kind) in slots {
            self.param_names.entry(key).or_insert((name.to_owned(), route, kind));
        }
        Ok(())
    }

    /// Finds the route for a normalised path, with params borrowed from it (no allocation).
    #[inline]
    pub fn at<'t, 'p>(&'t self, path: &'p str) -> Option<Found<'t, 'p, T>> {
        let mut best: Option<(Vec<Specificity>, Found<'t, 'p, T>)> = None;
        for layer in &self.layers {
            let Ok(matched) = layer.at(path) else { continue };
            let entry = &self.routes[matched.value.route];
            let found = Found {
                value: &entry.value,
                params: matched.params,
                pattern: &entry.pattern,
            };
            if self.layers.len() == 1 {
                return Some(found);
            }
            let mut rank = entry.pattern.specificity();
            if matched.value.empty_optional {
                rank.pop();
            }
            if best.as_ref().is_none_or(|(best_rank, _)| rank < *best_rank) {
                best = Some((rank, found));
            }
        }
        best.map(|(_, found)| found)
    }

    /// Finds the route for a request path, with owned, decoded params: [`RouteTable::lookup`], with a
    /// path that is not UTF-8 once decoded finding nothing.
    pub fn find(&self, path: &str) -> Option<Matched<'_, T>> {
        self.lookup(path).ok().flatten()
    }

    /// Finds the route for a request path, with owned, decoded params, or says why the path is
    /// invalid (a segment that is not UTF-8 once percent-decoded).
    ///
    /// The raw path is tried first. Its static segments matched the route's own text, which is in
    /// normal form (see [`RoutePattern::parse`]), so it was already normal when no param value holds a `%` or an empty, `.` or `..` segment; that is checked
    /// while the params are copied out. Otherwise (or when it does not match) the path is normalised
    /// (percent-decoding, dot segments, empty segments) and tried again.
    #[inline]
    pub fn lookup(&self, path: &str) -> Result<Option<Matched<'_, T>>, InvalidPath> {
        let raw = self.at(path);
        if let Some(found) = &raw {
            if let Some(params) = found.plain_params() {
                return Ok(Some(Matched {
                    value: found.value,
                    pattern: found.pattern,
                    params,
                }));
            }
        }
        let normal = normalize_path(path)?;
        if normal == path {
            // Already normal (a `%2F` or `%25` stays encoded): the raw lookup stands, decoded.
            return Ok(raw.map(Found::into_matched));
        }
        Ok(self.at(&normal).map(Found::into_matched))
    }

    /// Every route with its pattern and source, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&RoutePattern, &str, &T)> {
        self.routes
            .iter()
            .map(|entry| (&*entry.pattern, entry.source.as_str(), &entry.value))
    }

    /// How many routes the table holds.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }
}

/// A matched route with owned params, as dispatch uses it.
#[derive(Debug)]
pub struct Matched<'t, T> {
    /// The route's value.
    pub value: &'t T,
    /// The route's pattern.
    pub pattern: &'t Arc<RoutePattern>,
    /// The decoded params.
    pub params: Params,
}

impl<'t, 'p, T> Found<'t, 'p, T> {
    /// The matched route's pattern.
    pub fn pattern(&self) -> &'t RoutePattern {
        self.pattern
    }

    /// The params, owned, when the raw path was already normal where they matched: no value holds a
    /// `%`, and no value or catch-all segment is empty, `.` or `..`. `None` means: normalise first.
    fn plain_params(&self) -> Option<Params> {
        let plain = |part: &str| is_plain_segment(part).then(|| part.to_owned());
        let mut params = Vec::with_capacity(self.params.len());
        for (name, single, raw) in self.raw_params() {
            let value = if single {
                ParamValue::One(plain(raw)?)
            } else {
                ParamValue::Many(raw.split('/').map(plain).collect::<Option<_>>()?)
            };
            params.push((name.clone(), value));
        }
        Some(Params::from_pairs(params))
    }

    /// The params, decoded and owned: catch-alls split into their segments.
    pub fn params(&self) -> Params {
        self.raw_params()
            .map(|(name, single, raw)| {
                let value = if single {
                    ParamValue::One(decode_segment(raw))
                } else {
                    ParamValue::Many(raw.split('/').filter(|s| !s.is_empty()).map(decode_segment).collect())
                };
                (name.clone(), value)
            })
            .collect()
    }

    /// Each matched param in path order: its shared name, whether it is a single segment (else a
    /// catch-all), and the raw value matchit captured.
    fn raw_params(&self) -> impl Iterator<Item = (&'t Arc<str>, bool, &'p str)> + '_ {
        self.pattern.segments().iter().filter_map(|segment| {
            let name = segment.shared_param_name()?;
            let raw = self.params.get(&**name)?;
            Some((name, matches!(segment, Segment::Dynamic(_)), raw))
        })
    }

    /// Owned form, for dispatch.
    pub fn into_matched(self) -> Matched<'t, T> {
        Matched {
            params: self.params(),
            value: self.value,
            pattern: self.pattern,
        }
    }
}

/// Each parameter of `pattern` with where it sits (the URL shape before it, and whether it is one
/// segment or a catch-all): two routes with a slot in common must use the same name there.
fn param_slots(pattern: &RoutePattern) -> Vec<((String, Specificity), &str, Specificity)> {
    let mut prefix = String::new();
    let mut slots = Vec::new();
    for segment in pattern.segments() {
        if let Some(name) = segment.param_name() {
            let kind = segment.specificity();
            let class = if kind == Specificity::Dynamic {
                kind
            } else {
                Specificity::CatchAll
            };
            slots.push(((prefix.clone(), class), name, kind));
        }
        prefix.push('/');
        prefix.push_str(&shape_segment(segment));
    }
    slots
}

fn shape_segment(segment: &Segment) -> String {
    match segment {
        Segment::Static(text) => text.clone(),
        Segment::Dynamic(_) => "\u{0}[]".to_owned(),
        Segment::CatchAll(_) | Segment::OptionalCatchAll(_) => "\u{0}[...]".to_owned(),
    }
}

/// The URLs a pattern serves, with parameter names erased: two routes with a shape in common collide.
fn url_shapes(pattern: &RoutePattern) -> Vec<String> {
    let mut shape = String::new();
    let mut shapes = Vec::new();
    for segment in pattern.segments() {
        if let Segment::OptionalCatchAll(_) = segment {
            shapes.push(if shape.is_empty() {
                "/".to_owned()
            } else {
                shape.clone()
            });
        }
        shape.push('/');
        shape.push_str(&shape_segment(segment));
    }
    shapes.push(if shape.is_empty() { "/".to_owned() } else { shape });
    shapes
}

fn shape_display(shape: &str) -> String {
    shape.replace('\u{0}', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(patterns: &[&str]) -> RouteTable<String> {
        let mut table = RouteTable::new();
        for pattern in patterns {
            table.insert(pattern, pattern, pattern.to_string()).unwrap();
        }
        table
    }

    fn route_of(table: &RouteTable<String>, path: &str) -> Option<String> {
        table.find(path).map(|found| found.value.clone())
    }

    #[test]
    fn precedence_segment_by_segment_from_the_left() {
        let t = table(&["/a/b", "/a/[x]", "/a/[...rest]", "/[y]/c/[[...opt]]", "/[y]/[z]"]);
        assert_eq!(route_of(&t, "/a/b").as_deref(), Some("/a/b"));
        assert_eq!(route_of(&t, "/a/q").as_deref(), Some("/a/[x]"));
        assert_eq!(route_of(&t, "/a/q/r").as_deref(), Some("/a/[...rest]"));
        assert_eq!(route_of(&t, "/q/c").as_deref(), Some("/[y]/c/[[...opt]]"));
        assert_eq!(route_of(&t, "/q/c/d/e").as_deref(), Some("/[y]/c/[[...opt]]"));
        assert_eq!(route_of(&t, "/q/r").as_deref(), Some("/[y]/[z]"));
        assert_eq!(route_of(&t, "/a/c").as_deref(), Some("/a/[x]"));
    }

    #[test]
    fn optional_catch_all_is_absent_when_empty() {
        let t = table(&["/shop/[[...slug]]"]);
        assert!(t.find("/shop").unwrap().params.is_empty());
        assert_eq!(t.find("/shop/a/b").unwrap().params.get_all("slug").unwrap(), ["a", "b"]);
    }

    #[test]
    fn encoded_slash_is_one_param_value() {
        let t = table(&["/files/[name]"]);
        assert_eq!(t.find("/files/a%2Fb").unwrap().params.get("name"), Some("a/b"));
        assert!(t.find("/files/a/b").is_none());
        assert_eq!(t.find("/files/..").map(|found| found.value.clone()), None);
        assert_eq!(t.find("/files/x/").unwrap().params.get("name"), Some("x"));
        assert_eq!(t.find("//files//x").unwrap().params.get("name"), Some("x"));
    }

    #[test]
    fn raw_paths_that_are_not_normal_match_as_their_normal_form() {
        let t = table(&["/", "/a/[x]/b", "/a/b", "/docs/[...rest]", "/100%25"]);
        assert_eq!(route_of(&t, "/a/./b").as_deref(), Some("/a/b"));
        assert_eq!(route_of(&t, "/a/c/../b").as_deref(), Some("/a/b"));
        assert_eq!(route_of(&t, "/..").as_deref(), Some("/"));
        assert_eq!(route_of(&t, "//").as_deref(), Some("/"));
        let found = t.find("/docs/x//y/./z/").unwrap();
        assert_eq!(found.params.get_all("rest").unwrap(), ["x", "y", "z"]);
        let found = t.find("/docs/x/%2e%2e/y").unwrap();
        assert_eq!(found.params.get_all("rest").unwrap(), ["y"]);
        let found = t.find("/docs/caf%C3%A9/a%2Fb").unwrap();
        assert_eq!(found.params.get_all("rest").unwrap(), ["café", "a/b"]);
        // The folder `100%25` is the segment `100%`, which every spelling of it reaches.
        for path in ["/100%25", "/100%", "/10%30%25"] {
            assert_eq!(route_of(&t, path).as_deref(), Some("/100%25"), "{path}");
        }
        assert_eq!(route_of(&t, "/nothing/here"), None);
    }

    #[test]
    fn encoded_folders_match_the_decoded_request_path() {
        let t = table(&["/%5Fadmin", "/files/a%2Fb", "/caf%C3%A9"]);
        assert_eq!(route_of(&t, "/_admin").as_deref(), Some("/%5Fadmin"));
        assert_eq!(route_of(&t, "/%5Fadmin").as_deref(), Some("/%5Fadmin"));
        assert_eq!(route_of(&t, "/files/a%2Fb").as_deref(), Some("/files/a%2Fb"));
        assert_eq!(route_of(&t, "/files/a%2fb").as_deref(), Some("/files/a%2Fb"));
        assert_eq!(route_of(&t, "/files/a/b"), None);
        assert_eq!(route_of(&t, "/café").as_deref(), Some("/caf%C3%A9"));
        assert_eq!(route_of(&t, "/caf%c3%a9").as_deref(), Some("/caf%C3%A9"));
    }

    #[test]
    fn build_errors_name_both_sources() {
        let mut t = RouteTable::new();
        t.insert("/(a)/x", "app/(a)/x/route.rs", ()).unwrap();
        let error = t.insert("/(b)/x", "app/(b)/x/route.rs", ()).unwrap_err().to_string();
        assert!(
            error.contains("app/(a)/x/route.rs") && error.contains("app/(b)/x/route.rs"),
            "{error}"
        );

        t.insert("/items/[id]", "app/items/[id]/route.rs", ()).unwrap();
        let error = t
            .insert("/items/[slug]/edit", "app/items/[slug]/edit/route.rs", ())
            .unwrap_err()
            .to_string();
        assert!(error.contains("`id` and `slug`"), "{error}");

        t.insert("/docs/[...a]", "app/docs/[...a]/route.rs", ()).unwrap();
        let error = t
            .insert("/docs/[[...a]]", "app/docs/[[...a]]/route.rs", ())
            .unwrap_err()
            .to_string();
        assert!(error.contains("required and an optional"), "{error}");
        // Different names too: still the catch-all conflict, which renaming would not settle.
        let error = t
            .insert("/docs/[[...b]]", "app/docs/[[...b]]/route.rs", ())
            .unwrap_err()
            .to_string();
        assert!(error.contains("required and an optional"), "{error}");

        t.insert("/shop/[[...s]]", "app/shop/[[...s]]/route.rs", ()).unwrap();
        let error = t.insert("/shop", "app/shop/route.rs", ()).unwrap_err().to_string();
        assert!(error.contains("`/shop`"), "{error}");
    }
}
