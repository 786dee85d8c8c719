//! A lean `Deserialize` for generated structs: one `visit_map` per struct, written by the
//! [`struct_deserialize!`] macro from the struct's table of fields, and generic functions for
//! everything that is the same for every struct (reading a key, reading a value once, the
//! integer rule, `null` against absent, naming a missing field).
//!
//! It keeps what serde's derive does for these structs: keys matched exactly (wire spelling),
//! unknown keys skipped, a key given twice refused ("duplicate field `x`"), a missing required
//! field named ("missing field `x`"; a required field whose type reads a missing value, such as
//! `serde_json::Value`, gets it as the derive does), optional keys reading `null` as `None`,
//! optional nullable keys keeping absent (`None`) apart from `null` (`Some(None)`), and integers
//! read through [`super::integer`]. The derive also accepts a struct written as a JSON array of
//! its values in field order; no spec describes that form, and this one refuses it. See
//! `docs/decisions/017-lean-generated-code.md`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::integers::{integer, JsonInteger};

// The readers below and the macro's `visit_map` are `#[inline]`: the derive writes all of a
// struct's reading in one function, which serde_json's `deserialize_struct` inlines; without the
// hint the generic readers stayed calls, the `fn` given to `next_field` an indirect call, and
// typed deserialization cost up to 3 % more instructions (BENCHMARKS.md, "run time, third
// round").

/// The next key of `map` as the index of its field (`Some(None)` for a key the struct does not
/// have), found by `field`: a per-struct `match` on the key text (what serde's derive writes too;
/// faster than searching a table), given as a function so the reading around it stays generic.
#[inline]
pub fn next_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    field: fn(&str) -> Option<usize>,
) -> Result<Option<Option<usize>>, A::Error> {
    map.next_key_seed(FieldSeed(field))
}

/// Reads a key and finds its field.
struct FieldSeed(fn(&str) -> Option<usize>);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Option<usize>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldSeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok((self.0)(key))
    }

    #[inline]
    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(std::str::from_utf8(key).ok().and_then(self.0))
    }
}

/// Skips the value of a key the struct does not have.
#[inline]
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// Refuses a key given twice.
#[inline]
fn once<E: de::Error, T>(slot: &Option<T>, wire: &'static str) -> Result<(), E> {
    match slot {
        Some(_) => Err(E::duplicate_field(wire)),
        None => Ok(()),
    }
}

/// The value of `wire`, read as its type reads (an optional field's `Option` reads `null` as
/// `None`).
#[inline]
pub fn read_plain<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    once(slot, wire)?;
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of `wire` for an optional free-form field: a present `null` is a value (`Some`), kept
/// so that it is written back, unlike [`read_plain`] where `null` reads as absent.
#[inline]
pub fn read_present<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    wire: &'static str,
) -> Result<(), A::Error> {
    once(slot, wire)?;
    *slot = Some(Some(map.next_value()?));
    Ok(())
}

/// The value of `wire`, holding JSON Schema integers (read through [`super::integer`]).
#[inline]
pub fn read_integer<'de, A: MapAccess<'de>, T: JsonInteger>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    once(slot, wire)?;
    *slot = Some(map.next_value_seed(IntegerSeed(PhantomData))?);
    Ok(())
}

/// The value of an optional nullable `wire`: present (`null` included) is `Some(..)`.
#[inline]
pub fn read_nullable<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<Option<T>>>,
    wire: &'static str,
) -> Result<(), A::Error> {
    once(slot, wire)?;
    *slot = Some(Some(map.next_value::<Option<T>>()?));
    Ok(())
}

/// [`read_nullable`] for integers.
#[inline]
pub fn read_nullable_integer<'de, A: MapAccess<'de>, T: JsonInteger>(
    map: &mut A,
    slot: &mut Option<Option<Option<T>>>,
    wire: &'static str,
) -> Result<(), A::Error> {
    once(slot, wire)?;
    *slot = Some(Some(
        map.next_value_seed(IntegerSeed::<Option<T>>(PhantomData))?,
    ));
    Ok(())
}

/// Reads through [`super::integer`].
struct IntegerSeed<T>(PhantomData<T>);

impl<'de, T: JsonInteger> DeserializeSeed<'de> for IntegerSeed<T> {
    type Value = T;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        integer(deserializer)
    }
}

/// A required field: its value, or what its type reads from a missing value (serde's rule: a
/// type that accepts `none` reads it, everything else fails with "missing field `x`").
#[inline]
pub fn finish_required<'de, T: Deserialize<'de>, E: de::Error>(
    slot: Option<T>,
    wire: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(wire, PhantomData)),
    }
}

/// A required integer field: its value, or "missing field `x`".
#[inline]
pub fn finish_required_integer<T, E: de::Error>(
    slot: Option<T>,
    wire: &'static str,
) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(wire))
}

/// A field that may be absent: its value, or `None`.
#[inline]
pub fn finish_optional<T: Default>(slot: Option<T>) -> T {
    slot.unwrap_or_default()
}

/// What a missing key reads as: `none` for types that accept it, "missing field `x`" otherwise.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// `Deserialize` of one generated struct: its name, whether the impl is always there (`always`)
/// or behind the `request-deserialize` feature (`request_only`), and per field its index in the
/// key table, its Rust name, wire key and kind: `req` (required), `opt` (may be absent, or is
/// nullable: `Option`), `null` (optional and nullable: `Option<Option<_>>`), each with `_int` when
/// the value holds integers, and `kept` (optional free-form JSON: a present `null` is `Some`).
// Unused in a crate whose APIs have no struct (and in `codegen-runtime` outside its tests).
#[allow(unused_macros)]
macro_rules! struct_deserialize {
    ($name:ident, $de:ident { $($index:literal $field:ident = $wire:literal $kind:ident,)* }) => {
        $crate::support::struct_deserialize!(@impl $de $name {
            #[allow(deprecated)]
            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<_D: serde::Deserializer<'de>>(deserializer: _D) -> Result<Self, _D::Error> {
                    const FIELDS: &[&str] = &[$($wire),*];

                    struct _Visitor;

                    impl<'de> serde::de::Visitor<'de> for _Visitor {
                        type Value = $name;

                        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                            f.write_str(concat!("struct ", stringify!($name)))
                        }

                        #[inline]
                        fn visit_map<_A: serde::de::MapAccess<'de>>(self, mut map: _A) -> Result<$name, _A::Error> {
                            $(let mut $field = None;)*
                            fn _field_index(key: &str) -> Option<usize> {
                                match key {
                                    $($wire => Some($index),)*
                                    _ => None,
                                }
                            }
                            while let Some(key) = $crate::support::next_field(&mut map, _field_index)? {
                                match key {
                                    $(Some($index) => $crate::support::struct_deserialize!(@read $kind map $field $wire),)*
                                    _ => $crate::support::skip_value(&mut map)?,
                                }
                            }
                            Ok($name {
                                $($field: $crate::support::struct_deserialize!(@finish $kind $field $wire),)*
                            })
                        }
                    }

                    deserializer.deserialize_struct(stringify!($name), FIELDS, _Visitor)
                }
            }
        });
    };
    (@read req $map:ident $field:ident $wire:literal) => {
        $crate::support::read_plain(&mut $map, &mut $field, $wire)?
    };
    (@read opt $map:ident $field:ident $wire:literal) => {
        $crate::support::read_plain(&mut $map, &mut $field, $wire)?
    };
    (@read kept $map:ident $field:ident $wire:literal) => {
        $crate::support::read_present(&mut $map, &mut $field, $wire)?
    };
    (@read null $map:ident $field:ident $wire:literal) => {
        $crate::support::read_nullable(&mut $map, &mut $field, $wire)?
    };
    (@read null_int $map:ident $field:ident $wire:literal) => {
        $crate::support::read_nullable_integer(&mut $map, &mut $field, $wire)?
    };
    (@read $int:ident $map:ident $field:ident $wire:literal) => {
        $crate::support::read_integer(&mut $map, &mut $field, $wire)?
    };
    (@finish req $field:ident $wire:literal) => {
        $crate::support::finish_required($field, $wire)?
    };
    (@finish req_int $field:ident $wire:literal) => {
        $crate::support::finish_required_integer($field, $wire)?
    };
    (@finish $optional:ident $field:ident $wire:literal) => {
        $crate::support::finish_optional($field)
    };
    (@impl always $name:ident { $($item:item)* }) => {
        $($item)*
    };
    (@impl request_only $name:ident { $($item:item)* }) => {
        $(
            /// Behind the `request-deserialize` feature: only requests hold this type, and
            /// nothing in the crate reads requests.
            #[cfg(feature = "request-deserialize")]
            #[cfg_attr(docsrs, doc(cfg(feature = "request-deserialize")))]
            $item
        )*
    };
}

#[allow(unused_imports)]
pub(crate) use struct_deserialize;

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// The shape of a generated struct: one field of each kind.
    #[derive(Debug, PartialEq)]
    struct Order {
        order_id: String,
        amount: i64,
        note: Option<String>,
        count: Option<i64>,
        carrier: Option<Option<String>>,
        quantity: Option<Option<i64>>,
        middle_name: Option<String>,
        payload: Value,
        items: Vec<i64>,
    }

    crate::support::struct_deserialize!(Order, always {
        0 order_id = "orderId" req,
        1 amount = "amount" req_int,
        2 note = "note" opt,
        3 count = "count" opt_int,
        4 carrier = "carrier" null,
        5 quantity = "quantity" null_int,
        6 middle_name = "middleName" opt,
        7 payload = "payload" req,
        8 items = "items" req_int,
    });

    fn read(value: Value) -> Result<Order, String> {
        serde_json::from_str(&value.to_string()).map_err(|e| e.to_string())
    }

    fn minimal() -> Value {
        json!({"orderId": "o1", "amount": 3, "payload": {"a": 1}, "items": [1, 2.0]})
    }

    #[test]
    fn reads_every_kind_of_field() {
        let order = read(json!({
            "orderId": "o1", "amount": 3.0, "note": "n", "count": 2, "carrier": null,
            "quantity": 5, "middleName": null, "payload": [1], "items": []
        }))
        .unwrap();
        assert_eq!(
            order,
            Order {
                order_id: "o1".into(),
                amount: 3,
                note: Some("n".into()),
                count: Some(2),
                carrier: Some(None),
                quantity: Some(Some(5)),
                middle_name: None,
                payload: json!([1]),
                items: vec![],
            }
        );
        let order = read(minimal()).unwrap();
        assert_eq!(
            (order.carrier, order.quantity, order.note),
            (None, None, None)
        );
        assert_eq!(order.items, [1, 2]);
    }

    #[test]
    fn unknown_keys_are_skipped_and_escaped_keys_matched() {
        let mut value = minimal();
        value["later"] = json!({"deep": [1, 2, {"x": null}]});
        assert!(read(value).is_ok());
        let escaped = r#"{"order\u0049d": "o1", "amount": 1, "payload": 1, "items": []}"#;
        assert_eq!(
            serde_json::from_str::<Order>(escaped).unwrap().order_id,
            "o1"
        );
        // Read from a `Value` (owned keys), as `serde_json::from_value` does.
        assert!(serde_json::from_value::<Order>(minimal()).is_ok());
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        let text = r#"{"orderId": "a", "orderId": "b", "amount": 1, "payload": 1, "items": []}"#;
        let err = serde_json::from_str::<Order>(text).unwrap_err().to_string();
        assert!(err.starts_with("duplicate field `orderId`"), "{err}");
        let text = r#"{"orderId": "a", "carrier": null, "carrier": "x", "amount": 1, "payload": 1, "items": []}"#;
        let err = serde_json::from_str::<Order>(text).unwrap_err().to_string();
        assert!(err.starts_with("duplicate field `carrier`"), "{err}");
    }

    #[test]
    fn a_missing_required_field_is_named() {
        for key in ["orderId", "amount", "items", "payload"] {
            let mut value = minimal();
            value.as_object_mut().unwrap().remove(key);
            let err = read(value).unwrap_err();
            assert!(err.starts_with(&format!("missing field `{key}`")), "{err}");
        }
        // Optional and required nullable fields read a missing key as `None`.
        let mut value = minimal();
        value.as_object_mut().unwrap().remove("middleName");
        assert_eq!(read(value).unwrap().middle_name, None);
    }

    #[test]
    fn integers_follow_the_runtime_rule_and_types_are_checked() {
        let mut value = minimal();
        value["amount"] = json!(3.5);
        assert!(read(value).is_err());
        let mut value = minimal();
        value["count"] = json!("2");
        assert!(read(value).is_err());
        let mut value = minimal();
        value["orderId"] = json!(null);
        assert!(read(value).is_err());
    }

    #[test]
    fn only_an_object_is_a_struct() {
        for value in [json!([]), json!("o1"), json!(null)] {
            let err = read(value).unwrap_err();
            assert!(err.contains("expected struct Order"), "{err}");
        }
    }
}
