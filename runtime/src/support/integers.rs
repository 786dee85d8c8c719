//! JSON Schema's `integer` is a number with no fractional part, so `3.0` is an integer; serde's
//! `i64` refuses it. Fields typed `integer` read through [`integer`] (and [`integer_double_option`]
//! for optional nullable ones), which accept a number written with a fraction or an exponent only
//! when it is exactly an integer in the range of `i64` (`3.0`, `1e3`, `9007199254740993.0`), and
//! refuse every other (`3.5`, `3.0000000000000001`, `1e-400`, `-9223372036854775809`): a value is
//! never rounded into an integer. They still write plain integers.
//!
//! Exactness needs the number's text, which serde's `f64` has lost (`3.0000000000000001` and
//! `3.0` are the same `f64`). Read by serde_json (`from_str`, `from_slice`, `from_reader`,
//! `from_value`), the text is asked for through serde_json's raw-value protocol (its feature
//! `raw_value`, the one `serde_json::value::RawValue` uses) and read decimal digit by digit. Read
//! through a buffer (a field of a `#[serde(flatten)]` or `#[serde(untagged)]` container, which
//! serde reads into its own `Content` first, or another format) only the `f64` is left: then a
//! number with a fraction or an exponent is an integer only below 2^53 in magnitude, where every
//! `f64` is exactly the integer it shows, so nothing beyond the double's precision is rounded
//! into range (see `docs/decisions/015-exact-numbers-and-lossless-json.md`).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::serde_helpers::{TokenKey, RAW_VALUE_TOKEN};

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

/// Why a number is not an `i64`; never the number itself (it may be sensitive).
const NOT_AN_INTEGER: &str = "expected an integer, found a number with a fractional part";
const OUT_OF_RANGE: &str = "expected an integer, found a number out of the range of i64";

/// Reads an integer from serde_json's text of the value, or from the value a buffering
/// deserializer hands over.
struct ExactIntegerVisitor;

impl<'de> Visitor<'de> for ExactIntegerVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    // serde_json: `{RAW_VALUE_TOKEN: "<the value's JSON text>"}`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<i64, A::Error> {
        match map.next_key_seed(TokenKey)? {
            Some(true) => map.next_value_seed(IntegerText),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    // Any other deserializer (serde's buffer of a flattened or untagged container, another
    // format): the value itself.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<i64, D::Error> {
        deserializer.deserialize_any(IntegerVisitor)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        IntegerVisitor.visit_i64(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        IntegerVisitor.visit_u64(value)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
        IntegerVisitor.visit_f64(value)
    }
}

/// The JSON text of a value, read as an exact integer.
struct IntegerText;

impl<'de> DeserializeSeed<'de> for IntegerText {
    type Value = i64;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<i64, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for IntegerText {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<i64, E> {
        // serde_json hands over the value's text without the whitespace around it; JSON's
        // whitespace is ASCII, so `trim_ascii` is `trim` here, without the Unicode tables.
        let text = text.trim_ascii();
        match exact_integer(text) {
            Ok(value) => Ok(value),
            Err(Refusal::NotANumber) => Err(E::invalid_type(kind_of(text), &self)),
            Err(Refusal::Fraction) => Err(E::custom(NOT_AN_INTEGER)),
            Err(Refusal::OutOfRange) => Err(E::custom(OUT_OF_RANGE)),
        }
    }
}

/// What a JSON text that is not a number is, for the "invalid type" message (without the value).
fn kind_of(text: &str) -> de::Unexpected<'static> {
    match text.as_bytes().first() {
        Some(b'"') => de::Unexpected::Other("string"),
        Some(b'{') => de::Unexpected::Map,
        Some(b'[') => de::Unexpected::Seq,
        Some(b't' | b'f') => de::Unexpected::Other("boolean"),
        Some(b'n') => de::Unexpected::Unit,
        _ => de::Unexpected::Other("value"),
    }
}

/// Why a JSON text is not an `i64`.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// Not a JSON number at all.
    NotANumber,
    /// A number that is not a whole number (`3.5`, `3.0000000000000001`, `1e-400`).
    Fraction,
    /// A whole number beyond `i64`.
    OutOfRange,
}

/// The exact value of a JSON number (RFC 8259: `-? int frac? exp?`) when it is an integer in the
/// range of `i64`, computed from its decimal digits (no floating point).
fn exact_integer(text: &str) -> Result<i64, Refusal> {
    // The common case, an integer literal: no fraction, no exponent.
    match integer_literal(text.as_bytes()) {
        Some(read) => read,
        None => decimal_integer(text),
    }
}

/// [`exact_integer`] for any JSON number, digit by digit.
fn decimal_integer(text: &str) -> Result<i64, Refusal> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let digits_end = |s: &str| {
        s.bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(s.len())
    };
    let int_len = digits_end(rest);
    let (int_part, mut rest) = rest.split_at(int_len);
    if int_part.is_empty() || (int_part.len() > 1 && int_part.starts_with('0')) {
        return Err(Refusal::NotANumber);
    }
    let mut frac_part = "";
    if let Some(after) = rest.strip_prefix('.') {
        let len = digits_end(after);
        if len == 0 {
            return Err(Refusal::NotANumber);
        }
        (frac_part, rest) = after.split_at(len);
    }
    // The power of ten the digits are multiplied by; saturated, since `1e99999999999999999999`
    // is as out of range as `1e20`.
    let mut exponent: i64 = 0;
    if let Some(after) = rest.strip_prefix(['e', 'E']) {
        let (exp_negative, after) = match after.as_bytes().first() {
            Some(b'-') => (true, &after[1..]),
            Some(b'+') => (false, &after[1..]),
            _ => (false, after),
        };
        let len = digits_end(after);
        if len == 0 || len != after.len() {
            return Err(Refusal::NotANumber);
        }
        exponent = after.bytes().fold(0i64, |acc, b| {
            acc.saturating_mul(10).saturating_add(i64::from(b - b'0'))
        });
        if exp_negative {
            exponent = -exponent;
        }
    } else if !rest.is_empty() {
        return Err(Refusal::NotANumber);
    }
    // The significant digits, without leading zeros, and the power of ten they are scaled by.
    let digits: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes())
        .skip_while(|b| *b == b'0')
        .collect();
    let Some(last) = digits.iter().rposition(|b| *b != b'0') else {
        return Ok(0); // `0`, `-0.0`, `0e-400`
    };
    let trailing_zeros = (digits.len() - 1 - last) as i64;
    let significant = &digits[..=last];
    let scale = exponent
        .saturating_sub(frac_part.len() as i64)
        .saturating_add(trailing_zeros);
    if scale < 0 {
        return Err(Refusal::Fraction);
    }
    // i64 has at most 19 digits.
    if (significant.len() as i64).saturating_add(scale) > 19 {
        return Err(Refusal::OutOfRange);
    }
    let magnitude = significant
        .iter()
        .fold(0i128, |acc, b| acc * 10 + i128::from(b - b'0'))
        * 10i128.pow(scale as u32);
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).map_err(|_| Refusal::OutOfRange)
}

/// An integer literal (`-?[0-9]+`, no fraction, no exponent) read in one pass over its digits;
/// `None` when the text is something else (a fraction, an exponent, not a number), which
/// [`exact_integer`] then reads digit by digit. A leading zero is refused as JSON refuses it.
#[inline]
fn integer_literal(text: &[u8]) -> Option<Result<i64, Refusal>> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    // `u64` holds every 19-digit number, and i64's magnitudes have at most 19 digits.
    let mut magnitude: u64 = 0;
    for (i, &b) in digits.iter().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        if i == 19 {
            // 20 digits or more: beyond `i64` if every byte is a digit, else not a literal.
            return digits[i..]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| Err(leading_zero(digits).unwrap_or(Refusal::OutOfRange)));
        }
        magnitude = magnitude * 10 + u64::from(b - b'0');
    }
    if digits.is_empty() {
        return None;
    }
    if let Some(refusal) = leading_zero(digits) {
        return Some(Err(refusal));
    }
    Some(if negative {
        // `-9223372036854775808` is `i64::MIN`, whose magnitude is one more than `i64::MAX`.
        0i64.checked_sub_unsigned(magnitude)
            .ok_or(Refusal::OutOfRange)
    } else {
        i64::try_from(magnitude).map_err(|_| Refusal::OutOfRange)
    })
}

/// JSON's grammar: a number's integer part is `0` or starts with a non-zero digit.
#[inline]
fn leading_zero(digits: &[u8]) -> Option<Refusal> {
    (digits.len() > 1 && digits[0] == b'0').then_some(Refusal::NotANumber)
}

/// Reads a number a buffering deserializer hands over as `i64`, `u64` or `f64`.
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
        i64::try_from(value).map_err(|_| E::custom(OUT_OF_RANGE))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
        // Below 2^53 every f64 is exactly the integer or fraction it shows; from 2^53 on, a
        // double is the rounding of many decimal texts (`9007199254740993.0` reads as
        // `...992`), so it is refused rather than read as a neighbour. The value itself stays
        // out of the message: it may be sensitive.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if value.fract() != 0.0 {
            Err(E::custom(NOT_AN_INTEGER))
        } else if (-EXACT..EXACT).contains(&value) {
            // The range check above makes the conversion exact.
            Ok(value as i64)
        } else {
            Err(E::custom(OUT_OF_RANGE))
        }
    }
}

impl JsonInteger for i64 {
    fn deserialize_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, ExactIntegerVisitor)
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

    /// What each reader makes of one value of `plain`: serde_json's text reader, its reader of
    /// an `io::Read`, and its `Value`.
    fn read_plain(number: &str) -> [Result<i64, String>; 2] {
        let json = format!(r#"{{"plain": {number}}}"#);
        let from_reader = serde_json::from_reader::<_, Counts>(json.as_bytes())
            .map(|c| c.plain)
            .map_err(|e| e.to_string());
        [parse(&json).map(|c| c.plain), from_reader]
    }

    #[test]
    fn only_numbers_that_are_exactly_an_integer_in_range_are_read() {
        let exact = [
            ("9007199254740993.0", 9_007_199_254_740_993),
            ("9007199254740993", 9_007_199_254_740_993),
            ("9223372036854775807.0", i64::MAX),
            ("-9223372036854775808.000", i64::MIN),
            ("922337203685477580.7e1", 9_223_372_036_854_775_807),
            ("1E+2", 100),
            ("12.50e1", 125),
            ("0.5e1", 5),
            ("-0.0", 0),
            ("0e-400", 0),
            ("100e-2", 1),
        ];
        for (text, value) in exact {
            for read in read_plain(text) {
                assert_eq!(read, Ok(value), "{text}");
            }
        }
        let refused = [
            "3.0000000000000001",
            "1e-400",
            "-9223372036854775809",
            "9223372036854775808",
            "9223372036854775808.0",
            "1e19",
            "1e99999999999999999999",
            "123456789012345678901234567890",
            "0.1",
            "-1e-1",
        ];
        for text in refused {
            for read in read_plain(text) {
                let err = read.expect_err(text);
                assert!(
                    err.starts_with("expected an integer, found a number"),
                    "{text}: {err}"
                );
                assert!(!err.contains(text), "{text}: {err}");
            }
        }
    }

    #[test]
    fn exact_integer_reads_the_json_number_grammar() {
        use super::{exact_integer, Refusal};
        assert_eq!(exact_integer("42"), Ok(42));
        assert_eq!(exact_integer("-42e0"), Ok(-42));
        for bad in [
            "", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1x", "\"1\"", "true", "null", "[1]",
        ] {
            assert_eq!(exact_integer(bad), Err(Refusal::NotANumber), "{bad}");
        }
        assert_eq!(exact_integer("2.5"), Err(Refusal::Fraction));
        assert_eq!(
            exact_integer("1e-99999999999999999999"),
            Err(Refusal::Fraction)
        );
        assert_eq!(exact_integer("1e20"), Err(Refusal::OutOfRange));
    }

    /// The one-pass reader of integer literals gives what the general digit-by-digit reader
    /// gives, at the edges of `i64` and `u64` and with JSON's rule on leading zeros, and leaves
    /// everything that is not a plain literal to the general reader.
    #[test]
    fn integer_literals_read_in_one_pass_as_the_digit_reader_reads_them() {
        use super::{decimal_integer, exact_integer, integer_literal, Refusal};
        let mut literals: Vec<String> = [
            "0",
            "-0",
            "7",
            "-7",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "-9223372036854775809",
            "9999999999999999999",
            "18446744073709551615",
            "18446744073709551616",
            "-18446744073709551616",
            "123456789012345678901234567890",
            "00",
            "01",
            "-01",
            "0000000000000000000000",
            "0123456789012345678901",
            "9007199254740993",
        ]
        .map(String::from)
        .to_vec();
        // Every power of ten in range and its neighbours, both signs.
        let mut power: i64 = 1;
        loop {
            for n in [power - 1, power, power + 1] {
                literals.push(n.to_string());
                literals.push((-n).to_string());
            }
            match power.checked_mul(10) {
                Some(next) => power = next,
                None => break,
            }
        }
        for text in &literals {
            let fast = integer_literal(text.as_bytes());
            assert_eq!(fast, Some(decimal_integer(text)), "{text}");
            assert_eq!(exact_integer(text), decimal_integer(text), "{text}");
        }
        let read = |text: &str| integer_literal(text.as_bytes());
        assert_eq!(read("9223372036854775807"), Some(Ok(i64::MAX)));
        assert_eq!(read("-9223372036854775808"), Some(Ok(i64::MIN)));
        assert_eq!(read("-0"), Some(Ok(0)));
        // Above i64::MAX, in u64's range or beyond it: refused, not wrapped.
        for text in [
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
        ] {
            assert_eq!(read(text), Some(Err(Refusal::OutOfRange)), "{text}");
        }
        for text in ["01", "-01", "00", "0123456789012345678901"] {
            assert_eq!(read(text), Some(Err(Refusal::NotANumber)), "{text}");
        }
        // Not literals: left to the general reader, which still reads them exactly.
        for text in [
            "",
            "-",
            "1e2",
            "1.0",
            "1.5",
            "9007199254740993.0",
            "12a",
            "12345678901234567890a",
            "+1",
            "--1",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
        assert_eq!(exact_integer("1e2"), Ok(100));
        assert_eq!(exact_integer("1.0"), Ok(1));
        assert_eq!(exact_integer("1.5"), Err(Refusal::Fraction));
        // 2^53 + 1, which no double holds, read from its text.
        assert_eq!(
            exact_integer("9007199254740993.0"),
            Ok(9_007_199_254_740_993)
        );
        assert_eq!(
            exact_integer("12345678901234567890a"),
            Err(Refusal::NotANumber)
        );
    }

    #[test]
    fn from_value_reads_the_value_it_holds() {
        let value = serde_json::json!({"plain": 3.0, "list": [[5]], "optional": 2.5});
        let err = serde_json::from_value::<Counts>(value)
            .unwrap_err()
            .to_string();
        assert!(err.contains("fractional part"), "{err}");
        let value = serde_json::json!({"plain": 3.0, "list": [[5.0]]});
        let counts: Counts = serde_json::from_value(value).unwrap();
        assert_eq!((counts.plain, counts.list), (3, vec![vec![5]]));
    }

    /// A flattened (or untagged) container reads its fields from serde's buffer, which keeps a
    /// float as an `f64`: only the doubles that are exactly one integer are read.
    #[test]
    fn buffered_numbers_are_integers_only_where_a_double_is_exact() {
        #[derive(Deserialize, Debug)]
        struct Outer {
            #[serde(flatten)]
            inner: Inner,
        }
        #[derive(Deserialize, Debug)]
        struct Inner {
            #[serde(deserialize_with = "super::integer")]
            count: i64,
        }
        let read = |number: &str| {
            serde_json::from_str::<Outer>(&format!(r#"{{"count": {number}}}"#))
                .map(|outer| outer.inner.count)
                .map_err(|e| e.to_string())
        };
        assert_eq!(read("3.0"), Ok(3));
        assert_eq!(read("9007199254740991.0"), Ok(9_007_199_254_740_991));
        assert_eq!(read("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(read("-9223372036854775808"), Ok(i64::MIN));
        for refused in [
            "9007199254740993.0",
            "9007199254740992.0",
            "-9223372036854775809",
            "3.5",
            "\"3\"",
        ] {
            assert!(read(refused).is_err(), "{refused}");
        }
    }
}
