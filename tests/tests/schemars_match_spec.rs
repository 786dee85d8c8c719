//! The JSON Schema each generated type serves through `schemars::JsonSchema` (feature
//! `schemars`) is the spec's own schema of that type (decision 022).
//!
//! Every component of `components.schemas` of every spec is listed in [`rust_types`] (from the
//! index of the generated crate), by kind (struct, enum, union, alias); the test fails if a
//! component is missing from the list, if the list names something that is not a component, or
//! if the kind differs.
//!
//! # What is compared, and the rules
//!
//! Each struct, enum and union is compared with its component, both sides read the same way
//! ([`normal`]): every `$ref` replaced by what it points to (on the spec side the component, on
//! the schemars side the `$defs` entry, or the root for `#`), a reference back to a schema being
//! expanded cut at the same place on both sides. So the inline types, which the served schema
//! refers to as `$defs` entries of their own, and the aliases, which it puts in place, compare
//! with the spec's inline schemas and referenced aliases. A `$ref` beside other keywords is read
//! as those keywords with the target added to their `allOf`.
//!
//! Left out on the spec side, because the generator does not serve them: `x-` extensions,
//! `example`/`examples`, `additionalProperties: false` (unknown keys are ignored when reading,
//! by the conventions), `deprecated: false`, empty `required`. A one-element `type` array is read
//! as its one type. Everything else (descriptions, formats, patterns, bounds, nullability,
//! conditionals) must be equal. Aliases have no impl of their own (`schema_for!` on one is the
//! schema of the Rust type it names); they are compared where they are referred to.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{json, Value};
use workspace_tests::*;

// ---------------------------------------------------------------------------------------------
// The list of generated types

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Struct,
    Enum,
    Union,
    Alias,
}

/// A generated type: its name (the component's), kind and the schema schemars derives for it.
struct RustType {
    api: &'static str,
    name: &'static str,
    kind: Kind,
    schema: Value,
    /// For enums: `KNOWN_VALUES`, and the problems of parsing / printing each of them.
    enum_check: Option<(Vec<String>, Vec<String>)>,
}

/// Parses every known value of an enum and prints it back.
fn enum_check<T>(known: &[&str]) -> (Vec<String>, Vec<String>)
where
    T: fmt::Display + fmt::Debug + std::str::FromStr + serde::de::DeserializeOwned,
    <T as std::str::FromStr>::Err: fmt::Debug,
{
    let mut problems = Vec::new();
    for value in known {
        let parsed: T =
            serde_json::from_value(Value::from(*value)).expect("a string enum reads any string");
        let shown = format!("{parsed:?}");
        if shown.starts_with("Unrecognized") {
            problems.push(format!("{value:?} parses to {shown}, not a named variant"));
        }
        if parsed.to_string() != *value {
            problems.push(format!("{value:?} prints back as {:?}", parsed.to_string()));
        }
        match value.parse::<T>() {
            Ok(p) if format!("{p:?}") == shown => {}
            other => problems.push(format!(
                "{value:?}: FromStr gives {other:?}, deserialization gives {shown}"
            )),
        }
    }
    (known.iter().map(|s| s.to_string()).collect(), problems)
}

macro_rules! rust_types {
    ($(
        $api:ident {
            structs: [$($s:ident),* $(,)?],
            enums: [$($e:ident),* $(,)?],
            unions: [$($u:ident),* $(,)?],
            aliases: [$($a:ident),* $(,)?] $(,)?
        }
    )*) => {
        vec![$(
            $(RustType {
                api: stringify!($api),
                name: stringify!($s),
                kind: Kind::Struct,
                schema: schemars::schema_for!(commerce_apis::$api::$s).to_value(),
                enum_check: None,
            },)*
            $(RustType {
                api: stringify!($api),
                name: stringify!($e),
                kind: Kind::Enum,
                schema: schemars::schema_for!(commerce_apis::$api::$e).to_value(),
                enum_check: Some(enum_check::<commerce_apis::$api::$e>(
                    commerce_apis::$api::$e::KNOWN_VALUES,
                )),
            },)*
            $(RustType {
                api: stringify!($api),
                name: stringify!($u),
                kind: Kind::Union,
                schema: schemars::schema_for!(commerce_apis::$api::$u).to_value(),
                enum_check: None,
            },)*
            $(RustType {
                api: stringify!($api),
                name: stringify!($a),
                kind: Kind::Alias,
                schema: schemars::schema_for!(commerce_apis::$api::$a).to_value(),
                enum_check: None,
            },)*
        )*]
    };
}

/// Every generated model type, by API and kind, from the index of the generated crate
/// (`tests/build.rs`, from `generated/summary/*.json`): a new component needs no edit here.
/// [`every_component_is_listed_once_with_its_kind`] checks it against `components.schemas`.
fn rust_types() -> Vec<RustType> {
    include!(concat!(env!("OUT_DIR"), "/types.rs"))
}

// ---------------------------------------------------------------------------------------------
// Reading the spec side

/// The kind of Rust item the generator makes from a component schema.
fn spec_kind(schema: &Value) -> Kind {
    if schema.get("enum").is_some() {
        Kind::Enum
    } else if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
        Kind::Union
    } else if schema.get("properties").is_some() || schema.get("allOf").is_some() {
        Kind::Struct
    } else {
        Kind::Alias
    }
}

/// Keywords whose value is one schema, or a map or list of schemas; the rest are values.
const ONE_SCHEMA: &[&str] = &["additionalProperties", "items", "if", "then", "else", "not"];
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf"];

/// What a `$ref` points to on one side: a name (for the cycle check, or the component a leaf
/// names) and the schema to expand there, `None` for a component compared on its own.
type Lookup<'a> = dyn Fn(&str) -> Option<(String, Option<Value>)> + 'a;

/// `schema` with its `$ref`s read ([`Lookup`]) and the spec-only keywords left out (see the
/// module docs): a reference to a struct, enum or union component is the leaf
/// `{"component": name}` (that component is compared on its own), any other is expanded. `open`
/// holds the names being expanded: a reference back to one is cut to `{"cycle": name}`.
fn normal(schema: &Value, lookup: &Lookup<'_>, open: &mut Vec<String>) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = serde_json::Map::new();
    for (key, value) in map {
        let kept = !key.starts_with("x-")
            && key != "$ref"
            && key != "example"
            && key != "examples"
            && !(key == "additionalProperties" && *value == json!(false))
            && !(key == "deprecated" && *value == json!(false))
            && !(key == "required" && *value == json!([]));
        if !kept {
            continue;
        }
        let value = match (key.as_str(), value) {
            ("properties", Value::Object(props)) => Value::Object(
                props
                    .iter()
                    .map(|(k, v)| (k.clone(), normal(v, lookup, open)))
                    .collect(),
            ),
            (k, Value::Array(list)) if SCHEMA_LISTS.contains(&k) => {
                Value::Array(list.iter().map(|v| normal(v, lookup, open)).collect())
            }
            (k, v) if ONE_SCHEMA.contains(&k) => normal(v, lookup, open),
            ("type", Value::Array(types)) if types.len() == 1 => types[0].clone(),
            (_, v) => v.clone(),
        };
        out.insert(key.clone(), value);
    }
    let Some(reference) = map.get("$ref").and_then(Value::as_str) else {
        return Value::Object(out);
    };
    let target = match lookup(reference) {
        None => json!({ "unresolved": reference }),
        Some((name, None)) => json!({ "component": name }),
        Some((name, Some(_))) if open.contains(&name) => json!({ "cycle": name }),
        Some((name, Some(target))) => {
            open.push(name);
            let expanded = normal(&target, lookup, open);
            open.pop();
            expanded
        }
    };
    if out.is_empty() {
        return target;
    }
    match out.get_mut("allOf") {
        Some(Value::Array(list)) => list.push(target),
        _ => {
            out.insert("allOf".into(), json!([target]));
        }
    }
    Value::Object(out)
}

/// Whether component `name` of `doc` is one a reference leaves as a leaf (not an alias).
fn compared_alone(doc: &Value, name: &str) -> bool {
    resolve_pointer(doc, &pointer_push("/components/schemas", name))
        .is_some_and(|schema| spec_kind(schema) != Kind::Alias)
}

/// The spec's schema of component `name`, read by [`normal`].
fn spec_normal(doc: &Value, name: &str) -> Value {
    let lookup = |reference: &str| {
        let key = reference.strip_prefix("#/components/schemas/")?;
        let pointer = pointer_push("/components/schemas", key);
        let target = resolve_pointer(doc, &pointer)?;
        let expand = (!compared_alone(doc, key)).then(|| target.clone());
        Some((key.to_owned(), expand))
    };
    let component = resolve_pointer(doc, &pointer_push("/components/schemas", name))
        .cloned()
        .unwrap_or(Value::Null);
    normal(&component, &lookup, &mut vec![name.to_owned()])
}

/// The schema schemars gives for component `name` (its `schema_for!`), read by [`normal`]:
/// `$defs` entries are named by their type, so the entry of a component is a leaf, and that of an
/// inline type is expanded, as the spec writes it in place.
fn served_normal(doc: &Value, name: &str, served: &Value) -> Value {
    let mut root = served.clone();
    let defs = root
        .as_object_mut()
        .and_then(|m| m.remove("$defs"))
        .unwrap_or(json!({}));
    root.as_object_mut().map(|m| m.remove("$schema"));
    // `schema_for!` titles the root with the type's name where the schema has no title.
    let spec_title = resolve_pointer(doc, &pointer_push("/components/schemas", name))
        .and_then(|c| c.get("title"));
    if spec_title.is_none() && root.get("title") == Some(&json!(name)) {
        root.as_object_mut().map(|m| m.remove("title"));
    }
    let lookup = |reference: &str| {
        if reference == "#" {
            return Some((name.to_owned(), None));
        }
        let def = reference.strip_prefix("#/$defs/")?;
        let target = defs.get(def)?;
        let expand = (!compared_alone(doc, def)).then(|| target.clone());
        Some((def.to_owned(), expand))
    };
    normal(&root, &lookup, &mut vec![name.to_owned()])
}

/// Where two JSON values first differ, as a JSON pointer and both values; `None` if equal.
fn first_difference(spec: &Value, served: &Value, pointer: &str) -> Option<String> {
    match (spec, served) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let at = pointer_push(pointer, key);
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => {
                        if let Some(d) = first_difference(x, y, &at) {
                            return Some(d);
                        }
                    }
                    (x, y) => {
                        return Some(format!("{at}: the spec has {x:?}, schemars has {y:?}"));
                    }
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{pointer}/{i}"))),
        _ if spec == served => None,
        _ => Some(format!(
            "{pointer}: the spec has {spec}, schemars has {served}"
        )),
    }
}

/// The difference between the spec's component `name` and the schema served for it, if any.
fn compare(doc: &Value, name: &str, served: &Value) -> Option<String> {
    first_difference(
        &spec_normal(doc, name),
        &served_normal(doc, name, served),
        "",
    )
    .map(|d| format!("{name}{d}"))
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn every_component_is_listed_once_with_its_kind() {
    let types = rust_types();
    let mut problems = Vec::new();
    for spec in loadable_specs() {
        let components = component_schemas(&spec.doc);
        assert!(!components.is_empty(), "{}: no components", spec.file());
        for (name, schema) in &components {
            let listed: Vec<&RustType> = types
                .iter()
                .filter(|t| t.api == spec.api && t.name == *name)
                .collect();
            match listed.as_slice() {
                [] => problems.push(format!(
                    "{}: component {name} ({:?}) is not in the list of tests/tests/\
                     schemars_match_spec.rs: add it",
                    spec.file(),
                    spec_kind(schema)
                )),
                [t] if t.kind != spec_kind(schema) => problems.push(format!(
                    "{}: component {name} is listed as {:?}, but the spec makes it {:?}",
                    spec.file(),
                    t.kind,
                    spec_kind(schema)
                )),
                [_] => {}
                _ => problems.push(format!("{}: {name} is listed twice", spec.file())),
            }
        }
        for t in types.iter().filter(|t| t.api == spec.api) {
            if !components.iter().any(|(name, _)| *name == t.name) {
                problems.push(format!(
                    "{}: {} is listed but is not a component of the spec",
                    spec.file(),
                    t.name
                ));
            }
        }
    }
    for t in &types {
        if !loadable_specs().iter().any(|s| s.api == t.api) {
            problems.push(format!(
                "{}::{} is listed, but there is no spec/{}",
                t.api, t.name, t.api
            ));
        }
    }
    assert!(problems.is_empty(), "{}", join_problems(problems));
}

#[test]
fn each_type_serves_the_spec_schema_of_its_component() {
    let mut problems = Vec::new();
    let mut compared = BTreeMap::<Kind, usize>::new();
    for spec in loadable_specs() {
        for t in rust_types().iter().filter(|t| t.api == spec.api) {
            if t.kind == Kind::Alias {
                continue;
            }
            if let Some(p) = compare(&spec.doc, t.name, &t.schema) {
                problems.push(format!("{}: {p}", spec.file()));
            }
            *compared.entry(t.kind).or_default() += 1;
        }
    }
    assert!(problems.is_empty(), "{}", join_problems(problems));
    for kind in [Kind::Struct, Kind::Enum, Kind::Union] {
        assert!(
            compared.get(&kind).copied().unwrap_or(0) > 0,
            "no {kind:?} compared: the check would be vacuous"
        );
    }
}

#[test]
fn enum_known_values_match_the_spec() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for spec in loadable_specs() {
        for t in rust_types().iter().filter(|t| t.api == spec.api) {
            let Some((known, parse_problems)) = &t.enum_check else {
                continue;
            };
            let pointer = pointer_push("/components/schemas", t.name);
            let spec_values: Vec<String> = resolve_pointer(&spec.doc, &format!("{pointer}/enum"))
                .and_then(Value::as_array)
                .map(|vs| {
                    vs.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            if *known != spec_values {
                problems.push(format!(
                    "{}: {pointer}/enum is {spec_values:?}, {}::{}::KNOWN_VALUES is {known:?}",
                    spec.file(),
                    t.api,
                    t.name
                ));
            }
            for p in parse_problems {
                problems.push(format!("{}::{}: {p}", t.api, t.name));
            }
            checked += known.len();
        }
    }
    assert!(problems.is_empty(), "{}", join_problems(problems));
    assert!(checked > 0, "no enum value checked");
}

#[test]
fn flag_conditionals_are_served_as_the_spec_writes_them() {
    // Forte's create request has two flag conditionals, flattened into enums named after their
    // titles; the served schema keeps their `if`/`then`/`else`, so a validator refuses what the
    // type refuses.
    use schemars::JsonSchema;
    assert_eq!(
        commerce_apis::forte::ProductStock::schema_name(),
        "ProductStock"
    );
    assert_eq!(
        commerce_apis::forte::PaymentPeriod::schema_name(),
        "PaymentPeriod"
    );
    let schema = schemars::schema_for!(commerce_apis::forte::CreateProductRequest).to_value();
    let validator = jsonschema::validator_for(&schema).expect("the served schema compiles");
    let limited = read_example(&spec_named("forte"), "create_product.request.limited.json");
    let with = |changes: &[(&str, Option<Value>)]| {
        let mut value = limited.clone();
        for (key, change) in changes {
            match change {
                Some(v) => value[*key] = v.clone(),
                None => drop(value.as_object_mut().unwrap().remove(*key)),
            }
        }
        value
    };
    let infinite = with(&[("infinite", Some(json!(true))), ("quantity", None)]);
    let neither = with(&[("quantity", None)]);
    let both = with(&[("infinite", Some(json!(true)))]);
    let cases = [
        ("limited", &limited),
        ("infinite", &infinite),
        ("neither", &neither),
        ("both", &both),
    ];
    for (case, value) in cases {
        let read =
            serde_json::from_value::<commerce_apis::forte::CreateProductRequest>(value.clone());
        assert_eq!(
            validator.is_valid(value),
            read.is_ok(),
            "{case}: the schema and the type disagree on {value} ({read:?})"
        );
    }
    assert!(validator.is_valid(&limited) && !validator.is_valid(&neither));
}

#[test]
fn the_comparison_reports_differences() {
    let spec = spec_named("forter");
    let order = schemars::schema_for!(commerce_apis::forter::V3OrderRequest).to_value();
    assert_eq!(compare(&spec.doc, "V3OrderRequest", &order), None);
    type Change = fn(&mut Value);
    let changes: [(&str, Change, &str); 5] = [
        (
            "V3OrderRequest",
            |c| c["properties"]["brandNew"] = json!({"type": "string"}),
            "/properties/brandNew",
        ),
        (
            "V3OrderRequest",
            |c| {
                c["required"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|r| r != "orderId")
            },
            "/required",
        ),
        (
            "V3OrderRequest",
            |c| c["properties"]["checkoutTime"]["type"] = json!("string"),
            "/properties/checkoutTime/type",
        ),
        (
            "OrderType",
            |c| c["enum"].as_array_mut().unwrap().push(json!("NEW_CHANNEL")),
            "/enum",
        ),
        (
            "NumericCode",
            |c| c["oneOf"][1]["type"] = json!("boolean"),
            "/oneOf/1/type",
        ),
    ];
    for (name, change, at) in changes {
        let served = match name {
            "V3OrderRequest" => order.clone(),
            "OrderType" => schemars::schema_for!(commerce_apis::forter::OrderType).to_value(),
            _ => schemars::schema_for!(commerce_apis::forter::NumericCode).to_value(),
        };
        assert_eq!(compare(&spec.doc, name, &served), None, "{name}");
        let mut doc = spec.doc.clone();
        change(&mut doc["components"]["schemas"][name]);
        let found = compare(&doc, name, &served).unwrap_or_default();
        assert!(
            found.starts_with(&format!("{name}{at}")),
            "{name}: {found:?}, expected at {at}"
        );
    }
    // A reference to another component, and an inline schema (a `$defs` entry of its own in
    // the served schema), are compared too.
    let mut doc = spec.doc.clone();
    let component = &mut doc["components"]["schemas"]["V3OrderRequest"];
    let (key, reference) = component["properties"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, p)| p["$ref"].is_string())
        .map(|(k, p)| (k.clone(), p["$ref"].as_str().unwrap().to_owned()))
        .expect("a property of V3OrderRequest refers to a component");
    let other = if reference.ends_with("/Address") {
        "Phone"
    } else {
        "Address"
    };
    component["properties"][&key]["$ref"] = json!(format!("#/components/schemas/{other}"));
    let found = compare(&doc, "V3OrderRequest", &order).unwrap_or_default();
    assert!(found.contains(&format!("/properties/{key}")), "{found:?}");
    let served = schemars::schema_for!(commerce_apis::forte::CreateProductRequest).to_value();
    let forte = spec_named("forte");
    assert_eq!(compare(&forte.doc, "CreateProductRequest", &served), None);
    let mut doc = forte.doc.clone();
    doc["components"]["schemas"]["CreateProductRequest"]["allOf"][0]["then"]["required"] =
        json!(["shop_id"]);
    let found = compare(&doc, "CreateProductRequest", &served).unwrap_or_default();
    assert!(found.contains("/allOf/0"), "{found:?}");
}
