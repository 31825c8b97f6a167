//! `request.nextUrl.searchParams`: the parsed query string.

/// The query string's key/value pairs, in order, percent-decoded.
///
/// ```
/// use routeway::SearchParams;
/// let params = SearchParams::parse("query=hello&tag=a&tag=b");
/// assert_eq!(params.get("query"), Some("hello"));
/// assert_eq!(params.get_all("tag"), vec!["a", "b"]);
/// assert!(!params.has("missing"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchParams(Vec<(String, String)>);

impl SearchParams {
    /// Parses a query string (without the `?`).
    pub fn parse(query: &str) -> Self {
        Self(form_urlencoded::parse(query.as_bytes()).into_owned().collect())
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of `key`, in order.
    pub fn get_all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// Whether `key` appears at all.
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(name, _)| name == key)
    }

    /// All pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the query is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
