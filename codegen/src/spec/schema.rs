//! The JSON Schema 2020-12 subset we accept (see `spec/CONVENTIONS.md`), parsed with locations.

use std::collections::BTreeMap;

use serde_json::Value;

use super::node::Node;
use crate::error::Result;
use crate::ir::{Bound, Constraints, Format};

/// Keywords a schema may carry. Everything else is rejected with its pointer.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "if",
    "then",
    "else",
    "not",
    "format",
    "maxLength",
    "minLength",
    "pattern",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "description",
    "title",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
];

/// Extensions a schema may carry; the loader checks their types.
const SCHEMA_EXTENSIONS: &[&str] = &[
    "x-note",
    "x-unconfirmed",
    "x-sensitive",
    "x-enum-descriptions",
];

/// A primitive JSON type named by `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    Null,
}

impl JsonType {
    /// The type as `type` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Null => "null",
        }
    }
}

/// What `additionalProperties` says.
#[derive(Debug, Clone)]
pub enum Additional {
    /// Absent or `false`: unknown keys are ignored when reading.
    Closed,
    /// `true`: any JSON value.
    Any,
    /// A schema for every extra value.
    Schema(Box<Schema>),
}

/// One parsed schema.
#[derive(Debug, Clone)]
pub struct Schema {
    pub file: String,
    pub pointer: String,
    pub types: Vec<JsonType>,
    pub properties: Vec<(String, Schema)>,
    pub required: Vec<String>,
    pub additional: Additional,
    pub items: Option<Box<Schema>>,
    pub enum_values: Option<Vec<String>>,
    pub const_value: Option<Value>,
    pub reference: Option<String>,
    pub all_of: Vec<Schema>,
    pub one_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub if_schema: Option<Box<Schema>>,
    pub then_schema: Option<Box<Schema>>,
    pub else_schema: Option<Box<Schema>>,
    pub not: Option<Box<Schema>>,
    pub constraints: Constraints,
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub sensitive: bool,
    pub enum_descriptions: BTreeMap<String, String>,
}

impl Schema {
    pub fn error(&self, message: impl Into<String>, help: impl Into<String>) -> crate::Diagnostic {
        crate::Diagnostic::new(&self.file, &self.pointer, message, help)
    }

    /// The non-null types, and whether `null` is allowed.
    pub fn split_null(&self) -> (Vec<JsonType>, bool) {
        let nullable = self.types.contains(&JsonType::Null);
        let types = self
            .types
            .iter()
            .copied()
            .filter(|t| *t != JsonType::Null)
            .collect();
        (types, nullable)
    }

    /// True for `{"type": "null"}` alone.
    pub fn is_null_only(&self) -> bool {
        self.types == [JsonType::Null] && self.reference.is_none()
    }
}

/// Parses a schema at `node`, recursively.
pub fn parse_schema(node: Node<'_>) -> Result<Schema> {
    if node.value.as_bool().is_some() {
        return Err(node.error(
            "boolean schemas are not supported here",
            "write an object schema; `additionalProperties: true|false` is the only boolean schema accepted",
        ));
    }
    node.only_keys(SCHEMA_KEYWORDS, SCHEMA_EXTENSIONS)?;

    let types = match node.get("type") {
        None => Vec::new(),
        Some(located) => parse_types(located)?,
    };

    let mut properties = Vec::new();
    if let Some(props) = node.get("properties") {
        for (name, child) in props.entries()? {
            properties.push((name, parse_schema(child)?));
        }
    }

    let required = match node.get("required") {
        None => Vec::new(),
        Some(list) => list.string_list()?,
    };
    for name in &required {
        let has_property = properties.iter().any(|(key, _)| key == name);
        let in_combinator = ["allOf", "if", "then", "else", "not"]
            .iter()
            .any(|k| node.get(k).is_some());
        if !has_property && !properties.is_empty() && !in_combinator {
            return Err(node.require("required")?.error(
                format!("`{name}` is required but not listed in `properties`"),
                "add the property or remove it from `required`",
            ));
        }
    }

    let additional = match node.get("additionalProperties") {
        None => Additional::Closed,
        Some(child) => match child.value {
            Value::Bool(true) => Additional::Any,
            Value::Bool(false) => Additional::Closed,
            _ => Additional::Schema(Box::new(parse_schema(child)?)),
        },
    };

    let items = match node.get("items") {
        None => None,
        Some(child) => Some(Box::new(parse_schema(child)?)),
    };

    let enum_values = match node.get("enum") {
        None => None,
        Some(list) => {
            let values = list.string_list().map_err(|_| {
                list.error(
                    "only string enums are supported",
                    "list the wire values as strings",
                )
            })?;
            if values.is_empty() {
                return Err(list.error("empty `enum`", "list at least one value"));
            }
            Some(values)
        }
    };

    let sub = |key: &str| -> Result<Vec<Schema>> {
        match node.get(key) {
            None => Ok(Vec::new()),
            Some(list) => list.array_items()?.into_iter().map(parse_schema).collect(),
        }
    };
    let one = |key: &str| -> Result<Option<Box<Schema>>> {
        node.get(key)
            .map(|child| parse_schema(child).map(Box::new))
            .transpose()
    };

    let mut enum_descriptions = BTreeMap::new();
    if let Some(map) = node.get("x-enum-descriptions") {
        for (value, text) in map.entries()? {
            enum_descriptions.insert(value, text.string()?);
        }
    }
    node.opt_str("x-note")?;

    let format = match node.get("format") {
        None => None,
        Some(located) => {
            let name = located.string()?;
            let known: Vec<&str> = Format::ALL.iter().map(|(_, n)| *n).collect();
            Some(Format::parse(&name).ok_or_else(|| {
                located.error(
                    format!("unsupported format `{name}`"),
                    format!("use one of: {}", known.join(", ")),
                )
            })?)
        }
    };
    let constraints = Constraints {
        format,
        min_length: node.opt_u64("minLength")?,
        max_length: node.opt_u64("maxLength")?,
        pattern: node.opt_str("pattern")?,
        minimum: bound(&node, "minimum")?,
        maximum: bound(&node, "maximum")?,
        min_items: node.opt_u64("minItems")?,
        max_items: node.opt_u64("maxItems")?,
    };
    super::subset::check_constraints(&node, &types, &constraints)?;

    Ok(Schema {
        file: node.file.to_owned(),
        pointer: node.pointer().to_owned(),
        types,
        properties,
        required,
        additional,
        items,
        enum_values,
        const_value: node.get("const").map(|c| c.value.clone()),
        reference: node.opt_str("$ref")?,
        all_of: sub("allOf")?,
        one_of: sub("oneOf")?,
        any_of: sub("anyOf")?,
        if_schema: one("if")?,
        then_schema: one("then")?,
        else_schema: one("else")?,
        not: one("not")?,
        constraints,
        title: node.opt_str("title")?,
        description: node.opt_str("description")?,
        deprecated: node.opt_bool("deprecated")?.unwrap_or(false),
        sensitive: node.opt_bool("x-sensitive")?.unwrap_or(false),
        enum_descriptions,
    })
    .and_then(|schema| {
        node.opt_bool("x-unconfirmed")?;
        Ok(schema)
    })
}

/// `minimum`/`maximum`: an integer literal in `i64` range kept exactly, any other number as `f64`.
fn bound(node: &Node<'_>, key: &str) -> Result<Option<Bound>> {
    let read = |value: &Value| match value {
        Value::Number(n) => n
            .as_i64()
            .map(Bound::Integer)
            .or_else(|| n.as_f64().map(Bound::Number)),
        _ => None,
    };
    node.opt_with(key, "a number", read)
}

fn parse_types(node: Node<'_>) -> Result<Vec<JsonType>> {
    let names = match node.value {
        Value::String(name) => vec![name.clone()],
        Value::Array(_) => node.string_list()?,
        _ => return Err(node.error(
            "`type` must be a string or an array of strings",
            "write e.g. `\"type\": \"string\"` or, for a nullable value, `[\"string\", \"null\"]`",
        )),
    };
    let types = names
        .iter()
        .map(|name| match name.as_str() {
            "object" => Ok(JsonType::Object),
            "array" => Ok(JsonType::Array),
            "string" => Ok(JsonType::String),
            "integer" => Ok(JsonType::Integer),
            "number" => Ok(JsonType::Number),
            "boolean" => Ok(JsonType::Boolean),
            "null" => Ok(JsonType::Null),
            other => Err(node.error(
                format!("unknown type `{other}`"),
                "use object, array, string, integer, number, boolean or null",
            )),
        })
        .collect::<Result<Vec<_>>>()?;
    let non_null = types.iter().filter(|t| **t != JsonType::Null).count();
    if non_null > 1 {
        return Err(node.error(
            "a schema may have one type, optionally with \"null\"",
            "use `oneOf` with titled branches for a value of several types",
        ));
    }
    Ok(types)
}
