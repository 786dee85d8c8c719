//! The test kit's plan: names of its items (claimed so that they collide with nothing the API
//! module already has), the spec's schemas for the JSON Schema check, and the documented answers
//! from the example files.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Result};
use crate::ir::{Api, TestKit, TestKitExample, TestKitOperation, TestKitWebhook};
use crate::names;

/// One example file of an API: `spec/<api>/examples/<name>`.
#[derive(Debug, Clone)]
pub struct ExampleInput {
    /// The file name (`validate_order.200.approve.json`).
    pub name: String,
    /// Its path, for diagnostics (`spec/forter/examples/validate_order.200.approve.json`).
    pub path: String,
    /// Its text.
    pub text: String,
}

/// Names the kit's module defines or re-exports itself.
const FIXED: [&str; 12] = [
    "Mock",
    "Default",
    "Fault",
    "Reply",
    "Times",
    "Problem",
    "ProblemSource",
    "CallRecord",
    "TypedCall",
    "RuleBuilder",
    "RuleHandle",
    "MockApi",
];

/// Plans the kit of `api`, from its spec text and its example files.
pub fn plan(api: &Api, spec_text: &str, examples: &[ExampleInput]) -> Result<TestKit> {
    let doc: Value = serde_json::from_str(spec_text).map_err(|err| {
        Diagnostic::new(&api.source, "", format!("not JSON: {err}"), "fix the JSON")
    })?;
    // Names already in the module's scope (its types) and the kit's fixed items.
    let mut taken: BTreeSet<String> = api
        .types
        .iter()
        .map(|t| names::bare(&t.name).to_owned())
        .collect();
    taken.extend(FIXED.iter().map(|s| s.to_string()));
    let mut claim = |wanted: String| {
        let mut name = wanted;
        while taken.contains(&name) {
            name.push_str("Op");
        }
        taken.insert(name.clone());
        name
    };
    let mut requests = Map::new();
    let mut operations = Vec::new();
    for op in &api.operations {
        let bare = names::bare(&op.rust);
        let base = names::pascal(bare).unwrap_or_else(|| "Operation".into());
        let base = names::bare(&base).to_owned();
        let marker = claim(base.clone());
        let request_struct = claim(format!("{marker}Request"));
        let params: BTreeSet<&str> = op
            .path_params
            .iter()
            .map(|p| names::bare(&p.rust))
            .collect();
        let mut body_field = "body".to_owned();
        while params.contains(body_field.as_str()) {
            body_field.push('_');
        }
        let request_pointer = match request_schema(&doc, op.path.text.as_str(), op.method.as_str())
        {
            Some(schema) => {
                requests.insert(bare.to_owned(), schema);
                Some(format!("#/x-test-kit-requests/{bare}"))
            }
            None => None,
        };
        operations.push(TestKitOperation {
            marker,
            request_struct,
            body_field,
            rule_fn: format!("on_{bare}"),
            request_pointer,
            examples: Vec::new(),
        });
    }
    let mut has_default = vec![false; operations.len()];
    let mut files: Vec<&ExampleInput> = examples.iter().collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    for file in files {
        let Some(stem) = file.name.strip_suffix(".json") else {
            continue;
        };
        let parts: Vec<&str> = stem.split('.').collect();
        if parts.get(1) == Some(&"request") {
            continue;
        }
        let help = "name response examples `<operation>.<status>[.<variant>].json` after an operation and a status it documents";
        let (operation, status, variant) = match parts[..] {
            [operation, status] => (operation, status, None),
            [operation, status, variant] => (operation, status, Some(variant)),
            _ => {
                return Err(Diagnostic::new(
                    &file.path,
                    "",
                    "not a response example name",
                    help,
                ))
            }
        };
        // A notification's examples (`webhooks`) are the receiver's, not the kit's.
        let is_webhook = |name: &str| names::snake(name).as_deref() == Some(operation);
        if api
            .webhooks
            .iter()
            .any(|hook| is_webhook(&hook.operation_id))
        {
            continue;
        }
        let Some(index) = api
            .operations
            .iter()
            .position(|op| names::bare(&op.rust) == operation)
        else {
            return Err(Diagnostic::new(
                &file.path,
                "",
                format!("no operation `{operation}` in {}", api.source),
                help,
            ));
        };
        let op = &api.operations[index];
        let Some(response) = status
            .parse::<u16>()
            .ok()
            .and_then(|s| op.responses.iter().find(|r| r.status == s))
        else {
            return Err(Diagnostic::new(
                &file.path,
                "",
                format!("`{operation}` documents no status {status}"),
                help,
            ));
        };
        let value: Value = serde_json::from_str(&file.text).map_err(|err| {
            Diagnostic::new(&file.path, "", format!("not JSON: {err}"), "fix the JSON")
        })?;
        let wanted = match variant {
            Some(variant) => variant.to_owned(),
            None if response.is_success() => http_reason(response.status),
            None => response.variant.clone(),
        };
        let kit_op = &mut operations[index];
        let mut name = names::snake(&wanted)
            .filter(|n| !n.starts_with("r#"))
            .unwrap_or_else(|| format!("example_{}", response.status));
        while kit_op.examples.iter().any(|e| e.name == name) {
            name.push_str(&format!("_{}", response.status));
        }
        let example = TestKitExample {
            name,
            status: response.status,
            body: response.body.is_some().then(|| value.to_string()),
            source: file.path.clone(),
        };
        // The default answer (the engine takes the first success example) is the success
        // example without a variant when there is one.
        if variant.is_none() && response.is_success() && !has_default[index] {
            has_default[index] = true;
            kit_op.examples.insert(0, example);
        } else {
            kit_op.examples.push(example);
        }
    }
    let mut root = Map::new();
    let schemas = doc
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    let mut components = Map::new();
    components.insert("schemas".into(), strip_schema_map(&schemas));
    root.insert("components".into(), Value::Object(components));
    root.insert(
        "x-test-kit-requests".into(),
        Value::Object(requests.into_iter().map(|(k, v)| (k, strip(&v))).collect()),
    );
    let secret_headers = api
        .settings
        .iter()
        .filter(|s| s.sensitive)
        .map(|s| s.header.to_ascii_lowercase())
        .collect();
    let webhooks = api
        .webhooks
        .iter()
        .map(|hook| plan_webhook(hook, examples))
        .collect::<Result<Vec<_>>>()?;
    Ok(TestKit {
        schemas_json: Value::Object(root).to_string(),
        secret_headers,
        operations,
        webhooks,
    })
}

/// The kit's constructors of a notification, named after its receiver (`receive_order_decision`
/// -> `order_decision_notification`), so unique as the receivers are; the example payload is
/// `<operationId in snake case>.request.json`, the file the receiver's tests read.
fn plan_webhook(hook: &crate::ir::Webhook, examples: &[ExampleInput]) -> Result<TestKitWebhook> {
    let receiver = names::bare(&hook.receive_fn);
    let base = receiver.strip_prefix("receive_").unwrap_or(receiver);
    let file_name = names::snake(&hook.operation_id).map(|snake| format!("{snake}.request.json"));
    let example = match examples
        .iter()
        .find(|file| Some(&file.name) == file_name.as_ref())
    {
        Some(file) => {
            let value: Value = serde_json::from_str(&file.text).map_err(|err| {
                Diagnostic::new(&file.path, "", format!("not JSON: {err}"), "fix the JSON")
            })?;
            Some(TestKitExample {
                name: "documented".to_owned(),
                status: hook.answer.status,
                body: Some(value.to_string()),
                source: file.path.clone(),
            })
        }
        None => None,
    };
    Ok(TestKitWebhook {
        notification_fn: format!("{base}_notification"),
        documented_fn: format!("documented_{base}_notification"),
        example,
    })
}

/// The reason phrase of a success status in snake case (`201` -> `created`).
fn http_reason(status: u16) -> String {
    let reason = match status {
        200 => "ok",
        201 => "created",
        202 => "accepted",
        203 => "non_authoritative_information",
        204 => "no_content",
        206 => "partial_content",
        _ => return format!("status_{status}"),
    };
    reason.to_owned()
}

/// The request body schema of `method path` (a `$ref` to a request body is followed).
fn request_schema(doc: &Value, path: &str, method: &str) -> Option<Value> {
    let mut body = doc
        .get("paths")?
        .get(path)?
        .get(method.to_ascii_lowercase())?
        .get("requestBody")?;
    if let Some(reference) = body.get("$ref").and_then(Value::as_str) {
        body = doc.pointer(reference.strip_prefix('#')?)?;
    }
    body.get("content")?
        .get("application/json")?
        .get("schema")
        .cloned()
}

/// Keywords whose value is a map of names to schemas.
const SCHEMA_MAPS: [&str; 4] = [
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
];
/// Keywords whose value is a schema.
const SCHEMA_VALUES: [&str; 10] = [
    "items",
    "additionalProperties",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
];
/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/// Annotations the check does not need.
const ANNOTATIONS: [&str; 6] = [
    "description",
    "title",
    "examples",
    "example",
    "deprecated",
    "$comment",
];

fn strip_schema_map(map: &Value) -> Value {
    match map {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), strip(v))).collect())
        }
        other => other.clone(),
    }
}

/// A schema without annotations and `x-` extensions (property names are kept whatever they are).
fn strip(schema: &Value) -> Value {
    let Value::Object(schema) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in schema {
        if ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-") {
            continue;
        }
        let value = if SCHEMA_MAPS.contains(&key.as_str()) {
            strip_schema_map(value)
        } else if SCHEMA_VALUES.contains(&key.as_str()) {
            strip(value)
        } else if SCHEMA_LISTS.contains(&key.as_str()) {
            match value {
                Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
                other => other.clone(),
            }
        } else {
            value.clone()
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_go_but_properties_named_like_them_stay() {
        let schema = serde_json::json!({
            "type": "object", "description": "d", "x-note": "n",
            "properties": {"description": {"type": "string", "title": "t"}, "x-y": {"type": "integer"}},
            "items": {"example": 1, "type": "string"},
            "allOf": [{"description": "a", "minimum": 1}]
        });
        assert_eq!(
            strip(&schema),
            serde_json::json!({
                "type": "object",
                "properties": {"description": {"type": "string"}, "x-y": {"type": "integer"}},
                "items": {"type": "string"},
                "allOf": [{"minimum": 1}]
            })
        );
    }

    fn notifications() -> Api {
        crate::load(&crate::SpecInput {
            module: "notifications".into(),
            path: "fixtures/notifications.json".into(),
            text: include_str!("../../tests/fixtures/notifications.json").into(),
        })
        .unwrap()
    }

    fn example(name: &str, text: &str) -> ExampleInput {
        ExampleInput {
            name: name.into(),
            path: format!("spec/notifications/examples/{name}"),
            text: text.into(),
        }
    }

    #[test]
    fn each_webhook_gets_constructors_and_its_request_example_when_there_is_one() {
        let api = notifications();
        let spec = include_str!("../../tests/fixtures/notifications.json");
        let files = [example(
            "payment_settled.request.json",
            "{\n  \"id\": \"p-1\"\n}",
        )];
        let kit = plan(&api, spec, &files).unwrap();
        let names: Vec<(&str, &str, Option<&str>)> = kit
            .webhooks
            .iter()
            .map(|w| {
                (
                    w.notification_fn.as_str(),
                    w.documented_fn.as_str(),
                    w.example.as_ref().and_then(|e| e.body.as_deref()),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                (
                    "payment_settled_notification",
                    "documented_payment_settled_notification",
                    Some("{\"id\":\"p-1\"}")
                ),
                (
                    "refund_decided_notification",
                    "documented_refund_decided_notification",
                    None
                ),
            ]
        );
    }

    #[test]
    fn a_webhook_example_that_is_not_json_is_a_located_diagnostic() {
        let api = notifications();
        let spec = include_str!("../../tests/fixtures/notifications.json");
        let files = [example("refund_decided.request.json", "{oops")];
        let err = plan(&api, spec, &files).unwrap_err();
        assert_eq!(
            err.file,
            "spec/notifications/examples/refund_decided.request.json"
        );
        assert!(err.message.starts_with("not JSON"), "{err}");
    }
}
