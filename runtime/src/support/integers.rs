//! JSON Schema's `integer` is a number with no fractional part, so `3.0` is an integer; serde's
//! `i64` refuses it. Fields typed `integer` read through [`integer`] (and [`integer_double_option`]
//! for optional nullable ones), which accept `3.0` and keep refusing `3.5`. They still write
//! plain integers.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// A value that holds JSON Schema integers somewhere inside: `i64` itself, or an `Option`, `Vec`,
/// map or `Box` of one.
pub trait JsonInteger: Sized {
    /// Reads the value, taking whole numbers written with a fraction (`3.0`) as integers.
    fn deserialize_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `deserialize_with` for fields typed `integer` (or containers of them).
#[doc(hidden)]
pub fn integer<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: JsonInteger,
{
    T::deserialize_integer(deserializer)
}

/// [`super::double_option`] for integers: a present key, `null` included, is `Some(..)`.
#[doc(hidden)]
pub fn integer_double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: JsonInteger,
{
    Option::<T>::deserialize_integer(deserializer).map(Some)
}

struct IntegerVisitor;

impl Visitor<'_> for IntegerVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::custom("integer out of the range of i64"))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
        // 2^63 is exactly representable; every whole f64 below it in magnitude fits an i64.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value) {
            // The range check above makes the conversion exact.
            Ok(value as i64)
        } else {
            // The value itself stays out of the message: it may be sensitive.
            Err(E::custom(
                "expected an integer, found a number with a fractional part or out of range",
            ))
        }
    }
}

impl JsonInteger for i64 {
    fn deserialize_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IntegerVisitor)
    }
}

impl<T: JsonInteger> JsonInteger for Box<T> {
    fn deserialize_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_integer(deserializer).map(Box::new)
    }
}

/// Reads one `T` through [`JsonInteger`], for elements of sequences and maps.
struct Seed<T>(PhantomData<T>);

impl<'de, T: JsonInteger> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_integer(deserializer)
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: JsonInteger> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_integer(deserializer).map(Some)
    }
}

impl<T: JsonInteger> JsonInteger for Option<T> {
    fn deserialize_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

struct SeqVisitor<T>(PhantomData<T>);

impl<'de, T: JsonInteger> Visitor<'de> for SeqVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of integers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(Seed(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<T: JsonInteger> JsonInteger for Vec<T> {
    fn deserialize_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(SeqVisitor(PhantomData))
    }
}

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: JsonInteger> Visitor<'de> for MapVisitor<T> {
    type Value = BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of integers")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            out.insert(key, map.next_value_seed(Seed(PhantomData))?);
        }
        Ok(out)
    }
}

impl<T: JsonInteger> JsonInteger for BTreeMap<String, T> {
    fn deserialize_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Counts {
        #[serde(deserialize_with = "super::integer")]
        plain: i64,
        #[serde(default, deserialize_with = "super::integer")]
        optional: Option<i64>,
        #[serde(default, deserialize_with = "super::integer_double_option")]
        nullable: Option<Option<i64>>,
        #[serde(default, deserialize_with = "super::integer")]
        list: Vec<Vec<i64>>,
        #[serde(default, deserialize_with = "super::integer")]
        map: BTreeMap<String, i64>,
    }

    fn parse(json: &str) -> Result<Counts, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn whole_numbers_with_a_fraction_are_integers() {
        let counts = parse(
            r#"{"plain": 3.0, "optional": -2.0, "nullable": 1e3, "list": [[1, 2.0]], "map": {"a": 7.0}}"#,
        )
        .unwrap();
        assert_eq!(counts.plain, 3);
        assert_eq!(counts.optional, Some(-2));
        assert_eq!(counts.nullable, Some(Some(1000)));
        assert_eq!(counts.list, vec![vec![1, 2]]);
        assert_eq!(counts.map["a"], 7);
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        let absent = parse(r#"{"plain": 1}"#).unwrap();
        assert_eq!((absent.optional, absent.nullable), (None, None));
        let null = parse(r#"{"plain": 1, "optional": null, "nullable": null}"#).unwrap();
        assert_eq!((null.optional, null.nullable), (None, Some(None)));
    }

    #[test]
    fn fractions_strings_and_out_of_range_values_are_refused_without_quoting_them() {
        for bad in [
            r#"{"plain": 3.5}"#,
            r#"{"plain": "3"}"#,
            r#"{"plain": 1e19}"#,
            r#"{"plain": 18446744073709551615}"#,
            r#"{"plain": 1, "list": [[0.5]]}"#,
        ] {
            let err = parse(bad).unwrap_err();
            assert!(!err.contains("3.5") && !err.contains("0.5"), "{bad}: {err}");
        }
        assert_eq!(
            parse(r#"{"plain": -9223372036854775808}"#).unwrap().plain,
            i64::MIN
        );
    }
}
