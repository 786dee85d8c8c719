//! Every example file of every spec round-trips through the generated Rust type of its request
//! body or response: deserialize, serialize back, and the JSON value must be the original exactly
//! (object key order aside). A failure names the file and the JSON pointer of the first difference.
//! The example, and what the type writes back, must also be valid under the schema the type
//! serves (`schemars::schema_for!`, the spec's own schema: decision 022), checked by `jsonschema`.
//!
//! Which type an example goes through is a table from (API, operation, `request` | status) to a
//! Rust type ([`fixture_for`]), generated from the index of the generated crate (`tests/build.rs`
//! reads `generated/summary/*.json`): adding an operation or an API needs no edit here. The table
//! is checked both ways:
//! - an example file the table does not cover fails the test (no example is silently skipped);
//! - every row is checked against the spec: the `$ref` of the operation's body schema must name
//!   the Rust type of the row (through its schemars name), and every JSON body of every operation
//!   of the spec must have a row.
//!
//! The rest of the file checks the forward-compatibility promises of the generated crate (unknown
//! keys are dropped, unknown enum values are kept) and the flag conditionals of Forte's create
//! request (`ProductStock`, `PaymentPeriod`).

use std::fs;
use std::path::Path;

use commerce_apis::{forte, forter};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use workspace_tests::*;

// ---------------------------------------------------------------------------------------------
// The round trip

/// Reads `path`, deserializes it into `T`, serializes it back and compares the JSON values.
/// `Err` names the file and the first difference. Both JSON values must be valid under `T`'s
/// served schema.
fn round_trip<T: Serialize + DeserializeOwned + JsonSchema>(path: &Path) -> Result<(), String> {
    let shown = shown_path(path);
    let text = fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let original: Value =
        serde_json::from_str(&text).map_err(|e| format!("{shown}: not JSON: {e}"))?;
    let typed: T = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{shown}: does not deserialize into {}: {e}",
            std::any::type_name::<T>()
        )
    })?;
    let written = serde_json::to_string(&typed)
        .map_err(|e| format!("{shown}: does not serialize back: {e}"))?;
    let back: Value = serde_json::from_str(&written).expect("serde_json writes JSON");
    let schema = schemars::schema_for!(T).to_value();
    let validator = jsonschema::validator_for(&schema).map_err(|e| {
        format!(
            "{shown}: the schema of {} does not compile: {e}",
            std::any::type_name::<T>()
        )
    })?;
    for (what, value) in [
        ("the example", &original),
        ("the value written back", &back),
    ] {
        if let Some(error) = validator.iter_errors(value).next() {
            return Err(format!(
                "{shown}: {what} is not valid under the schema of {}: {error} at {}",
                std::any::type_name::<T>(),
                error.instance_path()
            ));
        }
    }
    match first_difference(&original, &back, "") {
        None => Ok(()),
        Some(diff) => Err(format!(
            "{shown}: the round trip through {} changed the JSON at {diff}",
            std::any::type_name::<T>()
        )),
    }
}

/// The JSON pointer of the first difference between `before` and `after`, with what changed.
fn first_difference(before: &Value, after: &Value, pointer: &str) -> Option<String> {
    let at = |p: &str| {
        if p.is_empty() {
            "/ (root)".to_string()
        } else {
            p.to_string()
        }
    };
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (key, bv) in b {
                let p = pointer_push(pointer, key);
                match a.get(key) {
                    None => return Some(format!("{}: key dropped (it was {bv})", at(&p))),
                    Some(av) => {
                        if let Some(diff) = first_difference(bv, av, &p) {
                            return Some(diff);
                        }
                    }
                }
            }
            a.iter()
                .find(|(key, _)| !b.contains_key(*key))
                .map(|(key, av)| format!("{}: key added ({av})", at(&pointer_push(pointer, key))))
        }
        (Value::Array(b), Value::Array(a)) => {
            for (i, (bv, av)) in b.iter().zip(a).enumerate() {
                if let Some(diff) = first_difference(bv, av, &format!("{pointer}/{i}")) {
                    return Some(diff);
                }
            }
            (b.len() != a.len()).then(|| {
                format!(
                    "{}: array of {} item(s) became {} item(s)",
                    at(pointer),
                    b.len(),
                    a.len()
                )
            })
        }
        _ if before == after => None,
        _ => Some(format!("{}: {before} became {after}", at(pointer))),
    }
}

fn shown_path(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// The table

/// One row of the table: the round trip through a Rust type, and the names of that type.
struct Fixture {
    run: fn(&Path) -> Result<(), String>,
    /// `schemars::JsonSchema::schema_name()` of the type: the spec component it was made from
    /// (`Array_of_X` for a `Vec<X>` alias).
    schema_name: String,
    /// The Rust type, for messages.
    rust: &'static str,
}

macro_rules! fixture {
    ($t:ty) => {
        Fixture {
            run: round_trip::<$t>,
            schema_name: <$t as JsonSchema>::schema_name().into_owned(),
            rust: stringify!($t),
        }
    };
}

/// The Rust type of the request body (`request`) or of the response of a status of an operation
/// (snake_case operationId), or `None` if the generated crate has no such body. The rows come
/// from the index of the generated crate (`tests/build.rs`, from `generated/summary/*.json`), so a
/// new operation or API needs no edit here.
macro_rules! bodies {
    ($(($api:literal, $operation:literal, $body:literal, $t:ty),)*) => {
        fn fixture_for(api: &str, operation: &str, kind: &ExampleKind) -> Option<Fixture> {
            let body = match kind {
                ExampleKind::Request => "request",
                ExampleKind::Response(status) => status.as_str(),
            };
            Some(match (api, operation, body) {
                $(($api, $operation, $body) => fixture!($t),)*
                _ => return None,
            })
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/bodies.rs"));

/// The schemars name the Rust type of the body schema at `pointer` must have: the component the
/// schema `$ref`s (`Array_of_<Item>` if that component is an array of a component).
fn expected_schema_name(doc: &Value, pointer: &str) -> Result<String, String> {
    let schema = resolve_pointer(doc, pointer).ok_or("no schema")?;
    let target = schema
        .get("$ref")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("the body schema at {pointer} is not a $ref to a component"))?;
    let name = target.rsplit('/').next().unwrap_or_default().to_string();
    let component = resolve_ref(doc, target)?;
    if component.get("type") == Some(&json!("array")) {
        if let Some(item) = component.pointer("/items/$ref").and_then(Value::as_str) {
            return Ok(format!(
                "Array_of_{}",
                item.rsplit('/').next().unwrap_or_default()
            ));
        }
    }
    Ok(name)
}

/// Checks that the table row for `name` exists and names the type the spec says.
fn checked_fixture(spec: &Spec, name: &ExampleName) -> Result<Fixture, String> {
    let body = match &name.kind {
        ExampleKind::Request => "request body".to_string(),
        ExampleKind::Response(status) => format!("{status} response"),
    };
    let pointer = example_schema_pointer(&spec.doc, name)?;
    let expected = expected_schema_name(&spec.doc, &pointer)?;
    let fixture = fixture_for(&spec.api, &name.operation, &name.kind).ok_or_else(|| {
        format!(
            "the generated crate has no body for ({:?}, {:?}, {body}) (expected the Rust type of \
             {expected}): run `cargo xtask codegen`",
            spec.api, name.operation
        )
    })?;
    if fixture.schema_name != expected {
        return Err(format!(
            "the generated crate maps ({:?}, {:?}, {body}) to {} (schema name {:?}), but the \
             spec's body schema {pointer} is {expected:?}",
            spec.api, name.operation, fixture.rust, fixture.schema_name
        ));
    }
    Ok(fixture)
}

// ---------------------------------------------------------------------------------------------
// Tests: every example

#[test]
fn every_example_round_trips_through_its_generated_type() {
    let mut problems = Vec::new();
    let mut passed = Vec::new();
    for spec in loadable_specs() {
        for path in example_files(&spec) {
            let shown = shown_path(&path);
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = match parse_example_name(&file_name) {
                Ok(name) => name,
                Err(why) => {
                    problems.push(format!("{shown}: not covered: {why}"));
                    continue;
                }
            };
            match checked_fixture(&spec, &name) {
                Err(why) => problems.push(format!("{shown}: not covered: {why}")),
                Ok(fixture) => match (fixture.run)(&path) {
                    Ok(()) => passed.push(shown),
                    Err(why) => problems.push(why),
                },
            }
        }
    }
    assert!(problems.is_empty(), "{}", join_problems(problems));
    assert!(
        passed.len() >= 13,
        "only {} example(s) round-tripped ({passed:?}): were example files lost?",
        passed.len()
    );
}

#[test]
fn the_table_has_a_row_for_every_json_body_of_the_specs() {
    let mut problems = Vec::new();
    let mut rows = 0;
    for spec in loadable_specs() {
        for op in operations(&spec.doc) {
            let Some(id) = &op.operation_id else { continue };
            let operation = snake_case(id);
            let op_doc = resolve_pointer(&spec.doc, &op.pointer).expect("operation exists");
            let mut kinds = Vec::new();
            if op_doc.get("requestBody").is_some() {
                kinds.push(ExampleKind::Request);
            }
            if let Some(responses) = op_doc.get("responses").and_then(Value::as_object) {
                kinds.extend(responses.keys().map(|s| ExampleKind::Response(s.clone())));
            }
            for kind in kinds {
                let name = ExampleName {
                    operation: operation.clone(),
                    kind,
                    variant: None,
                };
                // A body without an application/json schema (204) has no Rust type.
                if example_schema_pointer(&spec.doc, &name).is_err() {
                    continue;
                }
                match checked_fixture(&spec, &name) {
                    Ok(_) => rows += 1,
                    Err(why) => problems.push(format!("{} {}: {why}", spec.file(), op.pointer)),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", join_problems(problems));
    assert!(rows > 0, "no JSON body found in any spec");
}

#[test]
fn a_wrong_row_or_an_uncovered_example_is_reported() {
    // A name the generated crate has no body for.
    let spec = spec_named("forte");
    let mut doc = spec.doc.clone();
    doc["paths"]["/products"]["post"]["operationId"] = json!("createWidget");
    let renamed = Spec::from_value("forte", spec.path.clone(), doc);
    let name = parse_example_name("create_widget.request.json").unwrap();
    let err = checked_fixture(&renamed, &name).err().expect("no row");
    assert!(err.contains("has no body for"), "{err}");
    // A row whose type is not the spec's body schema.
    let mut doc = spec.doc.clone();
    doc["paths"]["/products"]["post"]["requestBody"]["content"]["application/json"]["schema"] =
        json!({"$ref": "#/components/schemas/UpdateProductRequest"});
    let retargeted = Spec::from_value("forte", spec.path.clone(), doc);
    let name = parse_example_name("create_product.request.json").unwrap();
    let err = checked_fixture(&retargeted, &name)
        .err()
        .expect("wrong row");
    assert!(err.contains("\"UpdateProductRequest\""), "{err}");
    // The difference finder names the pointer.
    let before = json!({"a": {"b/c": [1, 2]}, "d": 1});
    assert_eq!(
        first_difference(&before, &json!({"a": {"b/c": [1, 3]}, "d": 1}), ""),
        Some("/a/b~1c/1: 2 became 3".into())
    );
    assert_eq!(
        first_difference(&before, &json!({"a": {"b/c": [1, 2]}}), ""),
        Some("/d: key dropped (it was 1)".into())
    );
    assert_eq!(
        first_difference(&json!({"n": 5}), &json!({"n": 5.0}), ""),
        Some("/n: 5 became 5.0".into())
    );
    assert_eq!(first_difference(&before, &before.clone(), ""), None);
}

// ---------------------------------------------------------------------------------------------
// Tests: Forte's flag conditionals

fn forte_example(file_name: &str) -> Value {
    read_example(&spec_named("forte"), file_name)
}

fn create_request(value: Value) -> Result<forte::CreateProductRequest, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[test]
fn forte_create_examples_parse_into_the_expected_conditional_variants() {
    let spec = spec_named("forte");
    let mut seen = 0;
    for path in example_files(&spec) {
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(name) = parse_example_name(&file_name) else {
            continue;
        };
        if name.operation != "create_product" || name.kind != ExampleKind::Request {
            continue;
        }
        let request = create_request(read_example(&spec, &file_name))
            .unwrap_or_else(|e| panic!("{file_name}: {e}"));
        let (stock, period) = match name.variant.as_deref() {
            Some("infinite") => (
                forte::ProductStock::Infinite,
                forte::PaymentPeriod::Immortal,
            ),
            Some("limited") => (
                forte::ProductStock::quantity(forte::StockQuantity::Text("10".into())),
                forte::PaymentPeriod::expired_at("2023-12-31"),
            ),
            other => panic!(
                "{file_name}: no expected ProductStock / PaymentPeriod for variant {other:?}: add \
                 it to this test"
            ),
        };
        assert_eq!(request.product_stock, stock, "{file_name}");
        assert_eq!(request.payment_period, period, "{file_name}");
        seen += 1;
    }
    assert_eq!(seen, 2, "expected the infinite and limited create examples");
}

#[test]
fn forte_create_rejects_a_missing_quantity_unless_infinite() {
    let mut value = forte_example("create_product.request.limited.json");
    value.as_object_mut().unwrap().remove("quantity");
    assert_eq!(value["infinite"], json!(false));
    let err = create_request(value.clone()).expect_err("infinite: false without quantity");
    assert!(
        err.contains("quantity"),
        "the error should name `quantity`: {err}"
    );
    // Without the flag at all, `quantity` is required too.
    value.as_object_mut().unwrap().remove("infinite");
    let err = create_request(value).expect_err("no infinite and no quantity");
    assert!(err.contains("quantity"), "{err}");
}

#[test]
fn forte_create_rejects_quantity_with_infinite_true() {
    let mut value = forte_example("create_product.request.limited.json");
    value["infinite"] = json!(true);
    assert!(value.get("quantity").is_some());
    let err = create_request(value).expect_err("infinite: true with quantity");
    assert!(err.contains("quantity"), "{err}");
    assert!(err.contains("infinite"), "{err}");
}

#[test]
fn forte_create_payment_period_is_checked_the_same_way() {
    let mut value = forte_example("create_product.request.limited.json");
    value.as_object_mut().unwrap().remove("expired_at");
    let err = create_request(value).expect_err("immortal: false without expired_at");
    assert!(err.contains("expired_at"), "{err}");

    let mut value = forte_example("create_product.request.limited.json");
    value["immortal"] = json!(true);
    let err = create_request(value).expect_err("immortal: true with expired_at");
    assert!(err.contains("expired_at"), "{err}");
}

#[test]
fn forte_create_quantity_without_the_flag_is_a_limited_product() {
    // The spec only requires `quantity` unless `"infinite": true`: the flag may be absent.
    let spec = spec_named("forte");
    let mut value = forte_example("create_product.request.limited.json");
    value.as_object_mut().unwrap().remove("infinite");
    value.as_object_mut().unwrap().remove("immortal");
    let schema = "/components/schemas/CreateProductRequest";
    assert_eq!(validate_instance(&spec.doc, schema, &value), Ok(vec![]));
    let request = create_request(value.clone()).expect("valid per the spec");
    let omitted = commerce_apis::support::FlagPresence::Omitted;
    assert_eq!(
        request.product_stock,
        forte::ProductStock::Quantity(forte::StockQuantity::Text("10".into()), omitted)
    );
    assert_eq!(
        request.payment_period,
        forte::PaymentPeriod::ExpiredAt("2023-12-31".into(), omitted)
    );
    // Written back as read: no `"infinite"`, no `"immortal"` (lossless), still valid.
    let back = serde_json::to_value(&request).unwrap();
    assert_eq!(back, value);
    assert_eq!(validate_instance(&spec.doc, schema, &back), Ok(vec![]));
    // A value built in code writes the flags, as the vendor's examples do.
    let built = forte::ProductStock::quantity(forte::StockQuantity::Text("10".into()));
    let mut built_request = request.clone();
    built_request.product_stock = built;
    let back = serde_json::to_value(&built_request).unwrap();
    assert_eq!(back["infinite"], json!(false));
    assert_eq!(validate_instance(&spec.doc, schema, &back), Ok(vec![]));
}

// ---------------------------------------------------------------------------------------------
// Tests: forward compatibility

#[test]
fn an_unknown_key_in_a_response_is_dropped() {
    let spec = spec_named("forter");
    let original = read_example(&spec, "validate_order.200.json");
    let mut extended = original.clone();
    extended["someFutureField"] = json!({"nested": [1, 2, 3]});
    extended["verificationMethod"]["anotherNewKey"] = json!("x");
    let parsed: forter::V3OrderResponse =
        serde_json::from_value(extended).expect("unknown keys are ignored when reading");
    let back = serde_json::to_value(&parsed).unwrap();
    assert_eq!(first_difference(&original, &back, ""), None);
    assert_eq!(back, original);

    // The same for a Forte response, whose schema has no `additionalProperties: false`.
    let original = forte_example("get_product.200.json");
    let mut extended = original.clone();
    extended["brand_new"] = json!(true);
    let parsed: forte::Product = serde_json::from_value(extended).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), original);
}

#[test]
fn an_unknown_enum_value_is_kept_verbatim() {
    let spec = spec_named("forter");
    let mut value = read_example(&spec, "validate_order.200.json");
    value["forterDecision"] = json!("SOMETHING_NEW");
    value["recommendation"] = json!("ANOTHER_NEW_ONE");
    let parsed: forter::V3OrderResponse =
        serde_json::from_value(value.clone()).expect("unknown enum values are accepted");
    match &parsed.forter_decision {
        forter::ForterDecision::Unrecognized(raw) => assert_eq!(raw.as_str(), "SOMETHING_NEW"),
        other => panic!("expected Unrecognized, got {other:?}"),
    }
    assert_eq!(parsed.forter_decision.as_str(), "SOMETHING_NEW");
    assert_eq!(parsed.forter_decision.to_string(), "SOMETHING_NEW");
    assert!(matches!(
        parsed.recommendation,
        Some(forter::Recommendation::Unrecognized(_))
    ));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), value);

    // `from_wire` (the explicit escape hatch) agrees with deserialization, and known values are
    // not caught; the strict `FromStr` refuses the unknown value.
    assert_eq!(
        forter::ForterDecision::from_wire("SOMETHING_NEW"),
        parsed.forter_decision
    );
    assert!(parsed.forter_decision.is_unrecognized());
    assert_eq!(
        forter::ForterDecision::from_wire("APPROVE"),
        forter::ForterDecision::Approve
    );
    let err = "SOMETHING_NEW"
        .parse::<forter::ForterDecision>()
        .unwrap_err();
    assert_eq!(err.value(), "SOMETHING_NEW");
    assert!(
        err.to_string()
            .starts_with("`SOMETHING_NEW` is not a value of `ForterDecision` (expected one of: "),
        "{err}"
    );
    assert_eq!(
        "APPROVE".parse::<forter::ForterDecision>(),
        Ok(forter::ForterDecision::Approve)
    );
}

#[test]
fn order_type_unknown_is_a_real_variant() {
    let parsed: forter::OrderType = "UNKNOWN".parse().unwrap();
    assert_eq!(parsed, forter::OrderType::Unknown);
    assert!(!matches!(parsed, forter::OrderType::Unrecognized(_)));
    assert_eq!(parsed.as_str(), "UNKNOWN");
    assert!(forter::OrderType::KNOWN_VALUES.contains(&"UNKNOWN"));
    let from_json: forter::OrderType = serde_json::from_value(json!("UNKNOWN")).unwrap();
    assert_eq!(from_json, forter::OrderType::Unknown);
    // Something unlisted is the catch-all.
    assert!(matches!(
        forter::OrderType::from_wire("unknown"),
        forter::OrderType::Unrecognized(_)
    ));
    assert!("unknown".parse::<forter::OrderType>().is_err());
}

#[test]
fn an_optional_nullable_field_keeps_absent_and_null_apart() {
    // Product.quantity is optional and nullable: `null` is read as Some(None) and written back as
    // null; an absent key stays absent.
    let list = forte_example("list_products.200.json");
    assert_eq!(list[2]["quantity"], Value::Null);
    let products: forte::ProductList = serde_json::from_value(list.clone()).unwrap();
    assert_eq!(products[2].quantity, Some(None));
    assert_eq!(products[0].quantity, Some(Some(0)));
    assert_eq!(serde_json::to_value(&products).unwrap(), list);
    let mut without = list[0].clone();
    without.as_object_mut().unwrap().remove("quantity");
    let product: forte::Product = serde_json::from_value(without.clone()).unwrap();
    assert_eq!(product.quantity, None);
    assert_eq!(serde_json::to_value(&product).unwrap(), without);
}

#[test]
fn an_integer_written_with_a_fraction_is_an_integer() {
    // JSON Schema counts `3.0` as an integer; serde's i64 alone would refuse it.
    let spec = spec_named("forter");
    let mut value = read_example(&spec, "validate_order.request.json");
    value["cartItems"][0]["basicItemData"]["quantity"] = json!(3.0);
    value["timeSentToForter"] = json!(1_415_287_568_000.0);
    let schema = "/components/schemas/V3OrderRequest";
    assert_eq!(validate_instance(&spec.doc, schema, &value), Ok(vec![]));
    let order: forter::V3OrderRequest = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(order.cart_items[0].basic_item_data.quantity, 3);
    assert_eq!(order.time_sent_to_forter, 1_415_287_568_000);
    // Written back as an integer: the same JSON value to JSON Schema.
    let back = serde_json::to_value(&order).unwrap();
    assert_eq!(back["cartItems"][0]["basicItemData"]["quantity"], json!(3));

    // A fraction is still refused, without quoting the value.
    value["cartItems"][0]["basicItemData"]["quantity"] = json!(3.5);
    let err = serde_json::from_value::<forter::V3OrderRequest>(value)
        .unwrap_err()
        .to_string();
    assert!(err.contains("integer") && !err.contains("3.5"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Tests: the README's "Adding an operation" walkthrough

/// The fenced blocks of the README's "Adding an operation" section whose info string is
/// `json <target>`: `(target, text)`, in order.
fn walkthrough_blocks() -> Vec<(String, String)> {
    let readme = fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let start = readme
        .find("\n## Adding an operation\n")
        .expect("the README has an \"Adding an operation\" section");
    let section = &readme[start + 1..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let Some(target) = line.strip_prefix("```json ") else {
            continue;
        };
        let text: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        blocks.push((target.trim().to_owned(), text.join("\n")));
    }
    blocks
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Issue 18: adding an operation is an edit under `spec/` only. The README's walkthrough blocks
/// are applied to a copy of `spec/` (with the current summaries, so the change report has a
/// baseline); `cargo xtask codegen` then generates the operation, reports it as compatible, and the
/// new examples validate against the copy's spec and are in the index the tests and benchmarks
/// iterate over (with the Rust types they round-trip through), so the test command covers them
/// with no other edit. (The crate generated in the copy is not compiled here; the README records a
/// full run.)
#[test]
fn adding_an_operation_touches_only_spec() {
    let root = std::env::temp_dir().join(format!("adding-an-operation-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    copy_dir(&workspace_root().join("spec"), &root.join("spec"));
    copy_dir(
        &workspace_root().join("generated/summary"),
        &root.join("generated/summary"),
    );

    let blocks = walkthrough_blocks();
    assert_eq!(blocks.len(), 4, "{blocks:?}");
    let mut added = 0;
    for (target, text) in &blocks {
        assert!(target.starts_with("spec/"), "{target}: outside spec/");
        let block: Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{target}: not JSON: {e}"));
        match target.split_once('#') {
            Some((file, pointer)) => {
                let path = root.join(file);
                let mut doc: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap())
                    .expect("the spec is JSON");
                let at = doc
                    .pointer_mut(pointer)
                    .and_then(Value::as_object_mut)
                    .unwrap_or_else(|| panic!("{target}: no object there"));
                for (key, value) in block.as_object().expect("an object to merge") {
                    // A checkout that followed the walkthrough already has it, unchanged.
                    match at.insert(key.clone(), value.clone()) {
                        None => added += 1,
                        Some(old) => assert_eq!(&old, value, "{target}: another {key} exists"),
                    }
                }
                fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
            }
            None => {
                let path = root.join(target);
                match fs::read_to_string(&path) {
                    Ok(old) => assert_eq!(
                        serde_json::from_str::<Value>(&old).ok().as_ref(),
                        Some(&block),
                        "{target}: another file exists"
                    ),
                    Err(_) => {
                        fs::write(&path, text).unwrap();
                        added += 1;
                    }
                }
            }
        }
    }

    // Generation: the functions are there, and the report calls the addition compatible.
    let report = xtask::codegen(&root, false).unwrap_or_else(|e| panic!("{e}"));
    let changes = report
        .api_changes
        .expect("a change report against the copied summaries");
    let lines: Vec<String> = changes
        .entries()
        .map(|e| format!("{} {}", e.class.label(), e.line()))
        .collect();
    // (Nothing to report when the checkout already had the operation.)
    if added > 0 {
        assert!(
            lines.contains(
                &"compatible `forter::fn cancel_order`: operation added (POST /v3/orders/{id}/cancel)"
                    .to_owned()
            ),
            "{lines:?}"
        );
    }
    assert!(!changes.has_breaking(), "{lines:?}");
    let operations = fs::read_to_string(root.join("generated/src/forter/operations.rs")).unwrap();
    for function in ["pub fn build_cancel_order(", "pub fn parse_cancel_order("] {
        assert!(operations.contains(function), "{function} not generated");
    }

    // The examples: valid against the copy's spec, and each has a body type in the index.
    let spec = load_spec(&root.join("spec/forter")).unwrap();
    let index = body_index::body_index(&root).unwrap();
    for (file, ty) in [
        ("cancel_order.request.json", "OrderCancellationRequest"),
        ("cancel_order.200.json", "OrderCancellationResponse"),
    ] {
        let instance = read_example(&spec, file);
        assert_eq!(check_example(&spec, file, &instance), Vec::<String>::new());
        let name = parse_example_name(file).unwrap();
        let body = match &name.kind {
            ExampleKind::Request => "request".to_owned(),
            ExampleKind::Response(status) => status.clone(),
        };
        let row =
            format!("(\"forter\", \"cancel_order\", \"{body}\", commerce_apis::forter::{ty}),");
        assert!(
            index.bodies.contains(&row),
            "{row} not in\n{}",
            index.bodies
        );
        let stem = file.trim_end_matches(".json");
        assert!(index.examples.contains(&format!("\"forter/{stem}\"")));
    }
    assert!(index
        .operations
        .contains("(forter, cancel_order, parse_cancel_order, parse_forter_cancel_order),"));
    assert!(index
        .body_types
        .contains("(forter, OrderCancellationRequest, round_trip_forter_order_cancellation_request, validate),"));
    let _ = fs::remove_dir_all(&root);
}

/// The lean `Deserialize` of the generated structs (decision 017) keeps the rules of serde's
/// derive, on a real response type (`V3OrderResponse`: `forterDecision` required) and a request
/// type with integers (`V3OrderRequest`).
#[test]
fn generated_structs_read_as_the_derive_did() {
    let ok = json!({"orderId": "o1", "forterDecision": "APPROVE", "later": {"x": [1, null]}});
    let read = serde_json::from_value::<forter::V3OrderResponse>(ok.clone()).unwrap();
    assert_eq!(read.order_id.as_deref(), Some("o1"));
    // An unknown key is skipped, and writing back leaves it out.
    assert!(serde_json::to_value(&read).unwrap().get("later").is_none());
    let missing = serde_json::from_str::<forter::V3OrderResponse>(r#"{"orderId": "o1"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        missing.starts_with("missing field `forterDecision`"),
        "{missing}"
    );
    let twice = r#"{"forterDecision": "APPROVE", "orderId": "a", "orderId": "b"}"#;
    let twice = serde_json::from_str::<forter::V3OrderResponse>(twice)
        .unwrap_err()
        .to_string();
    assert!(twice.starts_with("duplicate field `orderId`"), "{twice}");
    let not_object = serde_json::from_str::<forter::V3OrderResponse>("[]").unwrap_err();
    assert!(
        not_object.to_string().contains("struct V3OrderResponse"),
        "{not_object}"
    );
    // Integers written as floats are integers when exact; a fraction is refused.
    let example = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../spec/forter/examples/validate_order.request.json"),
    )
    .unwrap();
    let mut request: Value = serde_json::from_str(&example).unwrap();
    let sent = request["checkoutTime"].as_i64().unwrap();
    request["checkoutTime"] = json!(sent as f64);
    let read: forter::V3OrderRequest = serde_json::from_value(request.clone()).unwrap();
    assert_eq!(read.checkout_time, sent);
    request["checkoutTime"] = json!(sent as f64 + 0.5);
    assert!(serde_json::from_value::<forter::V3OrderRequest>(request).is_err());
}
