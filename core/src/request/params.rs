//! Dynamic route parameters: `[slug]` is one value, `[...slug]` a list, `[[...slug]]` a list or absent.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error::Rejection;

/// One parameter's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// From a `[name]` segment.
    One(String),
    /// From a `[...name]` or `[[...name]]` segment: one entry per path segment.
    Many(Vec<String>),
}

/// The route's parameters, in path order. An optional catch-all that matched nothing is absent.
///
/// ```
/// use routeway::{Params, ParamValue};
/// let params = Params::from_iter([("slug".to_string(), ParamValue::One("a".into()))]);
/// assert_eq!(params.get("slug"), Some("a"));
/// assert_eq!(serde_json::to_string(&params).unwrap(), r#"{"slug":"a"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(Arc<str>, ParamValue)>);

impl Params {
    pub(crate) fn from_pairs(pairs: Vec<(Arc<str>, ParamValue)>) -> Self {
        Self(pairs)
    }

    /// A single-segment parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        match self.value(name)? {
            ParamValue::One(value) => Some(value),
            ParamValue::Many(_) => None,
        }
    }

    /// A catch-all parameter's segments.
    pub fn get_all(&self, name: &str) -> Option<&[String]> {
        match self.value(name)? {
            ParamValue::Many(values) => Some(values),
            ParamValue::One(value) => Some(std::slice::from_ref(value)),
        }
    }

    /// Any parameter's value.
    pub fn value(&self, name: &str) -> Option<&ParamValue> {
        self.0.iter().find(|(key, _)| &**key == name).map(|(_, value)| value)
    }

    /// Whether the route matched without parameters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many parameters matched.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The parameters in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ParamValue)> {
        self.0.iter().map(|(key, value)| (&**key, value))
    }

    /// Deserialises the parameters into `T`: numbers parse from their text, catch-alls fill a `Vec`,
    /// an absent optional catch-all leaves an `Option` as `None`.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        let mut encoded = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.0 {
            match value {
                ParamValue::One(value) => {
                    encoded.append_pair(name, value);
                }
                ParamValue::Many(values) => {
                    for value in values {
                        encoded.append_pair(name, value);
                    }
                }
            }
        }
        super::urlencoded::deserialize(&encoded.finish()).map_err(Rejection::invalid_params)
    }
}

impl<K: Into<Arc<str>>> FromIterator<(K, ParamValue)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, ParamValue)>>(iter: I) -> Self {
        Self(iter.into_iter().map(|(name, value)| (name.into(), value)).collect())
    }
}

impl Serialize for ParamValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(value) => serializer.serialize_str(value),
            Self::Many(values) => values.serialize(serializer),
        }
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(&**name, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Typed {
        id: u32,
        rest: Vec<String>,
        optional: Option<Vec<String>>,
    }

    #[test]
    fn deserializes_numbers_lists_and_absent_optionals() {
        let params = Params::from_iter([
            ("id".to_string(), ParamValue::One("42".into())),
            ("rest".to_string(), ParamValue::Many(vec!["a b".into(), "c&d".into()])),
        ]);
        let typed: Typed = params.deserialize().unwrap();
        assert_eq!(
            typed,
            Typed {
                id: 42,
                rest: vec!["a b".into(), "c&d".into()],
                optional: None
            }
        );
    }

    #[test]
    fn a_value_that_does_not_fit_is_a_400() {
        let params = Params::from_iter([("id".to_string(), ParamValue::One("abc".into()))]);
        let error = params.deserialize::<Typed>().unwrap_err();
        assert_eq!(error.status(), 400);
        assert!(
            error.message().starts_with("Invalid route parameters"),
            "{}",
            error.message()
        );
    }
}
