//! Rust side of the independent conformance checks (`conformance/run.py`): reads JSON lines on
//! stdin, writes one JSON line per input on stdout. Python (hypothesis-jsonschema, Prism) makes
//! the inputs; this binary only answers with what the generated crate does with them.
//!
//! Requests (one per line):
//! - `{"op": "roundtrip", "type": "V3OrderRequest", "value": ..., "expect": ...?}`: deserialize into
//!   the generated type, serialize back (must be the identical JSON value; with `expect`, the same
//!   JSON Schema instance as `expect`, numbers compared by value) and, for request types,
//!   `validate()`.
//!   The value is read from its JSON text (not through a `serde_json::Value`, whose numbers are
//!   doubles), so free-form fields see every digit. Answer `{"ok": true, "back": <the JSON
//!   written back, as the crate wrote it>}` (`run.py` checks every number of it exactly) or
//!   `{"ok": false, "stage": "deserialize" | "roundtrip" | "validate", "error": "..."}`.
//! - `{"op": "build", "api": "forter", "operation": "validate_order", "base_url": "...",
//!   "id": "...", "body": ...}`: the body is read into the request type and `build_<operation>`
//!   makes the HTTP request. Answer `{"ok": true, "method", "uri", "headers": {..}, "body": ..}`.
//! - `{"op": "parse", "api": ..., "operation": ..., "status": 200, "body": "<text>"}`:
//!   `parse_<operation>` on that response. A documented error status parsed into its typed error
//!   counts as parsed. Answer `{"ok": true}` or `{"ok": false, "error": "..."}`.

use std::io::{self, BufRead, Write};

use commerce_apis::support::{Credentials, RequestError, Validate};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

/// The parts of an input line read from their JSON text.
#[derive(serde::Deserialize)]
struct RawLine<'a> {
    #[serde(borrow)]
    value: Option<&'a RawValue>,
}

fn fail(stage: &str, error: impl ToString) -> Value {
    json!({"ok": false, "stage": stage, "error": error.to_string()})
}

fn read<T: DeserializeOwned>(value: &Value) -> Result<T, Value> {
    serde_json::from_value(value.clone()).map_err(|e| fail("deserialize", e))
}

/// Equality of JSON Schema instances: numbers are equal when mathematically equal (`3.0` and `3`);
/// everything else as serde_json compares it.
fn same_instance(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_instance(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same_instance(x, y)))
        }
        _ => a == b,
    }
}

/// Reads `text` (whose value is `value`) as `T` and writes it back. Without `expect` the JSON
/// must come back identical; with it (integers sent as `3.0`) it must be the same JSON Schema
/// instance as `expect`: typed integer fields write `3`, free-form values keep `3.0`, and both are
/// the same number. Returns the typed value and the text written back.
fn round_trip<T: Serialize + DeserializeOwned>(
    text: &str,
    value: &Value,
    expect: Option<&Value>,
) -> Result<(T, String), Value> {
    let typed: T = serde_json::from_str(text).map_err(|e| fail("deserialize", e))?;
    let back_text = serde_json::to_string(&typed).map_err(|e| fail("serialize", e))?;
    let back: Value = serde_json::from_str(&back_text).map_err(|e| fail("serialize", e))?;
    let same = match expect {
        None => &back == value,
        Some(expect) => same_instance(&back, expect),
    };
    if !same {
        return Err(json!({
            "ok": false, "stage": "roundtrip",
            "error": "the JSON value changed", "back": back,
        }));
    }
    Ok((typed, back_text))
}

fn checked<T: Serialize + DeserializeOwned + Validate>(
    text: &str,
    value: &Value,
    expect: Option<&Value>,
) -> Result<String, Value> {
    let (typed, back): (T, String) = round_trip(text, value, expect)?;
    typed
        .validate()
        .map_err(|violations| fail("validate", format!("{violations:?}")))?;
    Ok(back)
}

fn response<T: Serialize + DeserializeOwned>(
    text: &str,
    value: &Value,
    expect: Option<&Value>,
) -> Result<String, Value> {
    round_trip::<T>(text, value, expect).map(|(_, back)| back)
}

/// The last path segment of a stringified type (`commerce_apis :: forter :: V3OrderRequest`).
fn type_name(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path).trim()
}

// `roundtrip`: every body type of the generated crate by its name, request bodies checked with
// `validate()`; from the index of the generated crate (`tests/build.rs`), so a new operation or
// API needs no edit here.
macro_rules! bodies {
    ($(($api:literal, $operation:literal, $body:tt, $t:ty),)*) => {
        fn roundtrip(
            ty: &str,
            text: &str,
            value: &Value,
            expect: Option<&Value>,
        ) -> Result<String, Value> {
            $(request_arm!($body, $t, ty, text, value, expect);)*
            $(
                if type_name(stringify!($t)) == ty {
                    return response::<$t>(text, value, expect);
                }
            )*
            Err(fail("type", format!("unknown type {ty}")))
        }
    };
}

/// A request body type is checked (round trip and `validate()`); other rows add nothing here.
macro_rules! request_arm {
    ("request", $t:ty, $ty:ident, $text:ident, $value:ident, $expect:ident) => {
        if type_name(stringify!($t)) == $ty {
            return checked::<$t>($text, $value, $expect);
        }
    };
    ($body:tt, $t:ty, $ty:ident, $text:ident, $value:ident, $expect:ident) => {};
}

include!(concat!(env!("OUT_DIR"), "/bodies.rs"));

fn described(request: http::Request<commerce_apis::Body>) -> Value {
    let headers: serde_json::Map<String, Value> = request
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or(""))))
        .collect();
    let body = if request.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(request.body()).unwrap_or(Value::Null)
    };
    json!({
        "ok": true, "method": request.method().as_str(), "uri": request.uri().to_string(),
        "headers": headers, "body": body,
    })
}

fn build(line: &Value) -> Result<Value, Value> {
    let str_of = |key: &str| line[key].as_str().unwrap_or_default().to_string();
    let (api, operation, base, id) = (
        str_of("api"),
        str_of("operation"),
        str_of("base_url"),
        str_of("id"),
    );
    build_operation(&api, &operation, base, &id, &line["body"])
        .map(described)
        .map_err(|e| e.unwrap_or_else(|e| fail("build", e)))
}

fn credentials() -> Credentials {
    Credentials::basic("conformance-key", "")
}

/// The `Config` of an API for the operation lines: the test kit's, with the spec's example of
/// every required header, pointed at `base`.
macro_rules! config {
    ($api:ident, $base:expr) => {
        commerce_apis::$api::testkit::example_config(credentials())
            .with_base_url($base)
            .map_err(|e| fail("config", e))
    };
}

/// What a `build_*` call failed with: a conformance answer (`Err`), or the builder's error.
type Built = Result<http::Request<commerce_apis::Body>, Result<Value, RequestError>>;

// `build`: every `build_*` of the generated crate, from the index (`tests/build.rs`); every path
// parameter gets `id`.
macro_rules! build_fns {
    ($(($api:ident, $op:ident, $build:ident, [$($param:ident),*], $body:ident),)*) => {
        fn build_operation(api: &str, operation: &str, base: String, id: &str, body: &Value) -> Built {
            let _ = (id, body);
            match (api, operation) {
                $((stringify!($api), stringify!($op)) => {
                    let config = config!($api, base).map_err(Ok)?;
                    build_call!($body, commerce_apis::$api::$build, &config, [$($param),*], id, body)
                })*
                (api, operation) => Err(Ok(fail("operation", format!("{api:?} {operation:?}")))),
            }
        }
    };
}

/// One `build_*` call: `config`, one `id` per path parameter, and the body read from the line
/// when the operation has one.
macro_rules! build_call {
    (body, $f:path, $config:expr, [$($param:ident),*], $id:ident, $body:ident) => {
        $f($config, $({ let $param = $id; $param },)* &read($body).map_err(Ok)?).map_err(Err)
    };
    (no_body, $f:path, $config:expr, [$($param:ident),*], $id:ident, $body:ident) => {
        $f($config, $({ let $param = $id; $param },)*).map_err(Err)
    };
}

include!(concat!(env!("OUT_DIR"), "/builds.rs"));

/// `Ok` when the response parsed (a documented error status into its typed error included).
fn parsed<T, E: std::fmt::Debug>(
    result: Result<T, commerce_apis::support::Error<E>>,
) -> Result<(), Value> {
    match result {
        Ok(_) | Err(commerce_apis::support::Error::Api { .. }) => Ok(()),
        Err(e) => Err(fail("parse", format!("{e:?}"))),
    }
}

fn parse(line: &Value) -> Result<(), Value> {
    let status = line["status"].as_u64().unwrap_or(0) as u16;
    let body = line["body"]
        .as_str()
        .unwrap_or_default()
        .as_bytes()
        .to_vec();
    let response = http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body)
        .map_err(|e| fail("response", e))?;
    parse_operation(
        line["api"].as_str().unwrap_or_default(),
        line["operation"].as_str().unwrap_or_default(),
        &response,
    )
}

// `parse`: every `parse_*` of the generated crate, from the index (`tests/build.rs`).
macro_rules! operations {
    ($(($api:ident, $op:ident, $parse:ident, $test:ident),)*) => {
        fn parse_operation(
            api: &str,
            operation: &str,
            response: &http::Response<Vec<u8>>,
        ) -> Result<(), Value> {
            match (api, operation) {
                $((stringify!($api), stringify!($op)) => parsed(commerce_apis::$api::$parse(response)),)*
                (api, operation) => Err(fail("operation", format!("{api:?} {operation:?}"))),
            }
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/operations.rs"));

fn answer(text: &str) -> String {
    let (line, raw) = match (
        serde_json::from_str::<Value>(text),
        serde_json::from_str::<RawLine>(text),
    ) {
        (Ok(line), Ok(raw)) => (line, raw),
        (Err(e), _) | (_, Err(e)) => return fail("input", e).to_string(),
    };
    let result = match line["op"].as_str() {
        Some("roundtrip") => {
            let expect = line.get("expect");
            roundtrip(
                line["type"].as_str().unwrap_or_default(),
                raw.value.map_or("null", RawValue::get),
                &line["value"],
                expect,
            )
            // The text as written: a `Value` would round its numbers.
            .map(|back| format!(r#"{{"ok":true,"back":{back}}}"#))
        }
        Some("build") => build(&line).map(|v| v.to_string()),
        Some("parse") => parse(&line).map(|()| json!({"ok": true}).to_string()),
        other => Err(fail("input", format!("unknown op {other:?}"))),
    };
    result.unwrap_or_else(|e| e.to_string())
}

fn main() {
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin is readable");
        if line.trim().is_empty() {
            continue;
        }
        writeln!(out, "{}", answer(&line)).expect("stdout is writable");
        out.flush().expect("stdout is writable");
    }
}
