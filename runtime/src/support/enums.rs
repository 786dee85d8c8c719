//! The catch-all value of generated enums and their lenient deserialization.
//!
//! A generated string enum has one variant per documented value plus `Unrecognized(..)`, so a value
//! the server adds later does not break deserializing a response (see
//! `docs/decisions/003-enum-catch-all.md`).

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;

/// The raw wire value of an enum value this version of the crate does not know.
///
/// It serializes back exactly as received. It can only be made by deserializing or parsing,
/// so it never holds a value the enum knows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnrecognizedValue(String);

impl UnrecognizedValue {
    // Public for the generated `From<&str>` impls only: hidden, so users cannot build an
    // "unrecognized" value that the enum actually knows.
    #[doc(hidden)]
    pub fn new(value: &str) -> Self {
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

/// Deserializes a string enum through its lenient `From<&str>`, borrowing where it can.
#[doc(hidden)]
pub fn deserialize_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    // A visitor rather than `String::deserialize`: `visit_str` sees borrowed and transient
    // strings alike, so no `String` is allocated just to be matched and dropped.
    struct EnumVisitor<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(EnumVisitor(PhantomData))
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

    impl From<&str> for Color {
        fn from(value: &str) -> Self {
            match value {
                "RED" => Color::Red,
                other => Color::Unrecognized(UnrecognizedValue::new(other)),
            }
        }
    }

    fn parse(json: &str) -> Result<Color, serde_json::Error> {
        deserialize_enum(&mut serde_json::Deserializer::from_str(json))
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
    fn non_strings_are_rejected() {
        let err = parse("42").unwrap_err().to_string();
        assert!(err.contains("a string"), "{err}");
    }
}
