//! Typed extraction from `name=value&...` text (forms, the query, route params), with errors that
//! name the field at fault.

use serde::de::DeserializeOwned;

/// `text` deserialised into `T`; the error says which field failed and why, e.g.
/// ``field `age`: invalid digit found in string``.
pub(crate) fn deserialize<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let deserializer = serde_html_form::Deserializer::from_bytes(text.as_bytes());
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match path.as_str() {
            "." | "?" => inner.to_string(),
            field => format!("field `{field}`: {inner}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Person {
        name: String,
        age: u8,
    }

    #[test]
    fn errors_name_the_field() {
        let error = deserialize::<Person>("name=Ada&age=abc").unwrap_err();
        assert_eq!(error, "field `age`: invalid digit found in string");
        let error = deserialize::<Person>("name=Ada&age=300").unwrap_err();
        assert!(error.starts_with("field `age`: "), "{error}");
        let error = deserialize::<Person>("age=3").unwrap_err();
        assert_eq!(error, "missing field `name`");
    }
}
