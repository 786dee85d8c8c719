//! `schemars::JsonSchema` for the model types, from the spec's own schema of each type
//! (`docs/decisions/022-the-spec-schema-served.md`): what `schemars::schema_for!` returns is the
//! schema the type was generated from (descriptions, formats, patterns, bounds, conditionals),
//! not one derived again from the Rust type, and no derive runs at compile time.
//!
//! The generator writes each type's schema as JSON text in which a place that is another model
//! type holds `{"$ref": "<Rust type name>"}`; [`served_schema`] asks the schema generator for that
//! type there, so each type is described once, as a `$defs` entry of the generator's choosing.

use schemars::{Schema, SchemaGenerator};
use serde_json::Value;

/// The schema at a `{"$ref": "<name>"}` of a type's schema text: `None` for a name the API does
/// not have. Written by the macro `spec_schemas!` for each API module.
pub type Refer = fn(&mut SchemaGenerator, &str) -> Option<Schema>;

/// The schema of JSON Schema text `text` (one type's, as the generator wrote it), with each
/// `{"$ref": "<name>"}` replaced by what `refer` gives for `name`. Sibling keywords of a `$ref`
/// (a description) are kept; when the referred schema is not itself a plain `$ref`, it moves
/// into an `allOf` beside them.
pub fn served_schema(generator: &mut SchemaGenerator, text: &str, refer: Refer) -> Schema {
    // The text is the generator's own `serde_json` output; `true` (any value) is what a schema
    // that could not be read would leave a user with, and tests compare every served schema.
    let mut value = serde_json::from_str(text).unwrap_or(Value::Bool(true));
    resolve(&mut value, generator, refer);
    Schema::try_from(value).unwrap_or_else(|_| Schema::from(true))
}

/// Resolves the references of one schema and of the schemas inside it, keyword by keyword, so
/// that values (`const`, `enum`) and property names are never taken for schemas.
fn resolve(schema: &mut Value, generator: &mut SchemaGenerator, refer: Refer) {
    let Value::Object(map) = schema else {
        return;
    };
    for (keyword, value) in map.iter_mut() {
        match (keyword.as_str(), value) {
            ("properties", Value::Object(properties)) => properties
                .values_mut()
                .for_each(|s| resolve(s, generator, refer)),
            ("allOf" | "oneOf" | "anyOf", Value::Array(list)) => {
                list.iter_mut().for_each(|s| resolve(s, generator, refer));
            }
            ("additionalProperties" | "items" | "if" | "then" | "else" | "not", s) => {
                resolve(s, generator, refer);
            }
            _ => {}
        }
    }
    let Some(Value::String(name)) = map.get("$ref") else {
        return;
    };
    let Some(target) = refer(generator, &name.clone()) else {
        return;
    };
    map.remove("$ref");
    let target = target.to_value();
    if map.is_empty() {
        *schema = target;
        return;
    }
    match target {
        Value::Object(mut only_ref) if only_ref.len() == 1 && only_ref.contains_key("$ref") => {
            map.extend(only_ref.remove("$ref").map(|r| ("$ref".to_owned(), r)));
        }
        other => match map.get_mut("allOf") {
            Some(Value::Array(list)) => list.push(other),
            _ => {
                map.insert("allOf".to_owned(), Value::Array(vec![other]));
            }
        },
    }
}

/// `JsonSchema` for the model types of one API module, from their schema texts, and the module's
/// [`Refer`] (a function `refer`) over every type those texts name:
///
/// - `served`: a type and its schema text; its `JsonSchema` serves the text, and a reference to
///   it is a `$defs` entry;
/// - `inlined`: a type alias and its schema text; an alias has no impl of its own, so a reference
///   to it gets its schema in place.
///
/// The schema's name is the type's; its id includes the module path, so two APIs may have a type
/// of the same name in one schema generator.
// Unused in a crate whose APIs have no model type (and in `codegen-runtime` outside its tests).
#[allow(unused_macros)]
macro_rules! spec_schemas {
    (
        served: [$($ty:ident = $text:literal,)*]
        inlined: [$($alias:ident = $alias_text:literal,)*]
    ) => {
        $(
            #[cfg_attr(docsrs, doc(cfg(feature = "schemars")))]
            impl schemars::JsonSchema for $ty {
                fn schema_name() -> std::borrow::Cow<'static, str> {
                    stringify!($ty).into()
                }

                fn schema_id() -> std::borrow::Cow<'static, str> {
                    concat!(module_path!(), "::", stringify!($ty)).into()
                }

                fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                    $crate::support::served_schema(generator, $text, refer)
                }
            }
        )*

        // Unused where every model type of the API is an alias.
        #[allow(dead_code)]
        fn refer(
            generator: &mut schemars::SchemaGenerator,
            name: &str,
        ) -> Option<schemars::Schema> {
            match name {
                $(stringify!($ty) => Some(generator.subschema_for::<$ty>()),)*
                $(stringify!($alias) => {
                    Some($crate::support::served_schema(generator, $alias_text, refer))
                })*
                _ => None,
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use spec_schemas;

#[cfg(test)]
mod tests {
    use schemars::JsonSchema;
    use serde_json::json;

    use super::*;

    /// A struct referring to itself, an enum and an alias; as the generator
    /// writes them for a module.
    mod api {
        pub struct Node;
        pub struct Tag;
        #[allow(dead_code)]
        pub type Labels = Vec<String>;

        crate::support::spec_schemas! {
            served: [
                Node = r#"{"description":"A node.","type":"object","properties":{"next":{"$ref":"Node","description":"The next one."},"tag":{"$ref":"Tag"},"labels":{"$ref":"Labels"},"const":{"const":{"$ref":"Node"}},"$ref":{"type":"string"}},"required":["tag"]}"#,
                Tag = r#"{"type":"string","enum":["a","b"]}"#,
            ]
            inlined: [
                Labels = r#"{"type":"array","items":{"type":"string","maxLength":3},"maxItems":2}"#,
            ]
        }

        pub fn refer_unknown() -> bool {
            refer(&mut schemars::SchemaGenerator::default(), "Nope").is_none()
        }
    }

    #[test]
    fn references_become_the_generators_defs_and_aliases_are_inlined() {
        let schema = schemars::schema_for!(api::Node).to_value();
        let expected_node = json!({
            "description": "A node.",
            "type": "object",
            "properties": {
                // The root is the type itself: schemars refers to it as `#`.
                "next": { "$ref": "#", "description": "The next one." },
                "tag": { "$ref": "#/$defs/Tag" },
                "labels": {
                    "type": "array",
                    "items": { "type": "string", "maxLength": 3 },
                    "maxItems": 2
                },
                // A value is not a schema, and a property may be called `$ref`.
                "const": { "const": { "$ref": "Node" } },
                "$ref": { "type": "string" }
            },
            "required": ["tag"]
        });
        for (key, value) in expected_node.as_object().unwrap() {
            assert_eq!(schema[key], *value, "{key}");
        }
        assert_eq!(
            schema["$defs"]["Tag"],
            json!({ "type": "string", "enum": ["a", "b"] })
        );
        assert_eq!(schema["$defs"].as_object().unwrap().len(), 1);
        assert_eq!(api::Node::schema_name(), "Node");
        assert!(api::Node::schema_id().ends_with("::api::Node"));
        assert!(api::refer_unknown());
    }

    #[test]
    fn a_referred_schema_that_is_not_a_plain_ref_moves_into_all_of_beside_the_siblings() {
        fn refer(_: &mut SchemaGenerator, name: &str) -> Option<Schema> {
            (name == "Inline").then(|| schemars::json_schema!({ "type": "integer" }))
        }
        let text = json!({
            "properties": {
                "alone": json!({ "$ref": "Inline" }),
                "described": { "$ref": "Inline", "description": "Counted." },
                "both": { "$ref": "Inline", "allOf": [{ "minimum": 1 }] },
                "unknown": json!({ "$ref": "Unknown" }),
            }
        })
        .to_string();
        let schema = served_schema(&mut SchemaGenerator::default(), &text, refer).to_value();
        assert_eq!(
            schema["properties"],
            json!({
                "alone": { "type": "integer" },
                "described": { "description": "Counted.", "allOf": [{ "type": "integer" }] },
                "both": { "allOf": [{ "minimum": 1 }, { "type": "integer" }] },
                "unknown": json!({ "$ref": "Unknown" }),
            })
        );
    }

    #[test]
    fn text_that_is_not_json_serves_any_value() {
        fn refer(_: &mut SchemaGenerator, _: &str) -> Option<Schema> {
            None
        }
        let schema = served_schema(&mut SchemaGenerator::default(), "{", refer);
        assert_eq!(schema.to_value(), Value::Bool(true));
    }
}
