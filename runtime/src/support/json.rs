//! Free-form JSON passed through unchanged: the fields a spec leaves open (`{}`, or an object
//! with `additionalProperties: true`) hold another system's data (a processor's whole answer, a
//! merchant's extra keys), which the crate must send and give back exactly as it came.
//!
//! `serde_json::Value` cannot: its numbers are `i64`, `u64` or `f64`, so
//! `12345678901234567890.12` comes back as `1.2345678901234567e19` and an integer beyond 64 bits
//! as a double. [`JsonValue`] and [`JsonObject`] keep the JSON text itself (a
//! `serde_json::value::RawValue`), so every number keeps its digits, and an explicit `null` is a
//! value like any other (see `docs/decisions/015-exact-numbers-and-lossless-json.md`, which
//! weighs serde_json's `arbitrary_precision` instead).

use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use super::serde_helpers::{TokenKey, RAW_VALUE_TOKEN};

/// Any JSON value, kept as the exact text received (compact when made from a
/// `serde_json::Value`): numbers keep every digit, `null` is kept, and serializing writes the
/// same text back.
///
/// Make one from a `serde_json::Value` (`json!(...).into()`) or from text
/// ([`JsonValue::from_text`]); read it with [`JsonValue::as_text`], [`JsonValue::to_value`] or
/// [`JsonValue::parse`]. Two values are equal when their texts are, or when they parse to equal
/// `serde_json::Value`s (so whitespace and key order do not matter; numbers are then compared as
/// `serde_json` reads them).
#[derive(Clone)]
pub struct JsonValue(Text);

/// The text of a [`JsonValue`]: its own, or, for the texts free-form fields hold most often
/// (`{}`, `[]`, `null`), one shared static copy, so that reading them allocates nothing.
#[derive(Clone)]
enum Text {
    Owned(Box<RawValue>),
    Shared(&'static RawValue),
}

impl Text {
    /// The shared copy of `text` when it is one of the texts kept once (byte for byte: `{ }`
    /// keeps its own text).
    #[inline]
    fn shared(text: &str) -> Option<Text> {
        static EMPTY_OBJECT: OnceLock<Option<&'static RawValue>> = OnceLock::new();
        static EMPTY_ARRAY: OnceLock<Option<&'static RawValue>> = OnceLock::new();
        let (cell, text) = match text {
            "null" => return Some(Text::Shared(RawValue::NULL)),
            "{}" => (&EMPTY_OBJECT, "{}"),
            "[]" => (&EMPTY_ARRAY, "[]"),
            _ => return None,
        };
        // Borrowed from the `'static` literal: no allocation, parsed once per process.
        (*cell.get_or_init(|| serde_json::from_str(text).ok())).map(Text::Shared)
    }

    /// The text of a value that is already known to be valid JSON (serde_json's raw text of a
    /// value it has just read); `from_string` checks it once more.
    fn from_json(text: &str) -> Result<Text, serde_json::Error> {
        match Text::shared(text) {
            Some(shared) => Ok(shared),
            None => RawValue::from_string(text.to_owned()).map(Text::Owned),
        }
    }

    #[inline]
    fn raw(&self) -> &RawValue {
        match self {
            Text::Owned(raw) => raw,
            Text::Shared(raw) => raw,
        }
    }
}

impl JsonValue {
    /// The JSON `null`.
    pub fn null() -> Self {
        JsonValue(Text::Shared(RawValue::NULL))
    }

    /// A value from its JSON text; fails when the text is not one JSON value. Whitespace is kept
    /// as given.
    pub fn from_text(text: impl Into<String>) -> Result<Self, serde_json::Error> {
        RawValue::from_string(text.into()).map(|raw| JsonValue(Text::Owned(raw)))
    }

    /// The JSON text, exactly as received.
    pub fn as_text(&self) -> &str {
        self.0.raw().get()
    }

    /// Whether this is the JSON `null`.
    pub fn is_null(&self) -> bool {
        self.as_text().trim() == "null"
    }

    /// The value as a `serde_json::Value`. Exact unless a number has more digits than a `u64`,
    /// `i64` or `f64` holds (then it is the nearest double, as `serde_json` reads it).
    pub fn to_value(&self) -> serde_json::Value {
        // The text is one valid JSON value (checked when it was made), which always reads as a
        // `Value`; only a nesting deeper than serde_json's recursion limit could fail.
        serde_json::from_str(self.as_text()).unwrap_or(serde_json::Value::Null)
    }

    /// Reads the value as a `T` (a type the caller knows the payload to have).
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.as_text())
    }
}

impl Default for JsonValue {
    /// The JSON `null`.
    fn default() -> Self {
        JsonValue::null()
    }
}

impl From<serde_json::Value> for JsonValue {
    fn from(value: serde_json::Value) -> Self {
        // A `Value` always serializes (its map keys are strings).
        serde_json::value::to_raw_value(&value)
            .map(|raw| JsonValue(Text::shared(raw.get()).unwrap_or(Text::Owned(raw))))
            .unwrap_or_else(|_| JsonValue::null())
    }
}

impl PartialEq for JsonValue {
    fn eq(&self, other: &Self) -> bool {
        self.as_text() == other.as_text() || self.to_value() == other.to_value()
    }
}

impl fmt::Debug for JsonValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_text())
    }
}

impl fmt::Display for JsonValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_text())
    }
}

impl Serialize for JsonValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // serde_json writes the text as it is; `serde_json::to_value` parses it.
        self.0.raw().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_newtype_struct(RAW_VALUE_TOKEN, RawVisitor)
            .map(JsonValue)
    }
}

/// Reads a value's text from serde_json (its raw-value protocol), or, from any other
/// deserializer (serde's buffer of a flattened or untagged container), the value itself.
struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        match map.next_key_seed(TokenKey)? {
            Some(true) => map.next_value_seed(RawText),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    // A buffer keeps numbers as `u64`/`i64`/`f64`: the nearest a `Value` holds.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Text, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        serde_json::value::to_raw_value(&value)
            .map(|raw| Text::shared(raw.get()).unwrap_or(Text::Owned(raw)))
            .map_err(de::Error::custom)
    }
}

/// The text serde_json hands over.
struct RawText;

impl<'de> DeserializeSeed<'de> for RawText {
    type Value = Text;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Text, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for RawText {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the text of a JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
        Text::from_json(text).map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Text, E> {
        match Text::shared(&text) {
            Some(shared) => Ok(shared),
            None => RawValue::from_string(text)
                .map(Text::Owned)
                .map_err(E::custom),
        }
    }
}

/// A free-form JSON object (`type: object` with `additionalProperties: true`), kept as the exact
/// text received, like [`JsonValue`]: numbers keep every digit, `null` members and the key order
/// are kept.
///
/// Make one from a `serde_json::Map` (`.into()`) or from text ([`JsonObject::from_text`], which
/// refuses anything but an object); read it with [`JsonObject::as_text`], [`JsonObject::to_map`]
/// or [`JsonObject::parse`].
#[derive(Clone, PartialEq)]
pub struct JsonObject(JsonValue);

impl JsonObject {
    /// An object from its JSON text; fails when the text is not one JSON object.
    pub fn from_text(text: impl Into<String>) -> Result<Self, serde_json::Error> {
        let value = JsonValue::from_text(text)?;
        Self::from_value(value).map_err(|_| {
            <serde_json::Error as de::Error>::invalid_type(
                de::Unexpected::Other("non-object JSON"),
                &"a JSON object",
            )
        })
    }

    fn from_value(value: JsonValue) -> Result<Self, JsonValue> {
        // A `RawValue`'s text starts with the value itself (serde_json drops the whitespace).
        if value.as_text().trim_ascii_start().starts_with('{') {
            Ok(JsonObject(value))
        } else {
            Err(value)
        }
    }

    /// The JSON text, exactly as received.
    pub fn as_text(&self) -> &str {
        self.0.as_text()
    }

    /// The object as a `serde_json::Map` (numbers as [`JsonValue::to_value`] reads them).
    pub fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
        match self.0.to_value() {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        }
    }

    /// Reads the object as a `T`.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        self.0.parse()
    }

    /// The object as a [`JsonValue`].
    pub fn into_value(self) -> JsonValue {
        self.0
    }
}

impl Default for JsonObject {
    /// `{}`.
    fn default() -> Self {
        JsonObject::from(serde_json::Map::new())
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for JsonObject {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        JsonObject(JsonValue::from(serde_json::Value::Object(map)))
    }
}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_text())
    }
}

impl fmt::Display for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_text())
    }
}

impl Serialize for JsonObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = JsonValue::deserialize(deserializer)?;
        JsonObject::from_value(value).map_err(|value| {
            let kind = match value.as_text().trim_start().as_bytes().first() {
                Some(b'[') => de::Unexpected::Seq,
                Some(b'"') => de::Unexpected::Other("string"),
                Some(b'n') => de::Unexpected::Unit,
                Some(b't' | b'f') => de::Unexpected::Other("boolean"),
                _ => de::Unexpected::Other("number"),
            };
            de::Error::invalid_type(kind, &"a JSON object")
        })
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for JsonValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnyValue".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::Schema::from(true)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for JsonObject {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Object".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "additionalProperties": true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Payment {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "super::super::present"
        )]
        payload: Option<JsonValue>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        extra: Option<JsonObject>,
    }

    fn round_trip(json: &str) -> String {
        let payment: Payment = serde_json::from_str(json).unwrap();
        serde_json::to_string(&payment).unwrap()
    }

    #[test]
    fn numbers_beyond_64_bits_and_17_digits_come_back_unchanged() {
        for json in [
            r#"{"payload":12345678901234567890.12}"#,
            r#"{"payload":123456789012345678901234567890}"#,
            r#"{"payload":-0.000000000000000000000000001}"#,
            r#"{"payload":{"amount":1e400,"n":[18446744073709551616,3.0000000000000001]}}"#,
            r#"{"extra":{"big":98765432109876543210,"z":null,"a":1.10}}"#,
        ] {
            assert_eq!(round_trip(json), json);
        }
        // From a reader too.
        let json = r#"{"payload":12345678901234567890.12}"#;
        let payment: Payment = serde_json::from_reader(json.as_bytes()).unwrap();
        assert_eq!(serde_json::to_string(&payment).unwrap(), json);
    }

    #[test]
    fn an_explicit_null_is_kept_apart_from_an_absent_key() {
        assert_eq!(round_trip(r#"{"payload":null}"#), r#"{"payload":null}"#);
        assert_eq!(round_trip(r#"{}"#), r#"{}"#);
        let payment: Payment = serde_json::from_str(r#"{"payload":null}"#).unwrap();
        assert!(payment.payload.unwrap().is_null());
        assert_eq!(
            round_trip(r#"{"payload":[null,{"a":null}]}"#),
            r#"{"payload":[null,{"a":null}]}"#
        );
    }

    #[test]
    fn objects_refuse_other_values() {
        for bad in [
            r#"{"extra":[1]}"#,
            r#"{"extra":"x"}"#,
            r#"{"extra":3}"#,
            r#"{"extra":true}"#,
        ] {
            let err = serde_json::from_str::<Payment>(bad)
                .unwrap_err()
                .to_string();
            assert!(err.contains("expected a JSON object"), "{bad}: {err}");
        }
        assert!(JsonObject::from_text("[1]").is_err());
        assert!(JsonObject::from_text(" {\"a\": 1}").is_ok());
        assert!(JsonValue::from_text("{").is_err());
    }

    /// `{}`, `[]` and `null` are shared static texts, the rest owned: either way the text is the
    /// one received, through every reader.
    #[test]
    fn common_texts_are_shared_and_read_like_any_other() {
        for text in ["{}", "[]", "null"] {
            assert!(
                matches!(Text::shared(text), Some(Text::Shared(_))),
                "{text}"
            );
        }
        for text in ["{ }", "[ ]", "0", "\"\"", "{\"a\":1}", "nul"] {
            assert!(Text::shared(text).is_none(), "{text}");
        }
        for json in [
            r#"{"payload":{},"extra":{}}"#,
            r#"{"payload":[],"extra":{"a":{}}}"#,
            r#"{"payload":null}"#,
            r#"{"payload":{ },"extra":{ }}"#,
            r#"{"payload":[{},[],null]}"#,
        ] {
            assert_eq!(round_trip(json), json);
            let payment: Payment = serde_json::from_reader(json.as_bytes()).unwrap();
            assert_eq!(serde_json::to_string(&payment).unwrap(), json);
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let payment: Payment = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(&payment).unwrap(), value);
        }
        let empty: Payment = serde_json::from_str(r#"{"payload":{},"extra":{}}"#).unwrap();
        let extra = empty.extra.unwrap();
        assert_eq!(extra, JsonObject::default());
        assert_eq!(extra, JsonObject::from_text("{}").unwrap());
        assert_eq!(extra.to_map().len(), 0);
        let payload = empty.payload.unwrap();
        assert_eq!(payload, JsonValue::from(serde_json::json!({})));
        assert!(!payload.is_null());
        assert!(JsonValue::null().is_null());
        assert_eq!(JsonValue::null().as_text(), "null");
        // `[]` is a value, not an object.
        let err = serde_json::from_str::<Payment>(r#"{"extra":[]}"#).unwrap_err();
        assert!(err.to_string().contains("expected a JSON object"), "{err}");
    }

    #[test]
    fn values_convert_compare_and_print() {
        let value = JsonValue::from(serde_json::json!({"b": [1, 2.5], "a": "x"}));
        // Compact; the key order is `serde_json::Map`'s (sorted, or as written with serde_json's
        // `preserve_order`).
        assert!(
            [r#"{"a":"x","b":[1,2.5]}"#, r#"{"b":[1,2.5],"a":"x"}"#].contains(&value.as_text()),
            "{value}"
        );
        assert_eq!(value.to_string(), value.as_text());
        assert_eq!(format!("{value:?}"), value.as_text());
        // Equal as JSON values, whatever the spacing and key order.
        let spaced = JsonValue::from_text(r#"{ "b": [1, 2.5], "a": "x" }"#).unwrap();
        assert_eq!(value, spaced);
        assert_eq!(spaced.as_text(), r#"{ "b": [1, 2.5], "a": "x" }"#);
        assert_ne!(value, JsonValue::null());
        assert_eq!(JsonValue::default(), JsonValue::null());
        assert_eq!(value.to_value()["b"][1], 2.5);
        let parsed: std::collections::BTreeMap<String, serde_json::Value> = value.parse().unwrap();
        assert_eq!(parsed.len(), 2);
        let object = JsonObject::from(serde_json::Map::new());
        assert_eq!(object.as_text(), "{}");
        assert_eq!(object, JsonObject::default());
        assert_eq!(object.to_map().len(), 0);
        // `serde_json::to_value` reads the text.
        assert_eq!(serde_json::to_value(&value).unwrap(), value.to_value());
    }

    /// In a flattened or untagged container serde buffers the value first: it is read through a
    /// `serde_json::Value` there (numbers as serde_json reads them), and still works.
    #[test]
    fn buffered_values_are_read_through_a_value() {
        #[derive(Debug, Deserialize)]
        struct Outer {
            #[serde(flatten)]
            inner: Inner,
        }
        #[derive(Debug, Deserialize)]
        struct Inner {
            payload: JsonValue,
            extra: JsonObject,
        }
        let outer: Outer =
            serde_json::from_str(r#"{"payload": [1, null, "x"], "extra": {"a": 1}}"#).unwrap();
        assert_eq!(outer.inner.payload.as_text(), r#"[1,null,"x"]"#);
        assert_eq!(outer.inner.extra.as_text(), r#"{"a":1}"#);
        // From a `Value`, too.
        let inner: Inner =
            serde_json::from_value(serde_json::json!({"payload": 7, "extra": {}})).unwrap();
        assert_eq!(inner.payload.as_text(), "7");
    }
}
