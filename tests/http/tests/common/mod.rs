//! Helpers shared by the test binaries: the two OpenAPI documents, loaded at run time from
//! `spec/<api>/openapi.json`, their operations and JSON Schema validators, the wire examples of
//! `spec/<api>/examples/`, and (in [`mock`]) the mock servers.
#![allow(dead_code)]

pub mod mock;

use std::fmt;
use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// Forter's secret API key in these tests: the Basic user name (the password is empty).
pub const FORTER_KEY: &str = "sk_FORTER_SECRET_e2c91f07d4";
/// The values of the Forter headers sent with every request.
pub const FORTER_API_VERSION: &str = "10.1";
pub const FORTER_SITE_ID: &str = "8b47c6d423ba";
/// Forte's shop id (Basic user name) and secret key (Basic password) in these tests.
pub const FORTE_SHOP_ID: &str = "4242";
pub const FORTE_SECRET: &str = "sk_FORTE_SECRET_71b0aa93c5";

/// The exact `Authorization` value for Basic `user:password`, computed here independently of
/// the generated crate.
pub fn basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

/// The two APIs of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    Forter,
    Forte,
}

impl Api {
    pub fn name(self) -> &'static str {
        match self {
            Api::Forter => "forter",
            Api::Forte => "forte",
        }
    }

    /// The loaded spec (parsed and compiled once per test binary).
    pub fn spec(self) -> &'static Spec {
        static FORTER: OnceLock<Spec> = OnceLock::new();
        static FORTE: OnceLock<Spec> = OnceLock::new();
        let cell = match self {
            Api::Forter => &FORTER,
            Api::Forte => &FORTE,
        };
        cell.get_or_init(|| Spec::load(self))
    }

    /// The `Authorization` value the mock of this API expects.
    pub fn authorization(self) -> String {
        match self {
            Api::Forter => basic(FORTER_KEY, ""),
            Api::Forte => basic(FORTE_SHOP_ID, FORTE_SECRET),
        }
    }

    /// The configured values of the spec's required header parameters.
    pub fn header_values(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Api::Forter => vec![
                ("api-version", FORTER_API_VERSION),
                ("x-forter-siteid", FORTER_SITE_ID),
            ],
            Api::Forte => Vec::new(),
        }
    }
}

/// `spec/` of the workspace.
pub fn spec_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec")
}

/// Percent-decoded path parameters as `(name, value)`, or why they do not decode.
pub type PathParams = Result<Vec<(String, String)>, String>;

/// One segment of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    Param(String),
}

/// An operation of a spec, with the validator of its JSON request body.
pub struct Operation {
    /// `operationId` in snake_case, as the generator names `build_*` / `parse_*`.
    pub name: String,
    pub method: http::Method,
    pub template: String,
    pub segments: Vec<Segment>,
    /// Required header parameters (lower-case names).
    pub required_headers: Vec<String>,
    /// Validator of the `application/json` request body, if the operation has one.
    pub request_body: Option<Schema>,
    /// Documented statuses and the validator of each one's JSON body (`None`: no body).
    pub responses: Vec<(u16, Option<Schema>)>,
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.name, self.method, self.template)
    }
}

impl Operation {
    /// The percent-decoded path parameters if `raw_path` (as received) matches the template.
    /// `Err` when it matches but a parameter does not decode to UTF-8.
    pub fn match_path(&self, raw_path: &str) -> Option<PathParams> {
        let parts: Vec<&str> = raw_path.strip_prefix('/')?.split('/').collect();
        let template: Vec<&Segment> = self.segments.iter().collect();
        if parts.len() != template.len() {
            return None;
        }
        let mut params = Vec::new();
        for (part, segment) in parts.iter().zip(template) {
            match segment {
                Segment::Literal(literal) if literal == part => {}
                Segment::Literal(_) => return None,
                Segment::Param(name) => match percent_decode(part) {
                    Some(value) => params.push((name.clone(), value)),
                    None => {
                        return Some(Err(format!(
                            "path parameter `{name}` ({part:?}) is not percent-encoded UTF-8"
                        )))
                    }
                },
            }
        }
        Some(Ok(params))
    }

    /// The validator of the body of a documented status.
    pub fn response_schema(&self, status: u16) -> Option<&Schema> {
        self.responses
            .iter()
            .find(|(s, _)| *s == status)
            .and_then(|(_, schema)| schema.as_ref())
    }
}

/// A compiled JSON Schema of the spec, with the pointer it comes from (for messages).
pub struct Schema {
    pub pointer: String,
    validator: jsonschema::Validator,
}

impl Schema {
    /// Every validation error as `instance pointer: message`.
    pub fn errors(&self, instance: &Value) -> Vec<String> {
        self.validator
            .iter_errors(instance)
            .map(|e| {
                let at = e.instance_path().as_str().to_string();
                format!("{}: {e}", if at.is_empty() { "/" } else { &at })
            })
            .collect()
    }
}

/// One OpenAPI document and its operations.
pub struct Spec {
    pub api: Api,
    pub doc: Value,
    pub operations: Vec<Operation>,
}

impl Spec {
    fn load(api: Api) -> Spec {
        let path = spec_root().join(api.name()).join("openapi.json");
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut operations = Vec::new();
        let paths = doc["paths"].as_object().expect("the spec has paths");
        for (template, item) in paths {
            let item_params = item.get("parameters").cloned().unwrap_or(Value::Null);
            for (method, op) in item.as_object().expect("a path item is an object") {
                const METHODS: [&str; 8] = [
                    "get", "put", "post", "delete", "options", "head", "patch", "trace",
                ];
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let method: http::Method = method.to_uppercase().parse().expect("HTTP method");
                let op_pointer = format!("/paths/{}/{}", escape(template), method_key(&method));
                let mut required_headers = Vec::new();
                for params in [&item_params, &op["parameters"]] {
                    for param in params.as_array().into_iter().flatten() {
                        let param = deref(&doc, param);
                        if param["in"] == "header" && param["required"] == true {
                            let name = param["name"].as_str().expect("parameter name");
                            required_headers.push(name.to_ascii_lowercase());
                        }
                    }
                }
                let request_body = op.get("requestBody").map(|_| {
                    let (holder, _) = deref_pointer(&doc, &format!("{op_pointer}/requestBody"));
                    compile(&doc, &format!("{holder}/content/application~1json/schema"))
                });
                let mut responses = Vec::new();
                for (status, _) in op["responses"].as_object().into_iter().flatten() {
                    let code: u16 = status.parse().expect("numeric status in these specs");
                    let (holder, response) =
                        deref_pointer(&doc, &format!("{op_pointer}/responses/{status}"));
                    let schema = response
                        .pointer("/content/application~1json/schema")
                        .map(|_| {
                            compile(&doc, &format!("{holder}/content/application~1json/schema"))
                        });
                    responses.push((code, schema));
                }
                operations.push(Operation {
                    name: snake_case(op["operationId"].as_str().expect("operationId")),
                    method,
                    template: template.clone(),
                    segments: template
                        .trim_start_matches('/')
                        .split('/')
                        .map(
                            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                                Some(name) => Segment::Param(name.to_string()),
                                None => Segment::Literal(s.to_string()),
                            },
                        )
                        .collect(),
                    required_headers,
                    request_body,
                    responses,
                });
            }
        }
        Spec {
            api,
            doc,
            operations,
        }
    }

    /// The operation named `name` (snake_case operationId).
    pub fn operation(&self, name: &str) -> &Operation {
        self.operations
            .iter()
            .find(|op| op.name == name)
            .unwrap_or_else(|| panic!("{} has no operation {name}", self.api.name()))
    }

    /// The operation a request is for, with its decoded path parameters.
    pub fn route(&self, method: &http::Method, raw_path: &str) -> Option<(&Operation, PathParams)> {
        self.operations
            .iter()
            .filter(|op| op.method == method)
            .find_map(|op| op.match_path(raw_path).map(|params| (op, params)))
    }

    /// The validator of a component schema, e.g. `V3OrderRequest`.
    pub fn component(&self, name: &str) -> Schema {
        compile(&self.doc, &format!("/components/schemas/{}", escape(name)))
    }
}

fn method_key(method: &http::Method) -> String {
    method.as_str().to_ascii_lowercase()
}

/// Follows `$ref`s from a node (same-document references only).
fn deref<'a>(doc: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(target) => {
                node = doc
                    .pointer(target.trim_start_matches('#'))
                    .unwrap_or_else(|| panic!("dangling $ref {target}"));
            }
            None => return node,
        }
    }
    panic!("$ref chain too long")
}

/// Follows `$ref`s from a pointer; returns the final pointer and node.
fn deref_pointer<'a>(doc: &'a Value, pointer: &str) -> (String, &'a Value) {
    let mut pointer = pointer.to_string();
    for _ in 0..16 {
        let node = doc
            .pointer(&pointer)
            .unwrap_or_else(|| panic!("nothing at {pointer}"));
        match node.get("$ref").and_then(Value::as_str) {
            Some(target) => pointer = target.trim_start_matches('#').to_string(),
            None => return (pointer, node),
        }
    }
    panic!("$ref chain too long at {pointer}")
}

/// Compiles the schema at `pointer` as JSON Schema 2020-12 with formats asserted; the root is
/// the whole document (plus `$schema` and a `$ref` to the pointer) so every `$ref` resolves.
fn compile(doc: &Value, pointer: &str) -> Schema {
    assert!(doc.pointer(pointer).is_some(), "no schema at {pointer}");
    let mut root: Map<String, Value> = doc.as_object().cloned().unwrap_or_default();
    root.insert(
        "$schema".into(),
        Value::String("https://json-schema.org/draft/2020-12/schema".into()),
    );
    root.insert("$ref".into(), Value::String(pointer_to_fragment(pointer)));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&Value::Object(root))
        .unwrap_or_else(|e| panic!("schema at {pointer} does not compile: {e}"));
    Schema {
        pointer: pointer.to_string(),
        validator,
    }
}

/// Escapes a JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer as a percent-encoded URI fragment.
fn pointer_to_fragment(pointer: &str) -> String {
    let mut out = String::from("#");
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// snake_case of a lowerCamelCase operationId (`validateOrder` -> `validate_order`).
pub fn snake_case(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Percent-decodes a path segment (written here so the test does not share the generated
/// crate's encoding code). `None` on a bad escape or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `spec/<api>/examples/<file>` as JSON, if the file exists.
pub fn try_example(api: Api, file: &str) -> Option<Value> {
    let path = spec_root().join(api.name()).join("examples").join(file);
    let text = fs::read_to_string(&path).ok()?;
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// `spec/<api>/examples/<file>` as JSON; panics if it is missing.
pub fn example(api: Api, file: &str) -> Value {
    try_example(api, file).unwrap_or_else(|| panic!("missing example {}/{file}", api.name()))
}

/// An example deserialized into a generated type.
pub fn example_as<T: serde::de::DeserializeOwned>(api: Api, file: &str) -> T {
    serde_json::from_value(example(api, file)).unwrap_or_else(|e| {
        panic!(
            "{}/{file} does not deserialize as {}: {e}",
            api.name(),
            std::any::type_name::<T>()
        )
    })
}

/// The body the mocks answer with for a documented status that has no example file: small and
/// valid for the status's schema (checked by a test).
pub fn fallback_body(api: Api, operation: &str, status: u16) -> Option<Value> {
    match (api, status) {
        (_, 204) => None,
        (Api::Forter, 400) => Some(serde_json::json!({
            "status": "failed",
            "message": "Bad request",
            "errorMessage": "Missing required parameter: orderId"
        })),
        (Api::Forter, 401) => Some(serde_json::json!({
            "status": "failed",
            "message": "Unauthorized",
            "errorMessage": "No valid API key provided"
        })),
        (Api::Forter, 404) => Some(serde_json::json!({
            "status": "failed",
            "message": "Not found",
            "errorMessage": "Order not found"
        })),
        (Api::Forter, 500) => Some(serde_json::json!({
            "status": "failed",
            "message": "Server error"
        })),
        (Api::Forte, 302) => Some(serde_json::json!({ "message": "Product not found" })),
        (Api::Forte, 422) => Some(serde_json::json!({
            "message": "Amount must be greater than 0",
            "errors": { "amount": ["must be greater than 0"] }
        })),
        _ => panic!(
            "no example and no fallback body for {} {operation} {status}",
            api.name()
        ),
    }
}

/// The documented body of a status: `spec/<api>/examples/<op>.<status>.json` if it exists,
/// else [`fallback_body`]; `None` for a status without a body.
pub fn documented_body(api: Api, operation: &str, status: u16) -> Option<Value> {
    try_example(api, &format!("{operation}.{status}.json"))
        .or_else(|| fallback_body(api, operation, status))
}

/// The string and number leaves of the properties marked `x-sensitive` in `instance`, walking
/// it along the schema at `pointer` (`$ref`, `allOf`/`oneOf`/`anyOf`, `items`,
/// `additionalProperties`), and the leaves of all other properties. Used to check that `Debug`
/// output shows none of the first (minus any value that also appears as a plain one).
pub fn sensitive_values(
    doc: &Value,
    pointer: &str,
    instance: &Value,
) -> (Vec<String>, Vec<String>) {
    fn leaves(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Number(n) => out.push(n.to_string()),
            Value::Array(items) => items.iter().for_each(|v| leaves(v, out)),
            Value::Object(map) => map.values().for_each(|v| leaves(v, out)),
            _ => {}
        }
    }
    fn walk(
        doc: &Value,
        schema: &Value,
        instance: &Value,
        sensitive: &mut Vec<String>,
        plain: &mut Vec<String>,
    ) {
        let schema = deref(doc, schema);
        for key in ["allOf", "oneOf", "anyOf"] {
            for branch in schema[key].as_array().into_iter().flatten() {
                walk(doc, branch, instance, sensitive, plain);
            }
        }
        match instance {
            Value::Object(map) => {
                for (key, value) in map {
                    let property = schema
                        .get("properties")
                        .and_then(|p| p.get(key))
                        .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()));
                    match property {
                        Some(property) if property["x-sensitive"] == true => {
                            leaves(value, sensitive)
                        }
                        Some(property) => walk(doc, property, value, sensitive, plain),
                        None => {}
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item) = schema.get("items") {
                    for value in items {
                        walk(doc, item, value, sensitive, plain);
                    }
                }
            }
            other => leaves(other, plain),
        }
    }
    let schema = doc.pointer(pointer).expect("schema pointer");
    let (mut sensitive, mut plain) = (Vec::new(), Vec::new());
    walk(doc, schema, instance, &mut sensitive, &mut plain);
    sensitive.sort();
    sensitive.dedup();
    (sensitive, plain)
}

/// Reads an HTTP request head (up to the blank line, at most 64 KiB) from a raw socket, for the
/// hand-written servers that misbehave on purpose. `None` when the client closed first.
pub async fn read_request_head(socket: &mut tokio::net::TcpStream) -> Option<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() >= 64 * 1024 {
            return None;
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    Some(head)
}
