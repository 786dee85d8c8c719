//! The checks the fuzz targets run; each target (`fuzz_targets/<api>.rs`) only maps the first
//! input byte to one of them.
//!
//! A check panics (a crash for libFuzzer) when the generated crate breaks a promise:
//! - [`round_trip`]: bytes that deserialize into a model type give a value that serializes and
//!   deserializes back to the same value, with the same JSON both times; `Debug` and (for the
//!   types that have it) `validate()` do not panic on it.
//! - [`parse`]: a `parse_*` function on any status and body does not panic, returns `Ok` only for
//!   a documented success status and an `Api` error only for a documented error status, and its
//!   error's `Display` and `Debug` do not panic.

use std::fmt::Debug;

use commerce_apis::support::{Error, Validate};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Deserializes `bytes` into `T`; when that works, checks the exact round trip, `Debug` and
/// `check` (the type's `validate()`, or nothing).
pub fn round_trip<T>(bytes: &[u8], check: impl Fn(&T))
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let Ok(first) = serde_json::from_slice::<T>(bytes) else {
        return;
    };
    let _ = format!("{first:?}");
    check(&first);
    let written = serde_json::to_string(&first).expect("a parsed value serializes");
    let second: T = match serde_json::from_str(&written) {
        Ok(second) => second,
        Err(err) => panic!("the serialization of a parsed value does not parse: {err}\n{written}"),
    };
    let rewritten = serde_json::to_string(&second).expect("a parsed value serializes");
    if first != second && !same_up_to_float_parsing(&written, &rewritten) {
        panic!("the round trip changed the value:\nfirst:  {first:?}\nsecond: {second:?}\nJSON: {written}");
    }
    if written != rewritten && !same_up_to_float_parsing(&written, &rewritten) {
        panic!("the round trip changed the JSON:\nfirst:  {written}\nsecond: {rewritten}");
    }
}

/// `validate()` for [`round_trip`]: it may find violations, it must not panic.
pub fn validate<T: Validate>(value: &T) {
    let _ = value.validate();
}

/// `validate()` of every item of a list type (a `Vec` alias has no `validate()` of its own).
pub fn validate_items<T: Validate>(values: &Vec<T>) {
    for value in values {
        let _ = value.validate();
    }
}

/// Calls `parse` with the status `100 + (first two bytes, little-endian) % 500` and the rest as
/// the body. `ok` are the statuses documented as success, `api` those documented as errors.
pub fn parse<T: Debug, E: Debug + std::fmt::Display>(
    data: &[u8],
    parse: fn(&http::Response<Vec<u8>>) -> Result<T, Error<E>>,
    ok: &[u16],
    api: &[u16],
) {
    let (status, body) = match data {
        [low, high, body @ ..] => (100 + u16::from_le_bytes([*low, *high]) % 500, body),
        _ => return,
    };
    let response = http::Response::builder()
        .status(status)
        .body(body.to_vec())
        .expect("every status in 100..=599 is valid");
    match parse(&response) {
        Ok(value) => {
            assert!(ok.contains(&status), "Ok({value:?}) for status {status}");
            let _ = format!("{value:?}");
        }
        Err(err) => {
            match &err {
                Error::Api { .. } => assert!(api.contains(&status), "Api error for status {status}"),
                Error::UnexpectedStatus { status: got, .. } => {
                    assert_eq!(*got, status);
                    assert!(
                        !ok.contains(&status) && !api.contains(&status),
                        "UnexpectedStatus for the documented status {status}"
                    );
                }
                Error::Decode { status: got, .. } => {
                    assert_eq!(*got, status);
                    assert!(
                        ok.contains(&status) || api.contains(&status),
                        "Decode error for the undocumented status {status}"
                    );
                }
                _ => {}
            }
            let _ = format!("{err} {err:?}");
        }
    }
}

/// True when serde_json reads back every `f64` it writes (its `float_roundtrip` feature):
/// `LITERAL` is written by serde_json for a value its default, faster parser reads back one
/// unit in the last place off.
pub fn floats_round_trip_exactly() -> bool {
    let value: f64 = serde_json::from_str(FLOAT_PROBE).expect("a number");
    value.to_bits() == FLOAT_PROBE_BITS
}

/// A shortest representation (what serde_json writes) of the `f64` with bits
/// [`FLOAT_PROBE_BITS`] that serde_json without `float_roundtrip` reads as another `f64`.
pub const FLOAT_PROBE: &str = "10.938711676632721";
/// The bits of the `f64` [`FLOAT_PROBE`] stands for.
pub const FLOAT_PROBE_BITS: u64 = 4_622_347_565_283_607_952;

/// Without `float_roundtrip`, serde_json may read an `f64` it wrote one or two units in the last
/// place off: a known loss (issue 9), reported separately, that would otherwise hide every other
/// finding. When the feature is on, this is false and the round trip must be exact.
fn same_up_to_float_parsing(first: &str, second: &str) -> bool {
    if floats_round_trip_exactly() {
        return false;
    }
    match (
        serde_json::from_str::<Value>(first),
        serde_json::from_str::<Value>(second),
    ) {
        (Ok(a), Ok(b)) => close(&a, &b),
        _ => false,
    }
}

fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y))
                    if x.is_finite() && y.is_finite() && x.signum() == y.signum() =>
                {
                    x.to_bits().abs_diff(y.to_bits()) <= 2
                }
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, x), (ky, y))| kx == ky && close(x, y))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use commerce_apis::forter::GeoLocation;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    /// A latitude and longitude with many digits (as a device reports them) in a `GeoLocation`,
    /// written by serde_json and read back, are the same `f64`s. Fails while serde_json's
    /// `float_roundtrip` feature is off for builds of commerce-apis (issue 9): about 6 % of such
    /// values come back one unit in the last place off.
    #[test]
    fn f64_latitudes_round_trip_exactly() {
        let config = Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner =
            TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
        let result = runner.run(&(-90.0f64..90.0, -180.0f64..180.0), |(lat, lon)| {
            let value: GeoLocation =
                serde_json::from_value(serde_json::json!({ "latitude": lat, "longitude": lon }))
                    .expect("a GeoLocation");
            let written = serde_json::to_string(&value).unwrap();
            let back: GeoLocation = serde_json::from_str(&written).unwrap();
            prop_assert_eq!(
                (
                    value.latitude.map(f64::to_bits),
                    value.longitude.map(f64::to_bits)
                ),
                (
                    back.latitude.map(f64::to_bits),
                    back.longitude.map(f64::to_bits)
                ),
                "{} came back as {:?}",
                written,
                back
            );
            Ok(())
        });
        if let Err(err) = result {
            panic!("{err}");
        }
    }

    /// The probe of `floats_round_trip_exactly` is serde_json's own output for those bits.
    #[test]
    fn the_float_probe_is_serde_jsons_shortest_form() {
        let x = f64::from_bits(super::FLOAT_PROBE_BITS);
        assert_eq!(serde_json::to_string(&x).unwrap(), super::FLOAT_PROBE);
    }
}
