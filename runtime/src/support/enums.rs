//! The catch-all value of generated enums, their lenient deserialization and the error of their
//! strict parse.
//!
//! A generated string enum has one variant per documented value plus `Unrecognized(..)`, so a value
//! the server adds later does not break deserializing a response (see
//! `docs/decisions/003-enum-catch-all.md`). Requests are strict: `FromStr` fails with
//! [`UnknownEnumValue`], an unknown value is made only with the enum's explicit `from_wire`, and
//! request validation refuses it unless the configuration allows it
//! (`docs/decisions/011-builders-and-strict-enums.md`).

use std::fmt;

use serde::Deserializer;

/// The raw wire value of an enum value this version of the crate does not know.
///
/// It serializes back exactly as received. It has no public constructor: it is made only by an
/// enum's `from_wire` (which deserialization uses), after the listed values were matched, so it
/// never holds a value the enum knows. To send a value newer than the crate, use the enum's
/// `from_wire`, which gives the variant for a listed value and `Unrecognized` for any other.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnrecognizedValue(String);

impl UnrecognizedValue {
    // Crate-private: the generated enums live in the same crate as this file, and their
    // `from_wire` calls it only for a value that matched none of their variants. A public
    // constructor would let `Unrecognized("WEB")` exist beside `Web`, serialize the same and
    // compare unequal (issue 19); `tests/compile_fail/unrecognized_value_new.rs` keeps it shut.
    // A crate whose specs have no string enum never calls it.
    #[allow(dead_code)]
    pub(crate) fn new(value: &str) -> Self {
        UnrecognizedValue(value.to_owned())
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnrecognizedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A string that is none of the values a generated enum lists: the error of its strict `FromStr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEnumValue {
    type_name: &'static str,
    value: String,
    known: &'static [&'static str],
}

impl UnknownEnumValue {
    #[doc(hidden)]
    pub fn new(type_name: &'static str, value: &str, known: &'static [&'static str]) -> Self {
        UnknownEnumValue {
            type_name,
            value: value.to_owned(),
            known,
        }
    }

    /// The string that was given.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The enum's name (`OrderType`).
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a value of `{}` (expected one of: {})",
            self.value,
            self.type_name,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for UnknownEnumValue {}

/// Deserializes a string enum through its lenient `from_wire`, borrowing where it can.
#[doc(hidden)]
pub fn deserialize_enum<'de, D, T>(deserializer: D, from_wire: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    // A visitor rather than `String::deserialize`: `visit_str` sees borrowed and transient
    // strings alike, so no `String` is allocated just to be matched and dropped.
    struct EnumVisitor<T>(fn(&str) -> T);

    impl<T> serde::de::Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }

    deserializer.deserialize_str(EnumVisitor(from_wire))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of a generated enum, reduced to what the helpers need.
    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unrecognized(UnrecognizedValue),
    }

    impl Color {
        fn from_wire(value: &str) -> Self {
            match value {
                "RED" => Color::Red,
                other => Color::Unrecognized(UnrecognizedValue::new(other)),
            }
        }
    }

    fn parse(json: &str) -> Result<Color, serde_json::Error> {
        deserialize_enum(
            &mut serde_json::Deserializer::from_str(json),
            Color::from_wire,
        )
    }

    #[test]
    fn known_values_map_to_their_variant() {
        assert_eq!(parse(r#""RED""#).unwrap(), Color::Red);
    }

    #[test]
    fn unknown_values_keep_their_raw_string() {
        let Color::Unrecognized(value) = parse(r#""MAUVE""#).unwrap() else {
            panic!("expected Unrecognized");
        };
        assert_eq!(value.as_str(), "MAUVE");
        assert_eq!(value.to_string(), "MAUVE");
    }

    #[test]
    fn escaped_strings_are_unescaped_before_matching() {
        // `\u0052` is `R`: the visitor sees the decoded (transient) string.
        assert_eq!(parse(r#""\u0052ED""#).unwrap(), Color::Red);
    }

    #[test]
    fn unknown_enum_value_names_the_type_and_the_known_values() {
        let err = UnknownEnumValue::new("Color", "MAUVE", &["RED", "GREEN"]);
        assert_eq!(
            err.to_string(),
            "`MAUVE` is not a value of `Color` (expected one of: RED, GREEN)"
        );
        assert_eq!(err.value(), "MAUVE");
        assert_eq!(err.type_name(), "Color");
    }

    #[test]
    fn non_strings_are_rejected() {
        let err = parse("42").unwrap_err().to_string();
        assert!(err.contains("a string"), "{err}");
    }
}
