//! Bounded property tests of the generated crate (issue 9), deterministic and fast enough for CI;
//! the open-ended search is the cargo-fuzz targets in `fuzz/` (see `fuzz/README.md`).
//!
//! - Round trip: for every request and response body type of both specs, JSON values of roughly
//!   the type's shape (an example of the type or a skeleton of its schema, then mutated: keys
//!   dropped or added, values replaced by other JSON kinds, whole floats such as `3.0`, large
//!   integers, unicode strings, nulls, number literals serde_json keeps only as text) either fail
//!   to deserialize, or deserialize into a value that serializes and deserializes back to an
//!   equal value, with identical JSON both times. `Debug` and `validate()` do not panic on it.
//! - `parse_*`: every parse function, on an arbitrary status (100..=599), arbitrary headers and
//!   arbitrary body bytes (or an example body, truncated or not), never panics, returns `Ok` only
//!   for a success status the spec documents, an `Api` error only for a documented error status,
//!   `UnexpectedStatus` only for an undocumented one.
//! - `f64`: a value serializes and reads back to the same bits. This test build has serde_json's
//!   `float_roundtrip` (through `jsonschema`), the crate's users do not: see
//!   [`the_crate_enables_the_float_parser_the_tests_use`] (ignored until the workspace enables it).
//!
//! The tables of body types and operations (and one `#[test]` per row) come from the index of the
//! generated crate (`tests/build.rs`, from `generated/summary/*.json`), so a new operation or API
//! is tested with no edit here. They are checked against the specs (every body type and operation
//! has a row, with the spec's name).

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::fs;

use commerce_apis::forter;
use commerce_apis::support::{Error, Validate};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use workspace_tests::*;

/// Cases per property: the round trip of each type, the parse of each operation.
const CASES: u32 = 256;

/// A runner with a fixed seed and no persistence: every run tries the same inputs (raise the
/// number of cases with `PROPTEST_CASES`, which `Config::default()` reads).
fn runner() -> TestRunner {
    let default = Config::default();
    let config = Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            default.cases
        } else {
            CASES
        },
        failure_persistence: None,
        ..default
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

// ---------------------------------------------------------------------------------------------
// The tables

/// A request or response body type: its API, its name in the spec (`components.schemas`) and
/// the property run on it.
struct BodyType {
    api: &'static str,
    name: &'static str,
    run: fn(&BodyType),
}

macro_rules! body_type {
    ($api:ident, $name:ident, $check:expr) => {
        BodyType {
            api: stringify!($api),
            name: stringify!($name),
            run: |body| round_trip_property::<commerce_apis::$api::$name>(body, $check),
        }
    };
}

// `body_types()` and one `#[test]` per body type, from the index of the generated crate
// (`tests/build.rs`): a new operation or API needs no edit here.
macro_rules! body_types {
    ($(($api:ident, $name:ident, $test:ident, $check:ident),)*) => {
        fn body_types() -> Vec<BodyType> {
            vec![$(body_type!($api, $name, $check),)*]
        }

        $(
            #[test]
            fn $test() {
                let body = body_type!($api, $name, $check);
                (body.run)(&body);
            }
        )*
    };
}

include!(concat!(env!("OUT_DIR"), "/body_types.rs"));

fn validate<T: Validate>(value: &T) {
    let _ = value.validate();
}

// A `Vec` alias has no `validate()` of its own.
fn validate_items<T: Validate>(values: &Vec<T>) {
    for value in values {
        let _ = value.validate();
    }
}

/// What a `parse_*` call returned, without its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Api,
    UnexpectedStatus,
    Decode,
    Other,
}

/// Runs `Debug` and `Display` (they must not panic either) and classifies the result.
fn outcome<T: Debug, E: Debug + std::fmt::Display>(
    status: u16,
    result: Result<T, Error<E>>,
) -> Outcome {
    match result {
        Ok(value) => {
            let _ = format!("{value:?}");
            Outcome::Ok
        }
        Err(err) => {
            let _ = format!("{err} {err:?}");
            match err {
                Error::Api { .. } => Outcome::Api,
                Error::UnexpectedStatus { status: got, .. } => {
                    assert_eq!(got, status, "UnexpectedStatus carries another status");
                    Outcome::UnexpectedStatus
                }
                Error::Decode { status: got, .. } => {
                    assert_eq!(got, status, "Decode carries another status");
                    Outcome::Decode
                }
                _ => Outcome::Other,
            }
        }
    }
}

/// A `parse_*` function: its API, snake_case operationId and a call that classifies its result.
struct ParseFn {
    api: &'static str,
    operation: &'static str,
    call: fn(&http::Response<Vec<u8>>) -> Outcome,
}

macro_rules! parse_fn {
    ($api:ident, $op:ident, $parse:ident) => {
        ParseFn {
            api: stringify!($api),
            operation: stringify!($op),
            call: |response| {
                outcome(
                    response.status().as_u16(),
                    commerce_apis::$api::$parse(response),
                )
            },
        }
    };
}

// `parse_fns()` and one `#[test]` per operation (below, [`parse_property`]), from the index of
// the generated crate (`tests/build.rs`).
macro_rules! operations {
    ($(($api:ident, $op:ident, $parse:ident, $test:ident),)*) => {
        fn parse_fns() -> Vec<ParseFn> {
            vec![$(parse_fn!($api, $op, $parse),)*]
        }

        $(
            #[test]
            fn $test() {
                parse_property(&parse_fn!($api, $op, $parse));
            }
        )*
    };
}

include!(concat!(env!("OUT_DIR"), "/operations.rs"));

// ---------------------------------------------------------------------------------------------
// What the specs say

/// The component name of a body schema (`$ref: #/components/schemas/<name>`).
fn component_name(doc: &Value, schema_pointer: &str) -> String {
    resolve_pointer(doc, schema_pointer)
        .and_then(|schema| schema.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|target| target.rsplit('/').next())
        .unwrap_or_else(|| panic!("the body schema at {schema_pointer} is not a $ref"))
        .to_string()
}

/// One operation of a spec as the properties need it.
struct SpecOperation {
    /// snake_case operationId.
    name: String,
    /// The request body's component name, if the operation has a JSON body.
    request: Option<String>,
    /// Every documented status with its JSON body's component name (`None`: no body).
    responses: Vec<(u16, Option<String>)>,
    /// A notification the API sends (`webhooks`): its bodies have properties, but it has no
    /// `parse_*` (its receiver is tested in `webhooks.rs`).
    webhook: bool,
}

fn spec_operations(spec: &Spec) -> Vec<SpecOperation> {
    let doc = &spec.doc;
    operations(doc)
        .into_iter()
        .map(|op| {
            let name = snake_case(op.operation_id.as_deref().expect("operationId"));
            let body_type = |kind: ExampleKind| {
                let example = ExampleName {
                    operation: name.clone(),
                    kind,
                    variant: None,
                };
                example_schema_pointer(doc, &example)
                    .ok()
                    .map(|pointer| component_name(doc, &pointer))
            };
            let request = resolve_pointer(doc, &format!("{}/requestBody", op.pointer))
                .and_then(|_| body_type(ExampleKind::Request));
            let statuses = resolve_pointer(doc, &format!("{}/responses", op.pointer))
                .and_then(Value::as_object)
                .map(|responses| responses.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default();
            let responses = statuses
                .into_iter()
                .map(|status| {
                    let number = status.parse().expect("numeric status");
                    (number, body_type(ExampleKind::Response(status)))
                })
                .collect();
            SpecOperation {
                name,
                request,
                responses,
                webhook: op.pointer.starts_with("/webhooks/"),
            }
        })
        .collect()
}

/// The JSON values a property starts from for the body type `name` of `api`: every example file
/// of that type, a skeleton of its schema, and `{}`.
fn base_values(api: &str, name: &str) -> Vec<Value> {
    let spec = spec_named(api);
    let mut out = Vec::new();
    for path in example_files(&spec) {
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(example) = parse_example_name(&file_name) else {
            continue;
        };
        let Ok(pointer) = example_schema_pointer(&spec.doc, &example) else {
            continue;
        };
        if component_name(&spec.doc, &pointer) == name {
            out.push(read_example(&spec, &file_name));
        }
    }
    let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
    out.push(skeleton(&spec.doc, &schema, 0));
    out.push(json!({}));
    out
}

/// A value of the schema's shape: every property, the first enum value, `oneOf` branch or
/// `examples` entry, one item per array.
fn skeleton(doc: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        let target = resolve_ref(doc, target).expect("the specs' $refs resolve");
        return skeleton(doc, target, depth + 1);
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    for key in ["enum", "examples"] {
        if let Some(first) = schema.get(key).and_then(|v| v.get(0)) {
            return first.clone();
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(fields) = skeleton(doc, part, depth + 1) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema.get(key).and_then(|v| v.get(0)) {
            return skeleton(doc, first, depth + 1);
        }
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|k| *k != "null")
            .unwrap_or("null"),
        Some(Value::String(kind)) => kind.as_str(),
        _ if schema.get("properties").is_some() => "object",
        _ => "null",
    };
    match kind {
        "object" => Value::Object(
            schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(key, property)| (key.clone(), skeleton(doc, property, depth + 1)))
                .collect(),
        ),
        "array" => json!([skeleton(
            doc,
            schema.get("items").unwrap_or(&json!({})),
            depth + 1
        )]),
        "string" => json!("x"),
        "integer" => json!(1),
        "number" => json!(1.5),
        "boolean" => json!(true),
        _ => Value::Null,
    }
}

/// Every property name of every schema of the spec: keys the mutations insert.
fn wire_keys(api: &str) -> Vec<String> {
    fn walk(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    out.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(&spec_named(api).doc["components"], &mut out);
    out.into_iter().collect()
}

// ---------------------------------------------------------------------------------------------
// f64

/// serde_json writes this for the `f64` with bits [`FLOAT_PROBE_BITS`]; without its
/// `float_roundtrip` feature it reads it back one unit in the last place off.
const FLOAT_PROBE: &str = "10.938711676632721";
const FLOAT_PROBE_BITS: u64 = 4_622_347_565_283_607_952;

/// True when serde_json reads back every `f64` it writes (its `float_roundtrip` feature is on).
fn floats_round_trip_exactly() -> bool {
    serde_json::from_str::<f64>(FLOAT_PROBE)
        .map(f64::to_bits)
        .ok()
        == Some(FLOAT_PROBE_BITS)
}

/// Whether serde_json reads back the `f64` that `number` becomes in an `f64` field. While
/// `float_roundtrip` is off the round-trip property leaves out numbers that do not, a known loss
/// shown by [`f64_latitudes_round_trip_exactly`]; once it is on every number is used.
fn survives_as_f64(number: &Value) -> bool {
    if floats_round_trip_exactly() {
        return true;
    }
    let Some(x) = number.as_f64() else {
        return true;
    };
    let written = serde_json::to_string(&x).expect("finite");
    serde_json::from_str::<f64>(&written).map(f64::to_bits).ok() == Some(x.to_bits())
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// Number literals a `serde_json::Value` cannot hold (or holds differently), written into the
/// JSON text in place of a marker string.
const RAW_NUMBERS: &[&str] = &[
    "1e400",
    "-1e400",
    "1e-400",
    "1E2",
    "3.0e0",
    "-0",
    "-0.0",
    "3.0000000000000001",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "123456789012345678901234567890",
    "0.000000000000000000000000000001",
];

/// One edit of a JSON value. `at` picks a node (pre-order index, modulo the node count).
#[derive(Clone, Debug)]
enum Mutation {
    /// Removes a key of an object or an item of an array (`which`, modulo the length).
    Drop { at: usize, which: usize },
    /// Replaces the node with another value, often of another JSON kind.
    Replace { at: usize, with: Value },
    /// Replaces the node with a number literal of [`RAW_NUMBERS`].
    Raw { at: usize, literal: usize },
    /// Replaces the node with a copy of another node: the right shape in the wrong place.
    Transplant { at: usize, from: usize },
    /// Adds a key (a wire key of the spec or another string) to an object, or an item to an
    /// array.
    Insert {
        at: usize,
        key: String,
        value: Value,
    },
    /// Upper- or lower-cases a string (an enum value becomes unrecognized, or recognized again).
    Recase { at: usize },
}

fn strings() -> BoxedStrategy<String> {
    prop_oneof![
        vec(any::<char>(), 0..12).prop_map(String::from_iter),
        select(vec![
            "",
            " ",
            "x",
            "null",
            "0",
            "3.0",
            "true",
            "2024-02-30",
            "2024-12-31",
            "1970-01-01T00:00:00Z",
            "\u{0}",
            "\u{7f}",
            "\u{202e}abc",
            "ß",
            "İ",
            "🦀",
            "é\u{301}",
            "\u{feff}",
            "a\"b\\c",
            "\r\n",
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

fn numbers() -> BoxedStrategy<Value> {
    let whole_floats = (-100_000i64..100_000).prop_map(|n| json!(n as f64));
    // m / 10^k: few digits, which serde_json reads back exactly even without float_roundtrip.
    let short_decimals =
        (any::<i32>(), 0u32..7).prop_map(|(m, k)| json!(f64::from(m) / 10f64.powi(k as i32)));
    let any_float = any::<f64>()
        .prop_filter("finite", |x| x.is_finite())
        .prop_map(|x| json!(x));
    let latitude = (-90.0f64..90.0).prop_map(|x| json!(x));
    prop_oneof![
        select(vec![
            json!(3.0),
            json!(-0.0),
            json!(0.5),
            json!(0),
            json!(-1),
            json!(1),
            json!(i64::MAX),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(9_007_199_254_740_993u64),
            json!(1e300),
            json!(-1e-300),
            json!(f64::MAX),
            json!(f64::MIN_POSITIVE),
        ]),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        whole_floats,
        short_decimals,
        any_float,
        latitude,
    ]
    .prop_filter(
        "f64 that serde_json reads back (float_roundtrip off)",
        survives_as_f64,
    )
    .boxed()
}

fn values() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        numbers(),
        strings().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            vec((strings(), inner), 0..3).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

fn mutations(keys: Vec<String>) -> BoxedStrategy<Mutation> {
    let key = prop_oneof![3 => select(keys), 1 => strings()];
    let raw = (0..RAW_NUMBERS.len()).prop_filter(
        "f64 that serde_json reads back (float_roundtrip off)",
        |i| {
            let literal = RAW_NUMBERS[*i];
            serde_json::from_str::<Value>(literal).map_or(true, |n| survives_as_f64(&n))
        },
    );
    prop_oneof![
        2 => (any::<usize>(), any::<usize>()).prop_map(|(at, which)| Mutation::Drop { at, which }),
        4 => (any::<usize>(), values()).prop_map(|(at, with)| Mutation::Replace { at, with }),
        1 => (any::<usize>(), raw).prop_map(|(at, literal)| Mutation::Raw { at, literal }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(at, from)| Mutation::Transplant { at, from }),
        2 => (any::<usize>(), key, values())
            .prop_map(|(at, key, value)| Mutation::Insert { at, key, value }),
        1 => any::<usize>().prop_map(|at| Mutation::Recase { at }),
    ]
    .boxed()
}

/// The JSON pointers of every node of `value`, in pre-order (the root is `""`).
fn node_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(pointer.clone());
            for (key, child) in map {
                node_pointers(child, pointer_push(&pointer, key), out);
            }
        }
        Value::Array(items) => {
            out.push(pointer.clone());
            for (i, child) in items.iter().enumerate() {
                node_pointers(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => out.push(pointer),
    }
}

/// The marker string a [`Mutation::Raw`] leaves in the value, replaced in the text.
fn raw_marker(literal: usize) -> String {
    format!("\u{1}raw{literal}")
}

/// Applies the mutations and writes the JSON text (with the raw number literals).
fn mutate(mut value: Value, mutations: &[Mutation]) -> String {
    for mutation in mutations {
        let mut pointers = Vec::new();
        node_pointers(&value, String::new(), &mut pointers);
        let pick = |at: usize| pointers[at % pointers.len()].clone();
        match mutation {
            Mutation::Drop { at, which } => match value.pointer_mut(&pick(*at)) {
                Some(Value::Object(map)) if !map.is_empty() => {
                    let key = map.keys().nth(which % map.len()).cloned().unwrap();
                    map.remove(&key);
                }
                Some(Value::Array(items)) if !items.is_empty() => {
                    items.remove(which % items.len());
                }
                _ => {}
            },
            Mutation::Replace { at, with } => {
                *value.pointer_mut(&pick(*at)).unwrap() = with.clone();
            }
            Mutation::Raw { at, literal } => {
                *value.pointer_mut(&pick(*at)).unwrap() = Value::String(raw_marker(*literal));
            }
            Mutation::Transplant { at, from } => {
                let copy = value.pointer(&pick(*from)).unwrap().clone();
                *value.pointer_mut(&pick(*at)).unwrap() = copy;
            }
            Mutation::Insert {
                at,
                key,
                value: new,
            } => match value.pointer_mut(&pick(*at)).unwrap() {
                Value::Object(map) => {
                    map.insert(key.clone(), new.clone());
                }
                Value::Array(items) => items.push(new.clone()),
                _ => {}
            },
            Mutation::Recase { at } => {
                if let Some(Value::String(text)) = value.pointer_mut(&pick(*at)) {
                    *text = if text.chars().any(char::is_lowercase) {
                        text.to_uppercase()
                    } else {
                        text.to_lowercase()
                    };
                }
            }
        }
    }
    let mut text = serde_json::to_string(&value).expect("a Value serializes");
    for (i, literal) in RAW_NUMBERS.iter().enumerate() {
        let marker = serde_json::to_string(&raw_marker(i)).unwrap();
        text = text.replace(&marker, literal);
    }
    text
}

// ---------------------------------------------------------------------------------------------
// The round-trip property

fn round_trip_property<T>(body: &BodyType, check: fn(&T))
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let bases = base_values(body.api, body.name);
    let strategy = (0..bases.len(), vec(mutations(wire_keys(body.api)), 0..6));
    let parsed = Cell::new(0u32);
    let tried = Cell::new(0u32);
    let result = runner().run(&strategy, |(base, mutations)| {
        tried.set(tried.get() + 1);
        let text = mutate(bases[base].clone(), &mutations);
        let Ok(first) = serde_json::from_str::<T>(&text) else {
            return Ok(());
        };
        parsed.set(parsed.get() + 1);
        let _ = format!("{first:?}");
        check(&first);
        let written = serde_json::to_string(&first)
            .map_err(|e| TestCaseError::fail(format!("does not serialize: {e}")))?;
        let second: T = serde_json::from_str(&written).map_err(|e| {
            TestCaseError::fail(format!(
                "its own JSON does not deserialize: {e}\ninput: {text}\nwritten: {written}"
            ))
        })?;
        prop_assert_eq!(&first, &second, "input: {}\nwritten: {}", text, written);
        let rewritten = serde_json::to_string(&second).unwrap();
        prop_assert_eq!(&written, &rewritten, "input: {}", text);
        Ok(())
    });
    if let Err(err) = result {
        panic!("{}::{}: {err}", body.api, body.name);
    }
    // Not vacuous: the mutations keep enough inputs of the type's shape.
    assert!(
        parsed.get() * 10 >= tried.get(),
        "{}::{}: only {} of {} inputs deserialized",
        body.api,
        body.name,
        parsed.get(),
        tried.get()
    );
}

// ---------------------------------------------------------------------------------------------
// The parse property

fn header_pairs() -> BoxedStrategy<Vec<(String, Vec<u8>)>> {
    let name = prop_oneof![
        select(vec![
            "content-type",
            "content-length",
            "content-encoding",
            "transfer-encoding",
            "location",
            "retry-after",
            "x-forter-siteid",
        ])
        .prop_map(str::to_string),
        "[a-z0-9-]{1,12}",
    ];
    let value = prop_oneof![
        select(vec![
            "application/json",
            "text/html; charset=utf-8",
            "0",
            "18446744073709551616",
            "gzip",
            "chunked",
        ])
        .prop_map(|v| v.as_bytes().to_vec()),
        vec(any::<u8>(), 0..16),
    ];
    vec((name, value), 0..4).boxed()
}

fn parse_property(parse: &ParseFn) {
    let spec = spec_named(parse.api);
    let operation = spec_operations(&spec)
        .into_iter()
        .find(|op| op.name == parse.operation)
        .unwrap_or_else(|| panic!("{}: no operation {}", parse.api, parse.operation));
    let documented: Vec<u16> = operation.responses.iter().map(|(s, _)| *s).collect();
    let success: Vec<u16> = documented
        .iter()
        .copied()
        .filter(|s| (200..300).contains(s))
        .collect();
    // Bodies of the right shape: the examples of every documented status of the operation.
    let mut bodies: Vec<Vec<u8>> = vec![b"{}".to_vec(), b"[]".to_vec(), b"null".to_vec()];
    for (status, _) in &operation.responses {
        for path in example_files(&spec) {
            let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
            if file_name.starts_with(&format!("{}.{status}.", parse.operation)) {
                bodies.push(fs::read(&path).unwrap());
            }
        }
    }
    let status = prop_oneof![select(documented.clone()), 100u16..=599];
    let body = prop_oneof![
        vec(any::<u8>(), 0..64),
        (select(bodies), any::<usize>()).prop_map(|(body, cut)| {
            // Whole, or cut short anywhere.
            let keep = if cut % 2 == 0 {
                body.len()
            } else {
                cut % (body.len() + 1)
            };
            body[..keep].to_vec()
        }),
    ];
    let seen = Cell::new([0u32; 5]);
    let result = runner().run(
        &(status, header_pairs(), body),
        |(status, headers, body)| {
            let mut builder = http::Response::builder().status(status);
            for (name, value) in &headers {
                if let (Ok(name), Ok(value)) = (
                    http::HeaderName::from_bytes(name.as_bytes()),
                    http::HeaderValue::from_bytes(value),
                ) {
                    builder = builder.header(name, value);
                }
            }
            let response = builder.body(body).expect("a valid status and headers");
            let got = (parse.call)(&response);
            let mut counts = seen.get();
            counts[got as usize] += 1;
            seen.set(counts);
            let is_documented = documented.contains(&status);
            match got {
                Outcome::Ok => prop_assert!(success.contains(&status), "Ok for status {}", status),
                Outcome::Api => prop_assert!(
                    is_documented && !success.contains(&status),
                    "Api error for status {}",
                    status
                ),
                Outcome::UnexpectedStatus => {
                    prop_assert!(!is_documented, "UnexpectedStatus for status {}", status)
                }
                Outcome::Decode => {
                    prop_assert!(is_documented, "Decode error for status {}", status)
                }
                Outcome::Other => prop_assert!(false, "another error for status {}", status),
            }
            Ok(())
        },
    );
    if let Err(err) = result {
        panic!("{}::parse_{}: {err}", parse.api, parse.operation);
    }
    // Not vacuous: documented and undocumented statuses both came up.
    let [ok, api, unexpected, decode, _] = seen.get();
    assert!(
        unexpected > 0 && ok + api + decode > 0,
        "{}::parse_{}: outcomes Ok {ok}, Api {api}, UnexpectedStatus {unexpected}, Decode {decode}",
        parse.api,
        parse.operation
    );
}

// ---------------------------------------------------------------------------------------------
// The tables cover the specs (the fuzz targets' tables are checked against the specs by
// `python3 fuzz/seed_corpus.py --check`, part of the fuzzing workflow, not of the test command)

#[test]
fn every_body_type_and_operation_of_the_specs_has_a_property() {
    let types = body_types();
    let parses = parse_fns();
    let mut problems = Vec::new();
    let mut expected_types = BTreeSet::new();
    let mut expected_ops = BTreeSet::new();
    for spec in loadable_specs() {
        let api: &str = &spec.api;
        for op in spec_operations(&spec) {
            if !op.webhook {
                expected_ops.insert((api.to_string(), op.name.clone()));
            }
            let names = op
                .request
                .iter()
                .chain(op.responses.iter().flat_map(|(_, t)| t));
            for name in names {
                expected_types.insert((api.to_string(), name.clone()));
            }
        }
    }
    let have_types: BTreeSet<_> = types
        .iter()
        .map(|t| (t.api.to_string(), t.name.to_string()))
        .collect();
    let have_ops: BTreeSet<_> = parses
        .iter()
        .map(|p| (p.api.to_string(), p.operation.to_string()))
        .collect();
    for missing in expected_types.difference(&have_types) {
        problems.push(format!("body_types() has no row for {missing:?}"));
    }
    for extra in have_types.difference(&expected_types) {
        problems.push(format!(
            "body_types() row {extra:?} is no body type of the spec"
        ));
    }
    for missing in expected_ops.difference(&have_ops) {
        problems.push(format!("parse_fns() has no row for {missing:?}"));
    }
    for extra in have_ops.difference(&expected_ops) {
        problems.push(format!(
            "parse_fns() row {extra:?} is no operation of the spec"
        ));
    }
    assert!(problems.is_empty(), "{}", join_problems(problems));
}

// ---------------------------------------------------------------------------------------------
// f64

/// A latitude (many digits, as a device reports it) written by serde_json and read back is the
/// same `f64`. Holds in this test build only because `jsonschema` (a dependency of these tests)
/// switches on serde_json's `float_roundtrip` feature; a build of commerce-apis as its users get it
/// does not have the feature, and there about 6 % of such values come back one unit in the last
/// place off (`cd fuzz && cargo test --lib` runs the same property there and fails, e.g. on the
/// longitude 161.14180911982803, read back as 161.14180911982805). See
/// [`the_crate_enables_the_float_parser_the_tests_use`].
#[test]
fn f64_latitudes_round_trip_exactly() {
    let result = runner().run(&(-90.0f64..90.0, -180.0f64..180.0), |(lat, lon)| {
        let value: forter::GeoLocation =
            serde_json::from_value(json!({ "latitude": lat, "longitude": lon }))
                .expect("a GeoLocation");
        let written = serde_json::to_string(&value).unwrap();
        let back: forter::GeoLocation = serde_json::from_str(&written).unwrap();
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

/// The probe [`floats_round_trip_exactly`] relies on is what it says: the value serde_json
/// writes for those bits, and (without the feature) read back differently.
#[test]
fn the_float_probe_is_serde_jsons_shortest_form() {
    let x = f64::from_bits(FLOAT_PROBE_BITS);
    assert_eq!(serde_json::to_string(&x).unwrap(), FLOAT_PROBE);
    let back: f64 = serde_json::from_str(FLOAT_PROBE).unwrap();
    if !floats_round_trip_exactly() {
        assert_eq!(
            back.to_bits(),
            FLOAT_PROBE_BITS - 1,
            "float_roundtrip off: read back one unit in the last place below"
        );
    }
}

/// The tests and the crate's users parse floats the same way: when this test build reads every
/// `f64` back exactly (`jsonschema` enables serde_json's `float_roundtrip` here), the workspace's
/// serde_json dependency, which the generated crate inherits, must enable the feature too;
/// otherwise CI cannot see the loss users get (issue 9).
#[test]
fn the_crate_enables_the_float_parser_the_tests_use() {
    let manifest = fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
    let serde_json = manifest
        .lines()
        .find(|line| line.trim_start().starts_with("serde_json"))
        .expect("a serde_json workspace dependency");
    assert!(
        !floats_round_trip_exactly() || serde_json.contains("float_roundtrip"),
        "this test build reads f64 back exactly, but the workspace's `{serde_json}` does not \
         enable `float_roundtrip`: users of commerce-apis get the lossy parser"
    );
}
