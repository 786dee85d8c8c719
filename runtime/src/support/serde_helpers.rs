//! serde helpers the generated models name in `#[serde(...)]` attributes.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};
use serde::{Deserialize, Deserializer};

/// serde_json's name for its raw-value newtype (`serde_json::value::RawValue`, feature
/// `raw_value`): asked for by this name, a serde_json deserializer answers with the value's JSON
/// text (a one-entry map from this name to the text) instead of the value; every other
/// deserializer sees an ordinary newtype struct. Exact integers and lossless free-form JSON
/// read the text this way.
pub(crate) const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Whether a map key is [`RAW_VALUE_TOKEN`].
pub(crate) struct TokenKey;

impl<'de> DeserializeSeed<'de> for TokenKey {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for TokenKey {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == RAW_VALUE_TOKEN)
    }
}

/// `Some` for a present key, whatever its value, `null` included: for optional free-form fields
/// ([`super::JsonValue`] reads `null` as a value), so `"payload": null` is read and written back
/// instead of being dropped. With `#[serde(default)]`, an absent key is `None`.
#[doc(hidden)]
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

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
