//! What every generated string enum has in common, written once: the [`StringEnum`] trait with
//! its default methods, the generic functions behind the enums' trait impls, and the
//! [`string_enum!`] macro that gives one enum its inherent methods and impls from its table of
//! variants and wire values.
//!
//! The generator emits, per enum, only what differs: the `enum` with its documented variants and
//! one `string_enum!` invocation listing `Variant = "WIRE"` pairs. The variant-to-string and
//! string-to-variant `match`es stay per enum (a `match` on strings compiles to a length switch and
//! a compare, faster than a table search); everything else is generic. See
//! `docs/decisions/017-lean-generated-code.md`.

use std::fmt;

use serde::{Deserializer, Serializer};

use super::enums::{UnknownEnumValue, UnrecognizedValue};
use super::validate::{FieldPath, Violation};

/// A generated string enum: the values the spec lists, and the `Unrecognized` catch-all.
pub trait StringEnum: Sized {
    /// The enum's name (`OrderType`), for error messages.
    const NAME: &'static str;
    /// Every value the spec lists, as sent on the wire.
    const KNOWN_VALUES: &'static [&'static str];

    /// The value as sent on the wire.
    fn wire(&self) -> &str;

    /// The variant of a listed value; `None` for any other.
    fn known(value: &str) -> Option<Self>;

    /// The catch-all variant holding `value`.
    fn unrecognized(value: UnrecognizedValue) -> Self;

    /// The raw value of the catch-all variant; `None` for a listed value.
    fn unrecognized_value(&self) -> Option<&UnrecognizedValue>;

    /// The value read as deserialization reads it: a listed value becomes its variant, anything
    /// else the catch-all, kept verbatim.
    fn lenient(value: &str) -> Self {
        Self::known(value).unwrap_or_else(|| Self::unrecognized(UnrecognizedValue::new(value)))
    }
}

/// Strict parse: fails on a value the spec does not list (`FromStr` of every enum).
pub fn parse_known<T: StringEnum>(value: &str) -> Result<T, UnknownEnumValue> {
    T::known(value).ok_or_else(|| UnknownEnumValue::new(T::NAME, value, T::KNOWN_VALUES))
}

/// Writes the wire value (`Display` of every enum).
pub fn display_enum<T: StringEnum>(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(value.wire())
}

/// Serializes the wire value.
pub fn serialize_enum<T: StringEnum, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.wire())
}

/// Deserializes through the lenient reading, borrowing where it can.
pub fn deserialize_string_enum<'de, T: StringEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    super::enums::deserialize_enum(deserializer, T::lenient)
}

/// Refuses the catch-all in a request unless the configuration allows it (`Validate` of every
/// enum).
pub fn validate_enum<T: StringEnum>(value: &T, path: &mut FieldPath, out: &mut Vec<Violation>) {
    if let Some(raw) = value.unrecognized_value() {
        path.unrecognized(out, T::NAME, raw.as_str());
    }
}

/// The inherent methods and trait impls of one generated string enum, from its name, whether
/// `Deserialize` is always there (`always`) or behind the `request-deserialize` feature
/// (`request_only`: a type only requests use), and its `Variant = "WIRE"` table. The enum must
/// have exactly these unit variants plus `Unrecognized(UnrecognizedValue)`.
// Unused in a crate whose APIs have no string enum (and in `codegen-runtime` outside its tests).
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident, $de:ident { $($variant:ident = $wire:literal,)* }) => {
        impl $name {
            /// Every value listed in the spec, as sent on the wire.
            pub const KNOWN_VALUES: &'static [&'static str] = &[$($wire),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unrecognized(value) => value.as_str(),
                }
            }

            /// The value read as deserialization reads it: a listed value becomes its variant,
            /// anything else `Unrecognized`, kept verbatim.
            ///
            /// The escape hatch for sending a value newer than this crate: `build_*` refuses a
            /// body holding an `Unrecognized` value unless the `Config` allows it
            /// (`allow_unrecognized_enum_values(true)`). For a strict parse use `str::parse`.
            pub fn from_wire(value: &str) -> Self {
                <Self as $crate::support::StringEnum>::lenient(value)
            }

            /// The variant of a listed value; `None` for any other.
            pub fn from_known(value: &str) -> Option<Self> {
                match value {
                    $($wire => Some(Self::$variant),)*
                    _ => None,
                }
            }

            /// Whether this is a value the spec does not list.
            pub fn is_unrecognized(&self) -> bool {
                matches!(self, Self::Unrecognized(_))
            }
        }

        impl $crate::support::StringEnum for $name {
            const NAME: &'static str = stringify!($name);
            const KNOWN_VALUES: &'static [&'static str] = Self::KNOWN_VALUES;

            fn wire(&self) -> &str {
                self.as_str()
            }

            fn known(value: &str) -> Option<Self> {
                Self::from_known(value)
            }

            fn unrecognized(value: $crate::support::UnrecognizedValue) -> Self {
                Self::Unrecognized(value)
            }

            fn unrecognized_value(&self) -> Option<&$crate::support::UnrecognizedValue> {
                match self {
                    Self::Unrecognized(value) => Some(value),
                    _ => None,
                }
            }
        }

        /// Strict: fails on a value the spec does not list (see `from_wire` for the lenient form).
        impl std::str::FromStr for $name {
            type Err = $crate::support::UnknownEnumValue;

            fn from_str(value: &str) -> Result<Self, $crate::support::UnknownEnumValue> {
                $crate::support::parse_known(value)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                $crate::support::display_enum(self, f)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<_S: serde::Serializer>(&self, serializer: _S) -> Result<_S::Ok, _S::Error> {
                $crate::support::serialize_enum(self, serializer)
            }
        }

        $crate::support::string_enum!(@deserialize $de $name);

        impl $crate::support::Validate for $name {
            fn validate_at(
                &self,
                path: &mut $crate::support::FieldPath,
                out: &mut Vec<$crate::support::Violation>,
            ) {
                $crate::support::validate_enum(self, path, out)
            }
        }
    };
    (@deserialize always $name:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<_D: serde::Deserializer<'de>>(deserializer: _D) -> Result<Self, _D::Error> {
                $crate::support::deserialize_string_enum(deserializer)
            }
        }
    };
    (@deserialize request_only $name:ident) => {
        /// Behind the `request-deserialize` feature: only requests hold this type, and nothing in
        /// the crate reads requests.
        #[cfg(feature = "request-deserialize")]
        #[cfg_attr(docsrs, doc(cfg(feature = "request-deserialize")))]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<_D: serde::Deserializer<'de>>(deserializer: _D) -> Result<Self, _D::Error> {
                $crate::support::deserialize_string_enum(deserializer)
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use crate::support::{StringEnum, Validate};

    /// A generated enum: documented unit variants and the catch-all.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    enum Channel {
        Web,
        PhoneOrder,
        Unrecognized(crate::support::UnrecognizedValue),
    }

    crate::support::string_enum!(Channel, always {
        Web = "WEB",
        PhoneOrder = "PHONE_ORDER",
    });

    /// The same, for a type only requests hold.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    enum Kind {
        A,
        Unrecognized(crate::support::UnrecognizedValue),
    }

    crate::support::string_enum!(Kind, request_only { A = "a", });

    #[test]
    fn wire_values_in_both_directions() {
        assert_eq!(Channel::KNOWN_VALUES, ["WEB", "PHONE_ORDER"]);
        assert_eq!(Channel::PhoneOrder.as_str(), "PHONE_ORDER");
        assert_eq!(Channel::from_known("WEB"), Some(Channel::Web));
        assert_eq!(Channel::from_known("web"), None);
        assert_eq!(Channel::from_wire("WEB"), Channel::Web);
        let unknown = Channel::from_wire("KIOSK");
        assert!(unknown.is_unrecognized());
        assert_eq!(unknown.as_str(), "KIOSK");
        assert_eq!(unknown.to_string(), "KIOSK");
        assert_eq!(<Channel as StringEnum>::NAME, "Channel");
        assert_eq!(Kind::from_wire("a"), Kind::A);
        assert!(!Kind::A.is_unrecognized());
    }

    #[test]
    fn parse_is_strict_and_names_the_type_and_values() {
        assert_eq!("PHONE_ORDER".parse::<Channel>(), Ok(Channel::PhoneOrder));
        let err = "KIOSK".parse::<Channel>().unwrap_err();
        assert_eq!(err.type_name(), "Channel");
        assert_eq!(err.value(), "KIOSK");
        assert_eq!(
            err.to_string(),
            "`KIOSK` is not a value of `Channel` (expected one of: WEB, PHONE_ORDER)"
        );
    }

    #[test]
    fn serde_keeps_unknown_values_verbatim() {
        let read: Vec<Channel> = serde_json::from_str(r#"["WEB","KIOSK"]"#).unwrap();
        assert_eq!(read[0], Channel::Web);
        assert!(read[1].is_unrecognized());
        assert_eq!(serde_json::to_string(&read).unwrap(), r#"["WEB","KIOSK"]"#);
        assert!(serde_json::from_str::<Channel>("3").is_err());
    }

    #[test]
    fn validation_refuses_only_the_catch_all() {
        assert!(Channel::Web.validate().is_ok());
        let violations = Channel::from_wire("KIOSK").validate().unwrap_err();
        assert_eq!(violations.len(), 1);
        assert!(
            violations[0].to_string().contains("Channel"),
            "{}",
            violations[0]
        );
    }
}
