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
            field => match times_sent(text, field) {
                sent if sent > 1 => format!(
                    "field `{field}`: sent {sent} times but takes one value; send it once, or declare it as a `Vec` to take every value"
                ),
                _ => format!("field `{field}`: {inner}"),
            },
        }
    })
}

/// How many times `name` appears as a key in `text`.
fn times_sent(text: &str, name: &str) -> usize {
    form_urlencoded::parse(text.as_bytes())
        .filter(|(key, _)| key == name)
        .count()
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

    #[test]
    fn a_repeated_key_for_one_value_says_so() {
        let error = deserialize::<Person>("name=Ada&name=Grace&age=3").unwrap_err();
        assert_eq!(
            error,
            "field `name`: sent 2 times but takes one value; send it once, or declare it as a `Vec` to take every value"
        );
        #[derive(serde::Deserialize)]
        struct Tags {
            tag: Vec<String>,
        }
        assert_eq!(deserialize::<Tags>("tag=a&tag=b").unwrap().tag, ["a", "b"]);
    }
}
