//! The seven route-handler methods and the `Allow` header built from them.

use http::{HeaderValue, Method};

/// A method a route file may export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RouteMethod {
    /// `DELETE`.
    Delete,
    /// `GET`.
    Get,
    /// `HEAD`.
    Head,
    /// `OPTIONS`.
    Options,
    /// `PATCH`.
    Patch,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
}

impl RouteMethod {
    /// All seven, in `Allow` order (alphabetical).
    pub const ALL: [Self; 7] = [
        Self::Delete,
        Self::Get,
        Self::Head,
        Self::Options,
        Self::Patch,
        Self::Post,
        Self::Put,
    ];

    /// The method's name, as exported from a route file.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Delete => "DELETE",
            Self::Get => "GET",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
            Self::Patch => "PATCH",
            Self::Post => "POST",
            Self::Put => "PUT",
        }
    }

    /// Parses an exported name (`"GET"`).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.as_str() == name)
    }

    /// The route-handler method of an HTTP method, if it is one of the seven.
    pub fn from_http(method: &Method) -> Option<Self> {
        Some(match *method {
            Method::DELETE => Self::Delete,
            Method::GET => Self::Get,
            Method::HEAD => Self::Head,
            Method::OPTIONS => Self::Options,
            Method::PATCH => Self::Patch,
            Method::POST => Self::Post,
            Method::PUT => Self::Put,
            _ => return None,
        })
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// A set of methods, rendered as an `Allow` header.
///
/// ```
/// use routeway::router::{MethodSet, RouteMethod};
/// let set = MethodSet::from_iter([RouteMethod::Post, RouteMethod::Get]);
/// assert_eq!(set.to_string(), "GET, POST");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MethodSet(u8);

impl MethodSet {
    /// Adds a method.
    pub fn insert(&mut self, method: RouteMethod) {
        self.0 |= 1 << method.index();
    }

    /// Whether `method` is in the set.
    pub fn contains(self, method: RouteMethod) -> bool {
        self.0 & (1 << method.index()) != 0
    }

    /// The methods, in `Allow` order.
    pub fn iter(self) -> impl Iterator<Item = RouteMethod> {
        RouteMethod::ALL
            .into_iter()
            .filter(move |method| self.contains(*method))
    }

    /// The set as a header value.
    pub fn to_header_value(self) -> HeaderValue {
        HeaderValue::try_from(self.to_string()).expect("method names are valid header text")
    }
}

impl FromIterator<RouteMethod> for MethodSet {
    fn from_iter<I: IntoIterator<Item = RouteMethod>>(iter: I) -> Self {
        let mut set = Self::default();
        for method in iter {
            set.insert(method);
        }
        set
    }
}

impl std::fmt::Display for MethodSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<_> = self.iter().map(RouteMethod::as_str).collect();
        f.write_str(&names.join(", "))
    }
}
