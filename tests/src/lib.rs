//! Helpers for the workspace-level tests in `tests/tests/`.
//!
//! They load the OpenAPI documents `spec/<api>/openapi.json`, resolve JSON pointers and local
//! `$ref`s, compile schemas with [`jsonschema`] (draft 2020-12, `$ref`s resolved against the whole
//! document) and map the example files `spec/<api>/examples/*.json` to the operation, request body
//! or response status they illustrate (naming rule of `spec/CONVENTIONS.md`).
//!
//! Every check returns a list of human-readable problems (empty when all is well) instead of
//! panicking, so a test can report every problem at once and negative tests can assert on them.
//! Each problem names the spec or example file and the JSON pointer(s) involved.

use std::fmt;
use std::fs;

/// The index of the generated crate that the tests and benchmarks iterate over (also included by
/// the build scripts that write it into `OUT_DIR`).
#[path = "body_index.rs"]
pub mod body_index;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// `$schema` of JSON Schema draft 2020-12, the dialect of OpenAPI 3.1 schema objects.
pub const JSON_SCHEMA_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The official OpenAPI 3.1 meta-schema (see `tests/schemas/README.md` for its source).
pub const OPENAPI_3_1_META_SCHEMA: &str = include_str!("../schemas/openapi-3.1.schema.json");

/// HTTP methods that can hold an operation in an OpenAPI path item.
pub const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Root of the cargo workspace (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives inside the workspace")
        .to_path_buf()
}

/// One OpenAPI document: `spec/<api>/openapi.json`.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The API name: the folder name under `spec/` (`forte`, `forter`).
    pub api: String,
    /// Path of the document, used in messages (relative to the workspace root when loaded from disk).
    pub path: PathBuf,
    /// The parsed document.
    pub doc: Value,
}

impl Spec {
    /// A spec from an in-memory document (for negative tests on broken copies).
    pub fn from_value(api: &str, path: impl Into<PathBuf>, doc: Value) -> Self {
        Spec {
            api: api.to_string(),
            path: path.into(),
            doc,
        }
    }

    /// The folder holding the example files of this spec: `spec/<api>/examples`.
    pub fn examples_dir(&self) -> PathBuf {
        let dir = self.path.parent().unwrap_or(Path::new("")).join("examples");
        if dir.is_absolute() {
            dir
        } else {
            workspace_root().join(dir)
        }
    }

    /// The file name used in messages.
    pub fn file(&self) -> String {
        self.path.display().to_string()
    }
}

/// The folder of files copied verbatim into the generated crate (licences, its README): not an API.
pub const CRATE_FILES_DIR: &str = "crate-files";

/// The API folders under `<root>/spec/`, sorted: every sub-folder that holds any file, except
/// [`CRATE_FILES_DIR`].
pub fn api_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root.join("spec"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir() && !p.ends_with(CRATE_FILES_DIR) && contains_files(p))
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn contains_files(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            let p = e.path();
            if p.is_dir() {
                contains_files(&p)
            } else {
                !e.file_name().to_string_lossy().starts_with('.')
            }
        })
    })
}

/// Reads and parses `spec/<api>/openapi.json` of one API folder. The error names the file.
pub fn load_spec(api_dir: &Path) -> Result<Spec, String> {
    let root = workspace_root();
    let api = api_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = api_dir.join("openapi.json");
    let shown = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
    let text = fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read the spec: {e}", shown.display()))?;
    let doc = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not valid JSON: {e}", shown.display()))?;
    Ok(Spec {
        api,
        path: shown,
        doc,
    })
}

/// Loads every spec of the workspace. `Err` entries are folders whose spec is missing or broken.
pub fn load_all_specs() -> Vec<Result<Spec, String>> {
    api_dirs(&workspace_root())
        .iter()
        .map(|dir| load_spec(dir))
        .collect()
}

/// The specs that load (missing or broken ones are reported by [`load_all_specs`]), so that one
/// broken spec does not hide the problems of the others. Panics if there is none at all, so that
/// no test passes vacuously.
pub fn loadable_specs() -> Vec<Spec> {
    let specs: Vec<Spec> = load_all_specs()
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    assert!(
        !specs.is_empty(),
        "no loadable spec/<api>/openapi.json under {}",
        workspace_root().display()
    );
    specs
}

/// Loads `spec/<api>/openapi.json`; panics with the reason if it is missing or broken.
pub fn spec_named(api: &str) -> Spec {
    load_spec(&workspace_root().join("spec").join(api)).unwrap_or_else(|e| panic!("{e}"))
}

/// Formats a list of problems as one message (one problem a line), for `assert!`.
pub fn join_problems(problems: impl IntoIterator<Item = String>) -> String {
    let all: Vec<String> = problems.into_iter().collect();
    format!("{} problem(s):\n  {}", all.len(), all.join("\n  "))
}

// ---------------------------------------------------------------------------------------------
// JSON pointers and $ref

/// Escapes one reference token for a JSON pointer (`~` -> `~0`, `/` -> `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends a reference token to a JSON pointer: `pointer_push("/paths", "/products")` is
/// `/paths/~1products`.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

/// Resolves a JSON pointer (`/a/b`) or a URI fragment (`#/a/b`, percent-encoded allowed) in `doc`.
pub fn resolve_pointer<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    match pointer.strip_prefix('#') {
        Some(fragment) => doc.pointer(&percent_decode(fragment)?),
        None => doc.pointer(pointer),
    }
}

/// Resolves a `$ref` value against `doc`: only same-document references (`#...`) are supported.
pub fn resolve_ref<'a>(doc: &'a Value, reference: &str) -> Result<&'a Value, String> {
    if !reference.starts_with('#') {
        return Err("only references into the same document (`#/...`) are supported".into());
    }
    resolve_pointer(doc, reference).ok_or_else(|| "the target does not exist".to_string())
}

/// A `$ref` found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefSite {
    /// JSON pointer of the object holding the `$ref` key.
    pub pointer: String,
    /// The `$ref` value.
    pub target: String,
}

/// Every `$ref` (a `"$ref"` key with a string value) anywhere in `doc`, in document order.
pub fn find_refs(doc: &Value) -> Vec<RefSite> {
    fn walk(node: &Value, pointer: &mut String, out: &mut Vec<RefSite>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    out.push(RefSite {
                        pointer: pointer.clone(),
                        target: target.clone(),
                    });
                }
                for (key, value) in map {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_token(key));
                    walk(value, pointer, out);
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    walk(value, pointer, out);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut String::new(), &mut out);
    out
}

/// Every `$ref` of the spec that does not resolve, as `file: $ref at <pointer> -> <target>: why`.
pub fn dangling_refs(spec: &Spec) -> Vec<String> {
    find_refs(&spec.doc)
        .into_iter()
        .filter_map(|site| {
            resolve_ref(&spec.doc, &site.target).err().map(|why| {
                format!(
                    "{}: $ref at {} -> {:?}: {why}",
                    spec.file(),
                    show_pointer(&site.pointer),
                    site.target
                )
            })
        })
        .collect()
}

/// Follows a chain of `$ref`s starting at `pointer`; returns the pointer and value of the target.
pub fn deref<'a>(doc: &'a Value, pointer: &str) -> Result<(String, &'a Value), String> {
    let mut current = pointer.to_string();
    for _ in 0..32 {
        let node = resolve_pointer(doc, &current)
            .ok_or_else(|| format!("{} does not exist", show_pointer(&current)))?;
        match node.get("$ref").and_then(Value::as_str) {
            Some(target) => {
                resolve_ref(doc, target).map_err(|why| {
                    format!("$ref at {} -> {target:?}: {why}", show_pointer(&current))
                })?;
                current = percent_decode(target.trim_start_matches('#')).unwrap_or_default();
            }
            None => return Ok((current, node)),
        }
    }
    Err(format!("$ref cycle starting at {}", show_pointer(pointer)))
}

fn show_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        "/ (document root)".into()
    } else {
        pointer.to_string()
    }
}

fn percent_decode(s: &str) -> Option<String> {
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

/// Percent-encodes a JSON pointer for use as a URI fragment (RFC 6901, section 6).
pub fn pointer_to_fragment(pointer: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// Document structure

/// Structural checks that do not need the meta-schema: `openapi` is `3.1.x`, and `info`, `paths`
/// and `components` are objects; every operation has a unique `operationId`.
pub fn structural_problems(spec: &Spec) -> Vec<String> {
    let mut problems = Vec::new();
    let file = spec.file();
    let Some(root) = spec.doc.as_object() else {
        return vec![format!("{file}: the document is not a JSON object")];
    };
    match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.1") => {}
        other => problems.push(format!(
            "{file}: /openapi is {other:?}, expected a \"3.1.x\" string"
        )),
    }
    for key in ["info", "paths", "components"] {
        if !root.get(key).is_some_and(Value::is_object) {
            problems.push(format!("{file}: /{key} is missing or not an object"));
        }
    }
    let mut seen = std::collections::BTreeMap::new();
    for op in operations(&spec.doc) {
        match &op.operation_id {
            None => problems.push(format!(
                "{file}: operation at {} has no operationId",
                op.pointer
            )),
            Some(id) => {
                if let Some(first) = seen.insert(id.clone(), op.pointer.clone()) {
                    problems.push(format!(
                        "{file}: operationId {id:?} at {} is also used at {first}",
                        op.pointer
                    ));
                }
            }
        }
    }
    problems
}

/// Validates the document against the vendored official OpenAPI 3.1 meta-schema.
pub fn openapi_meta_schema_problems(spec: &Spec) -> Vec<String> {
    let meta: Value =
        serde_json::from_str(OPENAPI_3_1_META_SCHEMA).expect("vendored meta-schema is JSON");
    let validator = jsonschema::options()
        .build(&meta)
        .unwrap_or_else(|e| panic!("the vendored OpenAPI 3.1 meta-schema does not compile: {e}"));
    validator
        .iter_errors(&spec.doc)
        .map(|e| {
            format!(
                "{}: {} violates the OpenAPI 3.1 meta-schema: {e} (meta-schema {})",
                spec.file(),
                show_pointer(e.instance_path().as_str()),
                e.schema_path().as_str()
            )
        })
        .collect()
}

/// Component schemas and properties without a `description` (CONVENTIONS: "every schema and
/// every property has a description"). A property that is only a `$ref` takes the doc of the
/// component it points to. Nested schemas under `properties`, `items`, `additionalProperties`,
/// `allOf`, `oneOf` and `anyOf` are searched for properties too.
pub fn undocumented_schemas(spec: &Spec) -> Vec<String> {
    fn walk(node: &Value, pointer: &str, needs_doc: bool, out: &mut Vec<String>) {
        let Some(map) = node.as_object() else { return };
        let ref_only = map.contains_key("$ref");
        if needs_doc && !ref_only && !map.get("description").is_some_and(Value::is_string) {
            out.push(pointer.to_string());
        }
        if let Some(Value::Object(props)) = map.get("properties") {
            for (name, schema) in props {
                walk(
                    schema,
                    &pointer_push(&pointer_push(pointer, "properties"), name),
                    true,
                    out,
                );
            }
        }
        for key in ["items", "additionalProperties"] {
            if let Some(sub) = map.get(key) {
                walk(sub, &pointer_push(pointer, key), false, out);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = map.get(key) {
                for (i, sub) in branches.iter().enumerate() {
                    walk(
                        sub,
                        &format!("{}/{i}", pointer_push(pointer, key)),
                        false,
                        out,
                    );
                }
            }
        }
    }
    let mut out = Vec::new();
    for (name, schema) in component_schemas(&spec.doc) {
        walk(
            schema,
            &pointer_push("/components/schemas", name),
            true,
            &mut out,
        );
    }
    out.into_iter()
        .map(|p| format!("{}: schema at {p} has no description", spec.file()))
        .collect()
}

/// The named schemas of `components.schemas`, in document order.
pub fn component_schemas(doc: &Value) -> Vec<(&str, &Value)> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Schemas

/// Compiles the schema at `pointer` of `doc` as JSON Schema 2020-12, with every `$ref` resolved
/// against the whole document, and with `format` asserted.
///
/// The validator's root is a copy of the document with `$schema` and a `$ref` to the pointer
/// added: the OpenAPI keys of the root are not JSON Schema keywords, so they are ignored, and
/// `#/components/schemas/...` references resolve in the same document.
pub fn schema_validator(doc: &Value, pointer: &str) -> Result<jsonschema::Validator, String> {
    if resolve_pointer(doc, pointer).is_none() {
        return Err(format!("no schema at {}", show_pointer(pointer)));
    }
    let mut root: Map<String, Value> = doc.as_object().cloned().unwrap_or_default();
    root.insert("$schema".into(), Value::String(JSON_SCHEMA_2020_12.into()));
    root.insert("$ref".into(), Value::String(pointer_to_fragment(pointer)));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&Value::Object(root))
        .map_err(|e| {
            format!(
                "schema at {} does not compile: {e} (at {})",
                show_pointer(pointer),
                e.schema_path().as_str()
            )
        })
}

/// Problems of the component schemas of a spec: each must be a valid JSON Schema 2020-12 document
/// (checked against the 2020-12 meta-schema) and must compile with its `$ref`s resolved.
pub fn component_schema_problems(spec: &Spec) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, schema) in component_schemas(&spec.doc) {
        let pointer = pointer_push("/components/schemas", name);
        let meta = jsonschema::draft202012::meta::validator();
        for e in meta.iter_errors(schema) {
            problems.push(format!(
                "{}: {pointer}{} is not valid JSON Schema 2020-12: {e}",
                spec.file(),
                e.instance_path().as_str()
            ));
        }
        if let Err(e) = schema_validator(&spec.doc, &pointer) {
            problems.push(format!("{}: {e}", spec.file()));
        }
    }
    problems
}

/// One validation error of an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceError {
    /// JSON pointer into the instance.
    pub instance_path: String,
    /// JSON pointer of the failing keyword in the spec document (after `$ref`s), when known;
    /// otherwise the keyword path as evaluated from the checked schema.
    pub schema_path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InstanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "instance {}: {} (schema {})",
            show_pointer(&self.instance_path),
            self.message,
            self.schema_path
        )
    }
}

/// Validates `instance` against the schema at `pointer` of `doc`; `Err` if the schema does not compile.
pub fn validate_instance(
    doc: &Value,
    pointer: &str,
    instance: &Value,
) -> Result<Vec<InstanceError>, String> {
    let validator = schema_validator(doc, pointer)?;
    Ok(validator
        .iter_errors(instance)
        .map(|e| InstanceError {
            instance_path: e.instance_path().as_str().to_string(),
            schema_path: schema_location(
                pointer,
                e.schema_path().as_str(),
                e.evaluation_path().as_str(),
            ),
            message: e.to_string(),
        })
        .collect())
}

/// The keyword location of an error as a pointer into the spec document: the validator's root is
/// the spec document itself, so the canonical keyword location (after `$ref`s) is already such a
/// pointer unless it starts with the root's own `$ref`; then it is rebased on `pointer`.
fn schema_location(pointer: &str, schema_path: &str, evaluation_path: &str) -> String {
    let located = |p: &str| match p.strip_prefix("/$ref") {
        Some(rest) => format!("{pointer}{rest}"),
        None => p.to_string(),
    };
    let canonical = located(schema_path);
    let evaluated = located(evaluation_path);
    if canonical == evaluated {
        canonical
    } else {
        format!("{canonical}, reached via {evaluated}")
    }
}

// ---------------------------------------------------------------------------------------------
// Operations and examples

/// An operation of a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// `operationId`, if any.
    pub operation_id: Option<String>,
    /// Lower-case HTTP method.
    pub method: String,
    /// Path template, e.g. `/products/{product_id}`.
    pub path: String,
    /// JSON pointer of the operation object, e.g. `/paths/~1products/post`.
    pub pointer: String,
}

/// Every operation of `doc.paths`, then of `doc.webhooks`, in document order (none without
/// `paths`).
pub fn operations(doc: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    // The notifications the API sends (OpenAPI `webhooks`): their examples are named like an
    // operation's, `<operationId in snake_case>.<request|status>[.<variant>].json`.
    let webhooks = doc.get("webhooks").and_then(Value::as_object);
    let sections = [("/paths", Some(paths)), ("/webhooks", webhooks)];
    for (section, items) in sections {
        for (key, item) in items.into_iter().flatten() {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if !HTTP_METHODS.contains(&method.as_str()) {
                    continue;
                }
                out.push(Operation {
                    operation_id: op
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    method: method.clone(),
                    path: match section {
                        "/paths" => key.clone(),
                        _ => format!("webhook {key}"),
                    },
                    pointer: pointer_push(&pointer_push(section, key), method),
                });
            }
        }
    }
    out
}

/// snake_case of a lowerCamelCase operationId, as the generator names the Rust function:
/// `validateOrder` -> `validate_order`, `getV3Order` -> `get_v3_order`, `sendHTTPRequest` ->
/// `send_http_request`.
pub fn snake_case(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == ' ' {
            out.push('_');
            continue;
        }
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// What an example file illustrates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleKind {
    /// The request body.
    Request,
    /// The response body of this status (`"200"`, `"422"`, ...).
    Response(String),
}

/// A parsed example file name: `<operation_id_snake>.<request|STATUS>[.<variant>].json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleName {
    /// snake_case operationId.
    pub operation: String,
    /// Request body or response status.
    pub kind: ExampleKind,
    /// Optional variant (`infinite`, `limited`, ...).
    pub variant: Option<String>,
}

/// Parses an example file name; `Err` says why it does not follow the naming rule.
pub fn parse_example_name(file_name: &str) -> Result<ExampleName, String> {
    let stem = file_name.strip_suffix(".json").ok_or(
        "not a .json file (expected <operation_id_snake>.<request|STATUS>[.<variant>].json)",
    )?;
    let parts: Vec<&str> = stem.split('.').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty()) {
        return Err("expected <operation_id_snake>.<request|STATUS>[.<variant>].json".into());
    }
    let kind = match parts[1] {
        "request" => ExampleKind::Request,
        status if status.len() == 3 && status.chars().all(|c| c.is_ascii_digit()) => {
            ExampleKind::Response(status.to_string())
        }
        "default" => ExampleKind::Response("default".into()),
        other => {
            return Err(format!(
                "{other:?} is neither `request` nor an HTTP status code"
            ))
        }
    };
    Ok(ExampleName {
        operation: parts[0].to_string(),
        kind,
        variant: parts.get(2).map(|v| v.to_string()),
    })
}

/// The JSON pointer of the schema an example must follow: the `application/json` schema of the
/// operation's request body, or of its response for the status (`$ref`s to `components.responses`
/// or `components.requestBodies` are followed).
pub fn example_schema_pointer(doc: &Value, name: &ExampleName) -> Result<String, String> {
    let ops = operations(doc);
    let op = ops
        .iter()
        .find(|op| {
            op.operation_id.as_deref().map(snake_case).as_deref() == Some(name.operation.as_str())
        })
        .ok_or_else(|| {
            let known: Vec<String> = ops
                .iter()
                .filter_map(|o| o.operation_id.as_deref().map(snake_case))
                .collect();
            format!(
                "no operation whose operationId in snake_case is {:?} (known: {})",
                name.operation,
                known.join(", ")
            )
        })?;
    let holder = match &name.kind {
        ExampleKind::Request => format!("{}/requestBody", op.pointer),
        ExampleKind::Response(status) => pointer_push(&format!("{}/responses", op.pointer), status),
    };
    let what = match &name.kind {
        ExampleKind::Request => "request body".to_string(),
        ExampleKind::Response(status) => format!("{status} response"),
    };
    if resolve_pointer(doc, &holder).is_none() {
        return Err(format!(
            "operation {} ({} {}) has no {what} ({holder})",
            op.operation_id.as_deref().unwrap_or("?"),
            op.method.to_uppercase(),
            op.path
        ));
    }
    let (target, _) = deref(doc, &holder)?;
    let schema = format!("{target}/content/application~1json/schema");
    if resolve_pointer(doc, &schema).is_none() {
        return Err(format!(
            "{what} of operation {} has no application/json body schema ({schema})",
            name.operation
        ));
    }
    Ok(schema)
}

/// Checks one example against its spec: the name must map to an operation and a body of it, and
/// the instance must validate. Each problem names the example file, the instance pointer and the
/// schema pointer.
pub fn check_example(spec: &Spec, file_name: &str, instance: &Value) -> Vec<String> {
    let shown = format!(
        "{} (example of {})",
        example_path(spec, file_name),
        spec.file()
    );
    let name = match parse_example_name(file_name) {
        Ok(name) => name,
        Err(why) => return vec![format!("{shown}: unmatched example: {why}")],
    };
    let pointer = match example_schema_pointer(&spec.doc, &name) {
        Ok(pointer) => pointer,
        Err(why) => return vec![format!("{shown}: unmatched example: {why}")],
    };
    match validate_instance(&spec.doc, &pointer, instance) {
        Err(why) => vec![format!("{shown}: {why}")],
        Ok(errors) => errors
            .into_iter()
            .map(|e| format!("{shown}: does not match {pointer}: {e}"))
            .collect(),
    }
}

fn example_path(spec: &Spec, file_name: &str) -> String {
    let dir = spec.examples_dir();
    let full = dir.join(file_name);
    full.strip_prefix(workspace_root())
        .unwrap_or(&full)
        .display()
        .to_string()
}

/// The example files of a spec (`spec/<api>/examples/*`, hidden files and the folder's
/// `README.md` skipped), sorted by name. Sub-folders are listed too, so that they are reported as
/// unmatched.
pub fn example_files(spec: &Spec) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(spec.examples_dir())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    !name.starts_with('.') && name != "README.md"
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Checks every example file of a spec (see [`check_example`]); unreadable or non-JSON files are
/// problems too. Returns the number of files checked and the problems.
pub fn check_example_files(spec: &Spec) -> (usize, Vec<String>) {
    let files = example_files(spec);
    let mut problems = Vec::new();
    for path in &files {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!(
                    "{}: cannot read: {e}",
                    example_path(spec, &file_name)
                ));
                continue;
            }
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(instance) => problems.extend(check_example(spec, &file_name, &instance)),
            Err(e) => problems.push(format!(
                "{}: not valid JSON: {e}",
                example_path(spec, &file_name)
            )),
        }
    }
    (files.len(), problems)
}

/// Reads one example of a spec as JSON (panics with the file name if that fails).
pub fn read_example(spec: &Spec, file_name: &str) -> Value {
    let path = spec.examples_dir().join(file_name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
