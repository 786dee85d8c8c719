//! serde helpers the generated models name in `#[serde(...)]` attributes.

use serde::{Deserialize, Deserializer};

/// Keeps "absent" (`None`) apart from "null" (`Some(None)`) for optional nullable fields.
// Used as `deserialize_with` together with `#[serde(default)]`: serde calls it only when the key is
// present, so a present key, `null` included, becomes `Some(..)`, and `default` gives `None` for an
// absent one.
#[doc(hidden)]
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Patch {
        #[serde(default, deserialize_with = "super::double_option")]
        note: Option<Option<String>>,
    }

    fn parse(json: &str) -> Patch {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn absent_null_and_value_are_three_different_things() {
        assert_eq!(parse("{}").note, None);
        assert_eq!(parse(r#"{"note":null}"#).note, Some(None));
        assert_eq!(parse(r#"{"note":"hi"}"#).note, Some(Some("hi".to_owned())));
    }
}
