//! Validity of every `spec/<api>/openapi.json` and of its examples.
//!
//! The positive tests walk whatever specs exist; the negative tests break in-memory copies and
//! check that the same checks report the breakage with the file and JSON pointer, so the positive
//! tests cannot pass vacuously.

use serde_json::{json, Value};
use workspace_tests::*;

/// Asserts that `problems` is empty, printing all of them.
fn assert_no_problems(what: &str, problems: Vec<String>) {
    assert!(problems.is_empty(), "{what}: {}", join_problems(problems));
}

// ---------------------------------------------------------------------------------------------
// 1. documents

#[test]
fn every_spec_folder_has_a_parsable_openapi_json() {
    let problems: Vec<String> = load_all_specs()
        .into_iter()
        .filter_map(Result::err)
        .collect();
    assert_no_problems("spec folders", problems);
}

#[test]
fn specs_are_openapi_3_1_documents() {
    let mut problems = Vec::new();
    for spec in loadable_specs() {
        problems.extend(structural_problems(&spec));
        problems.extend(openapi_meta_schema_problems(&spec));
    }
    assert_no_problems("OpenAPI 3.1 structure", problems);
}

// ---------------------------------------------------------------------------------------------
// 2. $ref

#[test]
fn every_ref_resolves() {
    let mut problems = Vec::new();
    let mut refs = 0;
    for spec in loadable_specs() {
        refs += find_refs(&spec.doc).len();
        problems.extend(dangling_refs(&spec));
    }
    assert_no_problems("$ref resolution", problems);
    assert!(
        refs > 0,
        "no $ref found in any spec: the check would be vacuous"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. component schemas

#[test]
fn component_schemas_are_json_schema_2020_12() {
    let mut problems = Vec::new();
    for spec in loadable_specs() {
        assert!(
            !component_schemas(&spec.doc).is_empty(),
            "{}: no components.schemas",
            spec.file()
        );
        problems.extend(component_schema_problems(&spec));
    }
    assert_no_problems("component schemas", problems);
}

#[test]
fn every_schema_and_property_has_a_description() {
    let mut problems = Vec::new();
    for spec in loadable_specs() {
        problems.extend(undocumented_schemas(&spec));
    }
    assert_no_problems("descriptions (spec/CONVENTIONS.md)", problems);
}

// ---------------------------------------------------------------------------------------------
// 4. examples

#[test]
fn examples_match_an_operation_and_validate() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for spec in loadable_specs() {
        let (count, found) = check_example_files(&spec);
        checked += count;
        problems.extend(found);
    }
    assert_no_problems("examples", problems);
    assert!(
        checked > 0,
        "no example file found in any spec/<api>/examples/"
    );
}

#[test]
fn forte_has_every_example_of_the_page() {
    let spec = spec_named("forte");
    let names: Vec<String> = example_files(&spec)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "create_product.request.infinite.json",
        "create_product.request.limited.json",
        "create_product.201.json",
        "create_product.422.json",
        "get_product.200.json",
        "list_products.200.json",
        "update_product.request.json",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "spec/forte/examples/{expected} is missing"
        );
    }
}

#[test]
fn example_names_map_to_operations() {
    assert_eq!(snake_case("createProduct"), "create_product");
    assert_eq!(snake_case("getV3Order"), "get_v3_order");
    assert_eq!(snake_case("sendHTTPRequest"), "send_http_request");
    assert_eq!(
        parse_example_name("create_product.request.infinite.json"),
        Ok(ExampleName {
            operation: "create_product".into(),
            kind: ExampleKind::Request,
            variant: Some("infinite".into())
        })
    );
    assert_eq!(
        parse_example_name("create_product.422.json").map(|n| n.kind),
        Ok(ExampleKind::Response("422".into()))
    );
    for bad in [
        "create_product.json",
        "create_product.reqest.json",
        "a.b.c.d.json",
        "create_product.201.txt",
    ] {
        assert!(parse_example_name(bad).is_err(), "{bad} should not parse");
    }
    let spec = spec_named("forte");
    let name = parse_example_name("update_product.request.json").unwrap();
    assert_eq!(
        example_schema_pointer(&spec.doc, &name).unwrap(),
        "/paths/~1products~1{product_id}/put/requestBody/content/application~1json/schema"
    );
    // A response shared through components.responses is followed.
    let name = parse_example_name("create_product.422.json").unwrap();
    assert_eq!(
        example_schema_pointer(&spec.doc, &name).unwrap(),
        "/components/responses/ValidationFailed/content/application~1json/schema"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. negative tests: broken in-memory copies are reported with file and pointer

#[test]
fn a_dangling_ref_is_reported_with_file_and_pointer() {
    let mut broken_any = false;
    for spec in loadable_specs() {
        let Some(site) = find_refs(&spec.doc).into_iter().next() else {
            continue;
        };
        let mut doc = spec.doc.clone();
        resolve_pointer_mut(&mut doc, &site.pointer)["$ref"] =
            json!("#/components/schemas/DoesNotExist");
        let broken = Spec::from_value(&spec.api, spec.path.clone(), doc);
        let problems = dangling_refs(&broken);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains(&spec.file()), "{}", problems[0]);
        assert!(
            problems[0].contains(&format!("$ref at {} ", site.pointer)),
            "{}",
            problems[0]
        );
        assert!(problems[0].contains("DoesNotExist"), "{}", problems[0]);
        broken_any = true;
    }
    assert!(broken_any, "no spec has a $ref to break");
}

#[test]
fn external_refs_are_reported() {
    let doc =
        json!({"components": {"schemas": {"A": {"$ref": "other.json#/components/schemas/B"}}}});
    let problems = dangling_refs(&Spec::from_value("x", "spec/x/openapi.json", doc));
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].contains("spec/x/openapi.json: $ref at /components/schemas/A"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_broken_document_fails_the_structural_checks() {
    let mut doc = spec_named("forte").doc;
    doc["openapi"] = json!("3.0.3");
    doc.as_object_mut().unwrap().remove("info");
    let spec = Spec::from_value("forte", "spec/forte/openapi.json", doc);
    let structural = structural_problems(&spec);
    assert!(
        structural.iter().any(|p| p.contains("/openapi")),
        "{structural:?}"
    );
    assert!(
        structural.iter().any(|p| p.contains("/info")),
        "{structural:?}"
    );
    assert!(!openapi_meta_schema_problems(&spec).is_empty());
}

#[test]
fn an_invalid_component_schema_is_reported() {
    let mut doc = spec_named("forte").doc;
    doc["components"]["schemas"]["Broken"] =
        json!({"type": "strin", "pattern": "(", "description": "x"});
    let spec = Spec::from_value("forte", "spec/forte/openapi.json", doc);
    let problems = component_schema_problems(&spec);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("spec/forte/openapi.json")
                && p.contains("/components/schemas/Broken")),
        "{problems:?}"
    );
}

#[test]
fn unmatched_examples_are_reported() {
    let spec = spec_named("forte");
    for (file, why) in [
        ("no_such_operation.200.json", "no operation"),
        ("create_product.200.json", "has no 200 response"),
        ("update_product.204.json", "no application/json body"),
        ("create_product.reqest.json", "neither `request`"),
        ("notes.txt", "not a .json file"),
    ] {
        let problems = check_example(&spec, file, &json!({}));
        assert_eq!(problems.len(), 1, "{file}: {problems:?}");
        assert!(
            problems[0].contains(file) && problems[0].contains("unmatched example"),
            "{}",
            problems[0]
        );
        assert!(problems[0].contains(why), "{file}: {}", problems[0]);
    }
}

/// Every example whose schema is an object with `required` keys is rejected when any one of
/// them is removed; the message names the example file.
#[test]
fn removing_a_required_field_from_any_example_is_reported() {
    let mut mutations = 0;
    for spec in loadable_specs() {
        for path in example_files(&spec) {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let Ok(name) = parse_example_name(&file) else {
                continue;
            };
            let Ok(pointer) = example_schema_pointer(&spec.doc, &name) else {
                continue;
            };
            let example = read_example(&spec, &file);
            let items: Vec<(String, &Value)> = match &example {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("/{i}"), v))
                    .collect(),
                other => vec![(String::new(), other)],
            };
            let (schema_at, schema) = deref(&spec.doc, &pointer).unwrap();
            let schema = if example.is_array() {
                match schema.get("items") {
                    Some(_) => deref(&spec.doc, &format!("{schema_at}/items")).unwrap().1,
                    None => continue,
                }
            } else {
                schema
            };
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (item_pointer, item) in items {
                for key in &required {
                    if item.get(key).is_none() {
                        continue;
                    }
                    let mut broken = example.clone();
                    resolve_pointer_mut(&mut broken, &item_pointer)
                        .as_object_mut()
                        .unwrap()
                        .remove(*key);
                    let problems = check_example(&spec, &file, &broken);
                    assert!(
                        problems
                            .iter()
                            .any(|p| p.contains(&file) && p.contains(&format!("\"{key}\""))),
                        "{file}: removing {item_pointer}/{key} was not reported: {problems:?}"
                    );
                    mutations += 1;
                }
            }
        }
    }
    assert!(
        mutations > 0,
        "no example has a required field: the check would be vacuous"
    );
}

/// Every top-level property of an example whose schema is a string enum is rejected with a value
/// outside the enum; the message names the file and the instance pointer.
#[test]
fn a_wrong_enum_value_in_any_example_is_reported() {
    let mut mutations = 0;
    for spec in loadable_specs() {
        for path in example_files(&spec) {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let Ok(name) = parse_example_name(&file) else {
                continue;
            };
            let Ok(pointer) = example_schema_pointer(&spec.doc, &name) else {
                continue;
            };
            let example = read_example(&spec, &file);
            let Some(object) = example.as_object() else {
                continue;
            };
            let (schema_at, _) = deref(&spec.doc, &pointer).unwrap();
            for key in object.keys() {
                let prop = pointer_push(&format!("{schema_at}/properties"), key);
                let Ok((_, prop_schema)) = deref(&spec.doc, &prop) else {
                    continue;
                };
                if !prop_schema.get("enum").is_some_and(Value::is_array) {
                    continue;
                }
                let mut broken = example.clone();
                broken[key] = json!("__not_an_enum_value__");
                let problems = check_example(&spec, &file, &broken);
                let instance = format!("instance {}", pointer_push("", key));
                assert!(
                    problems.iter().any(|p| p.contains(&file) && p.contains(&instance) && p.contains("/enum")),
                    "{file}: wrong enum value at /{key} was not reported with its pointers: {problems:?}"
                );
                mutations += 1;
            }
        }
    }
    assert!(
        mutations > 0,
        "no example has an enum property: the check would be vacuous"
    );
}

#[test]
fn an_example_failure_names_file_instance_pointer_and_schema_pointer() {
    let spec = spec_named("forte");
    let mut example = read_example(&spec, "list_products.200.json");
    example[1]["transaction_type"] = json!("refund");
    let problems = check_example(&spec, "list_products.200.json", &example);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert!(
        p.contains("spec/forte/examples/list_products.200.json"),
        "{p}"
    );
    assert!(p.contains("instance /1/transaction_type"), "{p}");
    assert!(
        p.contains("schema /components/schemas/TransactionType/enum"),
        "{p}"
    );
}

// ---------------------------------------------------------------------------------------------
// Forte quirks: the conditionals and the string-or-integer unions really bite

fn forte_create_problems(example: &Value) -> Vec<String> {
    check_example(&spec_named("forte"), "create_product.request.json", example)
}

#[test]
fn forte_quantity_is_required_unless_infinite() {
    let spec = spec_named("forte");
    let limited = read_example(&spec, "create_product.request.limited.json");
    let infinite = read_example(&spec, "create_product.request.infinite.json");
    assert_no_problems("limited example", forte_create_problems(&limited));
    assert_no_problems("infinite example", forte_create_problems(&infinite));

    // `infinite: false` and no quantity.
    let mut broken = limited.clone();
    broken.as_object_mut().unwrap().remove("quantity");
    let problems = forte_create_problems(&broken);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("\"quantity\" is a required property")
                && p.contains("/allOf/0/else/required")),
        "{problems:?}"
    );

    // No `infinite` at all and no quantity: quantity is required too.
    let mut broken = limited.clone();
    broken.as_object_mut().unwrap().remove("quantity");
    broken.as_object_mut().unwrap().remove("infinite");
    assert!(!forte_create_problems(&broken).is_empty());

    // `infinite: true` with a quantity: the page says not to send it.
    let mut broken = infinite.clone();
    broken["quantity"] = json!("5");
    let problems = forte_create_problems(&broken);
    assert!(
        problems.iter().any(|p| p.contains("/allOf/0/then/not")),
        "{problems:?}"
    );

    // `infinite: true` without quantity is fine even in the limited example.
    let mut fine = limited.clone();
    fine.as_object_mut().unwrap().remove("quantity");
    fine["infinite"] = json!(true);
    assert_no_problems(
        "limited example made infinite",
        forte_create_problems(&fine),
    );
}

#[test]
fn forte_expired_at_is_required_unless_immortal() {
    let spec = spec_named("forte");
    let limited = read_example(&spec, "create_product.request.limited.json");
    let infinite = read_example(&spec, "create_product.request.infinite.json");

    let mut broken = limited.clone();
    broken.as_object_mut().unwrap().remove("expired_at");
    let problems = forte_create_problems(&broken);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("\"expired_at\" is a required property")
                && p.contains("/allOf/1/else/required")),
        "{problems:?}"
    );

    let mut broken = infinite.clone();
    broken["expired_at"] = json!("2023-12-31");
    assert!(
        !forte_create_problems(&broken).is_empty(),
        "expired_at with immortal: true must be rejected"
    );

    // Both the documented date-time and the example's plain date are accepted; garbage is not.
    for (value, ok) in [
        ("2023-12-31", true),
        ("2023-12-31T23:59:59+03:00", true),
        ("2023-12-31T23:59:59Z", true),
        ("2023-12-31T23:59:59.123-05:00", true),
        ("31.12.2023", false),
        ("2023-12-31T23:59", false),
    ] {
        let mut example = limited.clone();
        example["expired_at"] = json!(value);
        assert_eq!(
            forte_create_problems(&example).is_empty(),
            ok,
            "expired_at {value:?}"
        );
    }
}

#[test]
fn forte_amount_quantity_and_shop_id_accept_digit_strings_and_integers() {
    let spec = spec_named("forte");
    let limited = read_example(&spec, "create_product.request.limited.json");
    for (field, value, ok) in [
        ("amount", json!(990), true),
        ("amount", json!("990"), true),
        ("amount", json!("9.90"), false),
        ("amount", json!(-1), false),
        ("amount", json!(9.9), false),
        ("quantity", json!(10), true),
        ("quantity", json!("ten"), false),
        ("shop_id", json!(1), true),
        ("shop_id", json!("1"), true),
        ("shop_id", json!("shop"), false),
        ("currency", json!("usd"), false),
        ("language", json!("kk"), true),
        ("language", json!("EN"), false),
        ("return_url", json!("not a url"), false),
        ("visible_fields", json!(["email", "phone"]), true),
        ("visible_fields", json!(["passport"]), false),
        ("unknown_field", json!(1), false),
    ] {
        let mut example = limited.clone();
        example[field] = value.clone();
        let problems = forte_create_problems(&example);
        assert_eq!(problems.is_empty(), ok, "{field} = {value}: {problems:?}");
    }
}

#[test]
fn forte_update_is_partial_and_responses_are_integers() {
    let spec = spec_named("forte");
    assert_no_problems(
        "empty update",
        check_example(&spec, "update_product.request.json", &json!({})),
    );
    assert_no_problems(
        "quantity without infinite",
        check_example(
            &spec,
            "update_product.request.json",
            &json!({"quantity": 3}),
        ),
    );

    let mut product = read_example(&spec, "get_product.200.json");
    product["quantity"] = Value::Null;
    assert_no_problems(
        "null quantity",
        check_example(&spec, "get_product.200.json", &product),
    );
    product["amount"] = json!("990");
    assert!(
        !check_example(&spec, "get_product.200.json", &product).is_empty(),
        "string amount in a response"
    );
    let mut product = read_example(&spec, "get_product.200.json");
    product["id"] = json!("prd_XYZ");
    assert!(
        !check_example(&spec, "get_product.200.json", &product).is_empty(),
        "bad product id"
    );
}

// ---------------------------------------------------------------------------------------------

fn resolve_pointer_mut<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no value at {pointer}"))
}
