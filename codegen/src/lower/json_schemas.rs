//! The JSON Schema each type serves through `schemars::JsonSchema` (feature `schemars`): the
//! spec's own schema at the type's source, as the generator read it (the supported subset; `x-`
//! notes, examples and `additionalProperties: false`, which reading ignores, left out), in JSON
//! Schema 2020-12. Where the schema holds another type's source, or a `$ref` to a component, it
//! holds `{"$ref": "<Rust type name>"}` instead: the runtime (`support::schemars`) asks the
//! schema generator for that type there, so every type is described once and referred to by the
//! generator's own `$defs` entry. Decision 022.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{decode_pointer_token, SCHEMA_REF_PREFIX};
use crate::error::{Diagnostic, Result};
use crate::ir::{Bound, TypeDef};
use crate::spec::{Additional, Document, Schema};

/// Sets [`TypeDef::json_schema`] of every type.
pub fn attach(doc: &Document, types: &mut [TypeDef]) -> Result<()> {
    let mut by_pointer: HashMap<&str, &Schema> = HashMap::new();
    for schema in roots(doc) {
        index(schema, &mut by_pointer);
    }
    let names: HashMap<&str, &str> = types
        .iter()
        .map(|def| (def.source.as_str(), def.name.as_str()))
        .collect();
    let component_names: HashMap<&str, &str> = doc
        .schemas
        .iter()
        .zip(types.iter())
        .map(|((key, _), def)| (key.as_str(), def.name.as_str()))
        .collect();
    let printer = Printer {
        names: &names,
        component_names: &component_names,
    };
    let mut served = Vec::with_capacity(types.len());
    for def in types.iter() {
        let schema = by_pointer.get(def.source.as_str()).ok_or_else(|| {
            Diagnostic::new(
                &doc.file,
                &def.source,
                format!("internal error: no schema at the source of `{}`", def.name),
                "please report this spec to the generator's maintainers",
            )
        })?;
        served.push(Some(printer.schema(schema, true)?));
    }
    for (def, schema) in types.iter_mut().zip(served) {
        def.json_schema = schema;
    }
    Ok(())
}

/// Every schema of the document that is not inside another: components, bodies, parameters and
/// webhook payloads.
fn roots(doc: &Document) -> impl Iterator<Item = &Schema> {
    let components = doc.schemas.iter().map(|(_, schema)| schema);
    let operations = doc.operations.iter().flat_map(|op| {
        let params = op
            .path_params
            .iter()
            .chain(&op.header_params)
            .map(|p| &p.schema);
        let responses = op.responses.iter().filter_map(|r| r.body.as_ref());
        params.chain(op.request_body.as_ref()).chain(responses)
    });
    let webhooks = doc.webhooks.iter().flat_map(|w| {
        let headers = w.headers.iter().map(|p| &p.schema);
        let answers = w.responses.iter().filter_map(|r| r.body.as_ref());
        std::iter::once(&w.payload).chain(headers).chain(answers)
    });
    components.chain(operations).chain(webhooks)
}

/// The schemas directly inside `schema`.
fn children(schema: &Schema) -> impl Iterator<Item = &Schema> {
    let additional = match &schema.additional {
        Additional::Schema(s) => Some(&**s),
        Additional::Closed | Additional::Any => None,
    };
    schema
        .properties
        .iter()
        .map(|(_, s)| s)
        .chain(additional)
        .chain(schema.items.as_deref())
        .chain(&schema.all_of)
        .chain(&schema.one_of)
        .chain(&schema.any_of)
        .chain(schema.if_schema.as_deref())
        .chain(schema.then_schema.as_deref())
        .chain(schema.else_schema.as_deref())
        .chain(schema.not.as_deref())
}

fn index<'d>(schema: &'d Schema, by_pointer: &mut HashMap<&'d str, &'d Schema>) {
    by_pointer.insert(&schema.pointer, schema);
    for child in children(schema) {
        index(child, by_pointer);
    }
}

struct Printer<'a> {
    /// Source pointer -> Rust name of the type made from the schema there.
    names: &'a HashMap<&'a str, &'a str>,
    /// Component key -> Rust name of its type.
    component_names: &'a HashMap<&'a str, &'a str>,
}

impl Printer<'_> {
    /// `schema` as JSON Schema; a schema (below the root) that is another type's source becomes a
    /// reference to that type.
    fn schema(&self, schema: &Schema, root: bool) -> Result<Value> {
        if !root {
            if let Some(name) = self.names.get(schema.pointer.as_str()) {
                return Ok(json!({ "$ref": name }));
            }
        }
        let mut out = Map::new();
        let mut put = |key: &str, value: Value| {
            out.insert(key.to_owned(), value);
        };
        if let Some(reference) = &schema.reference {
            put("$ref", Value::from(self.referenced(schema, reference)?));
        }
        if let Some(title) = &schema.title {
            put("title", Value::from(title.as_str()));
        }
        if let Some(description) = &schema.description {
            put("description", Value::from(description.as_str()));
        }
        if schema.deprecated {
            put("deprecated", Value::Bool(true));
        }
        match schema.types.as_slice() {
            [] => {}
            [one] => put("type", Value::from(one.as_str())),
            many => put(
                "type",
                Value::from(many.iter().map(|t| t.as_str()).collect::<Vec<_>>()),
            ),
        }
        let c = &schema.constraints;
        if let Some(format) = c.format {
            put("format", Value::from(format.as_str()));
        }
        let counts = [
            ("minLength", c.min_length),
            ("maxLength", c.max_length),
            ("minItems", c.min_items),
            ("maxItems", c.max_items),
        ];
        for (key, count) in counts {
            if let Some(count) = count {
                put(key, Value::from(count));
            }
        }
        if let Some(pattern) = &c.pattern {
            put("pattern", Value::from(pattern.as_str()));
        }
        for (key, bound) in [("minimum", c.minimum), ("maximum", c.maximum)] {
            if let Some(bound) = bound {
                put(key, bound_value(bound));
            }
        }
        if let Some(values) = &schema.enum_values {
            put("enum", Value::from(values.clone()));
        }
        if let Some(value) = &schema.const_value {
            put("const", value.clone());
        }
        if !schema.properties.is_empty() {
            let mut properties = Map::new();
            for (key, property) in &schema.properties {
                properties.insert(key.clone(), self.schema(property, false)?);
            }
            put("properties", Value::Object(properties));
        }
        if !schema.required.is_empty() {
            put("required", Value::from(schema.required.clone()));
        }
        match &schema.additional {
            // Reading ignores unknown keys, so the schema does not forbid them.
            Additional::Closed => {}
            Additional::Any => put("additionalProperties", Value::Bool(true)),
            Additional::Schema(s) => put("additionalProperties", self.schema(s, false)?),
        }
        if let Some(items) = &schema.items {
            put("items", self.schema(items, false)?);
        }
        for (key, list) in [
            ("allOf", &schema.all_of),
            ("oneOf", &schema.one_of),
            ("anyOf", &schema.any_of),
        ] {
            if !list.is_empty() {
                let list = list
                    .iter()
                    .map(|s| self.schema(s, false))
                    .collect::<Result<Vec<_>>>()?;
                put(key, Value::Array(list));
            }
        }
        for (key, one) in [
            ("if", &schema.if_schema),
            ("then", &schema.then_schema),
            ("else", &schema.else_schema),
            ("not", &schema.not),
        ] {
            if let Some(one) = one {
                put(key, self.schema(one, false)?);
            }
        }
        Ok(Value::Object(out))
    }

    /// The Rust name of the type a `$ref` to a component stands for (lowering resolved every
    /// reference before this runs, so a failure here is a generator bug, reported).
    fn referenced(&self, schema: &Schema, reference: &str) -> Result<&str> {
        reference
            .strip_prefix(SCHEMA_REF_PREFIX)
            .and_then(decode_pointer_token)
            .and_then(|key| self.component_names.get(key.as_str()).copied())
            .ok_or_else(|| {
                schema.error(
                    format!("internal error: `$ref` {reference} names no type"),
                    "please report this spec to the generator's maintainers",
                )
            })
    }
}

fn bound_value(bound: Bound) -> Value {
    match bound {
        Bound::Integer(n) => Value::from(n),
        Bound::Number(x) => Value::from(x),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::Api;

    fn lowered(components: serde_json::Value) -> Api {
        let spec = json!({
            "openapi": "3.1.0",
            "info": { "title": "T", "version": "1", "description": "T." },
            "servers": [{ "url": "https://api.example.com" }],
            "paths": {},
            "components": { "schemas": components }
        });
        let input = crate::SpecInput {
            module: "t".into(),
            path: "spec/t/openapi.json".into(),
            text: spec.to_string(),
        };
        crate::load(&input).unwrap_or_else(|e| panic!("{e}"))
    }

    fn served(api: &Api, name: &str) -> serde_json::Value {
        let def = api.types.iter().find(|t| t.name == name).unwrap();
        def.json_schema.clone().unwrap()
    }

    #[test]
    fn references_and_inline_types_become_references_by_rust_name() {
        let api = lowered(json!({
            "Order": {
                "description": "An order.",
                "type": "object",
                "required": ["id"],
                "additionalProperties": false,
                "properties": {
                    "id": { "description": "Id.", "type": "string", "maxLength": 5, "x-note": "n" },
                    "item": {
                        "description": "An item.",
                        "type": "object",
                        "properties": { "n": { "description": "N.", "type": "integer", "minimum": 1 } }
                    },
                    "tags": { "$ref": "#/components/schemas/Tags" },
                    "kind": { "description": "Kind.", "type": "string", "enum": ["a", "b"] }
                }
            },
            "Tags": { "description": "Tags.", "type": "array", "items": { "type": "string" } }
        }));
        let order = served(&api, "Order");
        assert_eq!(
            order,
            json!({
                "description": "An order.",
                "type": "object",
                "properties": {
                    "id": { "description": "Id.", "type": "string", "maxLength": 5 },
                    "item": { "$ref": "OrderItem" },
                    "tags": { "$ref": "Tags" },
                    "kind": { "$ref": "OrderKind" }
                },
                "required": ["id"]
            })
        );
        assert_eq!(
            served(&api, "OrderItem")["properties"]["n"],
            json!({ "description": "N.", "type": "integer", "minimum": 1 })
        );
        assert_eq!(served(&api, "OrderKind")["enum"], json!(["a", "b"]));
        assert_eq!(served(&api, "Tags")["items"], json!({ "type": "string" }));
    }
}
