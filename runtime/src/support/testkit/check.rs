//! Checking a request body against the spec: typed reading with unknown keys reported, the
//! generated `validate()`, and the spec's JSON Schema through the `jsonschema` crate.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::super::{FieldPath, Validate};

/// Which check found a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemSource {
    /// The request did not reach an operation of the spec, or its JSON could not be read.
    Request,
    /// Reading the body into the typed request (a missing or mistyped field, an unknown key).
    Typed,
    /// The generated `validate()` (lengths, patterns, ranges, formats, known enum values).
    Validate,
    /// The spec's JSON Schema, checked by the `jsonschema` crate.
    Schema,
}

impl fmt::Display for ProblemSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProblemSource::Request => "request",
            ProblemSource::Typed => "typed request",
            ProblemSource::Validate => "validate()",
            ProblemSource::Schema => "JSON Schema",
        })
    }
}

/// One way a request breaks the spec: where (a JSON pointer into the body, `""` for the whole
/// body), the rule broken and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The check that found it.
    pub source: ProblemSource,
    /// JSON pointer into the request body (RFC 6901), `""` for the body itself.
    pub pointer: String,
    /// The rule broken, e.g. `required`, `maxLength`, `type`, `unknown key`, or the path of the
    /// schema keyword (`/properties/order/maxLength`).
    pub rule: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(
        source: ProblemSource,
        pointer: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            source,
            pointer: pointer.into(),
            rule: rule.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(body)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{pointer}: {} [{}: {}]",
            self.message, self.source, self.rule
        )
    }
}

/// Reads `bytes` as the typed body `T`: a key `T` does not know, a missing or mistyped field and
/// every violation of `T::validate` is a [`Problem`]. `Some(T)` whenever the JSON deserializes,
/// even with problems, so a rule can still be matched and the call logged.
pub fn read_body<T>(json: &Value) -> (Option<T>, Vec<Problem>)
where
    T: DeserializeOwned + Serialize + Validate,
{
    let mut problems = Vec::new();
    let typed: T = match serde_json::from_value(json.clone()) {
        Ok(typed) => typed,
        Err(err) => {
            problems.push(Problem::new(
                ProblemSource::Typed,
                "",
                "deserialize",
                err.to_string(),
            ));
            return (None, problems);
        }
    };
    // What the typed value writes back is what it understood: a key of the request missing
    // there was dropped, i.e. the type (the spec) does not have it.
    match serde_json::to_value(&typed) {
        Ok(understood) => unknown_keys(json, &understood, &mut String::new(), &mut problems),
        Err(err) => problems.push(Problem::new(
            ProblemSource::Typed,
            "",
            "serialize",
            err.to_string(),
        )),
    }
    let mut violations = Vec::new();
    typed.validate_at(&mut FieldPath::new(false), &mut violations);
    for violation in violations {
        problems.push(Problem::new(
            ProblemSource::Validate,
            field_path_to_pointer(&violation.path),
            "validate",
            violation.message,
        ));
    }
    (Some(typed), problems)
}

/// Keys of `sent` that `understood` lacks (a `null` for an absent optional field is fine).
fn unknown_keys(sent: &Value, understood: &Value, at: &mut String, out: &mut Vec<Problem>) {
    match (sent, understood) {
        (Value::Object(sent), Value::Object(understood)) => {
            for (key, value) in sent {
                let len = at.len();
                at.push('/');
                at.push_str(&escape(key));
                match understood.get(key) {
                    Some(inner) => unknown_keys(value, inner, at, out),
                    None if value.is_null() => {}
                    None => out.push(Problem::new(
                        ProblemSource::Typed,
                        at.clone(),
                        "unknown key",
                        format!("`{key}` is not a property the spec defines here"),
                    )),
                }
                at.truncate(len);
            }
        }
        (Value::Array(sent), Value::Array(understood)) => {
            for (index, (value, inner)) in sent.iter().zip(understood).enumerate() {
                let len = at.len();
                at.push_str(&format!("/{index}"));
                unknown_keys(value, inner, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// RFC 6901 escaping of one reference token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// `cartItems[0].name` (a `Violation` path) as `/cartItems/0/name`.
pub(crate) fn field_path_to_pointer(path: &str) -> String {
    let mut pointer = String::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        let key_end = rest.find('[').unwrap_or(rest.len());
        if key_end > 0 {
            pointer.push('/');
            pointer.push_str(&escape(&rest[..key_end]));
        }
        rest = &rest[key_end..];
        while let Some(open) = rest.find('[') {
            let close = rest[open..]
                .find(']')
                .map(|c| c + open)
                .unwrap_or(rest.len());
            pointer.push('/');
            pointer.push_str(&escape(rest[open + 1..close].trim_matches('"')));
            rest = rest.get(close + 1..).unwrap_or("");
        }
    }
    pointer
}

/// A compiled JSON Schema of one request body: the spec's component schemas with a `$ref` to
/// the body's schema at the root.
pub(crate) struct SchemaCheck {
    validator: jsonschema::Validator,
}

impl SchemaCheck {
    /// Compiles the schema at `pointer` (`#/components/schemas/X`) of `document` (a JSON object
    /// holding the spec's `components`).
    pub(crate) fn compile(document: &str, pointer: &str) -> Result<Self, String> {
        let mut root: serde_json::Map<String, Value> = serde_json::from_str(document)
            .map_err(|err| format!("the embedded schemas are not JSON: {err}"))?;
        root.insert(
            "$schema".into(),
            Value::String("https://json-schema.org/draft/2020-12/schema".into()),
        );
        root.insert("$ref".into(), Value::String(pointer.to_owned()));
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&Value::Object(root))
            .map_err(|err| format!("the schema {pointer} does not compile: {err}"))?;
        Ok(SchemaCheck { validator })
    }

    /// Every violation of `instance`.
    pub(crate) fn problems(&self, instance: &Value) -> Vec<Problem> {
        self.validator
            .iter_errors(instance)
            .map(|err| {
                let schema_path = err.schema_path().as_str().to_owned();
                // The last keyword of the schema path is the rule (`maxLength`, `required`).
                let keyword = schema_path.rsplit('/').next().unwrap_or_default();
                Problem::new(
                    ProblemSource::Schema,
                    err.instance_path().as_str(),
                    format!("{keyword} at {schema_path}"),
                    err.to_string(),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_become_pointers() {
        assert_eq!(field_path_to_pointer(""), "");
        assert_eq!(field_path_to_pointer("orderId"), "/orderId");
        assert_eq!(
            field_path_to_pointer("cartItems[0].basicItemData.name"),
            "/cartItems/0/basicItemData/name"
        );
        assert_eq!(field_path_to_pointer("a[1][2]"), "/a/1/2");
        assert_eq!(field_path_to_pointer("m[\"k/x\"]"), "/m/k~1x");
    }

    #[test]
    fn unknown_keys_are_found_at_any_depth() {
        let sent = serde_json::json!({"a": 1, "b": {"c": 2, "typo": 3}, "l": [{"x": 1, "y": 2}], "n": null});
        let understood = serde_json::json!({"a": 1, "b": {"c": 2}, "l": [{"x": 1}]});
        let mut out = Vec::new();
        unknown_keys(&sent, &understood, &mut String::new(), &mut out);
        let pointers: Vec<&str> = out.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/b/typo", "/l/0/y"]);
        assert!(out.iter().all(|p| p.rule == "unknown key"));
    }

    #[test]
    fn the_schema_check_names_pointer_and_keyword() {
        let doc = r##"{"components":{"schemas":{
            "Order":{"type":"object","required":["id"],"properties":{
                "id":{"type":"string","maxLength":3},
                "items":{"type":"array","items":{"$ref":"#/components/schemas/Item"}}}},
            "Item":{"type":"object","properties":{"qty":{"type":"integer","minimum":1}}}}}}"##;
        let check = SchemaCheck::compile(doc, "#/components/schemas/Order").unwrap();
        assert!(check
            .problems(&serde_json::json!({"id": "abc", "items": [{"qty": 1}]}))
            .is_empty());
        let problems = check.problems(&serde_json::json!({"id": "abcd", "items": [{"qty": 0}]}));
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.pointer.as_str(), p.rule.rsplit(' ').next().unwrap()))
            .collect();
        // The schema path runs through the `$ref`: it names the component.
        assert!(
            found.contains(&("/id", "/components/schemas/Order/properties/id/maxLength")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(p, r)| *p == "/items/0/qty" && r.ends_with("/minimum")),
            "{found:?}"
        );
        let missing = check.problems(&serde_json::json!({}));
        assert_eq!(missing[0].pointer, "");
        assert!(missing[0].rule.starts_with("required"), "{:?}", missing[0]);
        assert!(SchemaCheck::compile(doc, "#/components/schemas/Nope").is_err());
    }
}
