//! The JSON Schema a type serves (feature `schemars`, decision 022) holds the spec's text exactly,
//! whatever characters it has: control and bidi characters, quotes and backslashes (which the
//! raw string of `schemas.rs` must survive; `"#` in a text is unit-tested in `emit::schemas`),
//! non-ASCII property names. Hand-written (xtask only manages
//! `src/` and `summary/` of this crate).

use serde_json::Value;

fn spec_component(spec: &str, name: &str) -> Value {
    let doc: Value = serde_json::from_str(spec).expect("the accepted spec is JSON");
    doc["components"]["schemas"][name].clone()
}

#[test]
fn hostile_descriptions_are_served_as_the_spec_writes_them() {
    let spec = spec_component(
        include_str!("../../hostile/accept/descriptions_hostile.json"),
        "T",
    );
    let served = schemars::schema_for!(codegen_fixtures::descriptions_hostile::T).to_value();
    let properties = spec["properties"].as_object().unwrap();
    assert!(properties.len() >= 7);
    for (key, property) in properties {
        assert_eq!(
            served["properties"][key]["description"], property["description"],
            "{key}"
        );
    }
}

#[test]
fn confusable_property_names_are_served_unchanged() {
    let spec = spec_component(
        include_str!("../../hostile/accept/non_ascii_and_confusable_names.json"),
        "Confusables",
    );
    let served =
        schemars::schema_for!(codegen_fixtures::non_ascii_and_confusable_names::Confusables)
            .to_value();
    let keys = |schema: &Value| {
        schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&served), keys(&spec));
}
