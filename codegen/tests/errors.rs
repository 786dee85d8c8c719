//! Specs outside the accepted subset fail with a diagnostic that names the file, the JSON pointer
//! of the offending value, what is wrong and what to do.

use codegen::{Diagnostic, SpecInput};
use serde_json::{json, Value};

const FILE: &str = "spec/test/openapi.json";

/// A minimal valid document with `schemas` as its components.
fn with_schemas(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Test", "version": "1.0.0" },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": {},
        "components": { "schemas": schemas }
    })
}

/// Loads `text`, expecting an error.
fn load_err(text: &str) -> Diagnostic {
    let input = SpecInput {
        module: "test".into(),
        path: FILE.into(),
        text: text.into(),
    };
    match codegen::load(&input) {
        Ok(_) => panic!("the spec was accepted:\n{text}"),
        Err(diagnostic) => {
            assert_eq!(diagnostic.file, FILE, "{diagnostic}");
            diagnostic
        }
    }
}

fn err(doc: Value) -> Diagnostic {
    load_err(&serde_json::to_string_pretty(&doc).unwrap())
}

fn schemas_err(schemas: Value) -> Diagnostic {
    err(with_schemas(schemas))
}

/// Asserts the pointer exactly, that the message contains every one of `words` and that there is
/// help text.
#[track_caller]
fn check(diagnostic: &Diagnostic, pointer: &str, words: &[&str]) {
    assert_eq!(diagnostic.pointer, pointer, "{diagnostic}");
    for word in words {
        assert!(
            diagnostic.message.contains(word),
            "message lacks {word:?}: {diagnostic}"
        );
    }
    assert!(!diagnostic.help.is_empty(), "no help: {diagnostic}");
}

#[test]
fn the_base_document_is_valid() {
    let input = SpecInput {
        module: "test".into(),
        path: FILE.into(),
        text: with_schemas(json!({ "Foo": { "type": "string", "description": "A foo." } }))
            .to_string(),
    };
    codegen::load(&input).unwrap();
}

#[test]
fn invalid_json_names_line_and_column() {
    let diagnostic = load_err("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {,\n}");
    check(&diagnostic, "", &["invalid JSON", "line 3, column 12"]);
    insta::assert_snapshot!(diagnostic.to_string(), @r#"
    spec/test/openapi.json#: invalid JSON at line 3, column 12: key must be a string at line 3 column 12
      help: fix the JSON syntax
    "#);
}

#[test]
fn openapi_3_0_is_rejected() {
    let mut doc = with_schemas(json!({}));
    doc["openapi"] = json!("3.0.3");
    let diagnostic = err(doc);
    check(&diagnostic, "/openapi", &["3.0.3", "not supported"]);
    assert!(diagnostic.help.contains("3.1"), "{diagnostic}");
}

#[test]
fn swagger_2_is_rejected() {
    let diagnostic = load_err(
        &json!({ "swagger": "2.0", "info": { "title": "T", "version": "1" }, "paths": {} })
            .to_string(),
    );
    check(&diagnostic, "/swagger", &["unsupported keyword", "swagger"]);
}

#[test]
fn dangling_ref() {
    let diagnostic = schemas_err(json!({
        "Order": {
            "type": "object",
            "properties": { "customer": { "$ref": "#/components/schemas/Customer" } }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Order/properties/customer",
        &["#/components/schemas/Customer", "does not resolve"],
    );
    insta::assert_snapshot!(diagnostic.to_string(), @r"
    spec/test/openapi.json#/components/schemas/Order/properties/customer: `$ref` #/components/schemas/Customer does not resolve
      help: define components/schemas/Customer
    ");
}

#[test]
fn dangling_ref_in_a_request_body_escapes_the_pointer() {
    let mut doc = with_schemas(json!({}));
    doc["paths"] = json!({
        "/orders/{id}": {
            "post": {
                "operationId": "createOrder",
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }
                ],
                "requestBody": {
                    "content": {
                        "application/json": { "schema": { "$ref": "#/components/schemas/Missing" } }
                    }
                },
                "responses": { "204": { "description": "Done." } }
            }
        }
    });
    let diagnostic = err(doc);
    check(
        &diagnostic,
        "/paths/~1orders~1{id}/post/requestBody/content/application~1json/schema",
        &["#/components/schemas/Missing", "does not resolve"],
    );
}

#[test]
fn ref_outside_components_schemas() {
    let diagnostic = schemas_err(json!({
        "Order": {
            "type": "object",
            "properties": { "other": { "$ref": "other.json#/Foo" } }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Order/properties/other",
        &["other.json#/Foo", "#/components/schemas/"],
    );
}

#[test]
fn unsupported_keyword() {
    let diagnostic = schemas_err(json!({
        "Labels": {
            "type": "object",
            "patternProperties": { "^x-": { "type": "string" } }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Labels/patternProperties",
        &["unsupported keyword", "patternProperties"],
    );
    assert!(
        diagnostic.help.contains("spec/CONVENTIONS.md"),
        "{diagnostic}"
    );
    assert!(
        diagnostic.help.contains("additionalProperties"),
        "{diagnostic}"
    );
}

#[test]
fn other_unsupported_keywords() {
    for (keyword, value) in [
        ("dependentRequired", json!({ "a": ["b"] })),
        ("prefixItems", json!([{ "type": "string" }])),
        ("nullable", json!(true)),
        ("discriminator", json!({ "propertyName": "kind" })),
    ] {
        let mut schema = json!({ "type": "object", "properties": { "a": { "type": "string" } } });
        schema[keyword] = value;
        let diagnostic = schemas_err(json!({ "Foo": schema }));
        check(
            &diagnostic,
            &format!("/components/schemas/Foo/{keyword}"),
            &["unsupported keyword", keyword],
        );
    }
}

#[test]
fn unsupported_extension() {
    let diagnostic = schemas_err(json!({
        "Foo": {
            "type": "object",
            "properties": { "a": { "type": "string", "x-go-name": "A" } }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Foo/properties/a/x-go-name",
        &["unsupported extension", "x-go-name"],
    );
    assert!(diagnostic.help.contains("x-sensitive"), "{diagnostic}");
}

#[test]
fn not_outside_a_conditional() {
    let diagnostic = schemas_err(json!({
        "Foo": {
            "type": "object",
            "properties": { "a": { "type": "string", "not": { "const": "x" } } }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Foo/properties/a",
        &["`not`", "conditional"],
    );
}

#[test]
fn numeric_enum() {
    let diagnostic = schemas_err(json!({ "Level": { "type": "integer", "enum": [1, 2, 3] } }));
    check(
        &diagnostic,
        "/components/schemas/Level/enum",
        &["only string enums"],
    );
}

#[test]
fn unsupported_format() {
    let diagnostic = schemas_err(json!({ "Id": { "type": "string", "format": "hostname" } }));
    check(
        &diagnostic,
        "/components/schemas/Id/format",
        &["unsupported format", "hostname"],
    );
    assert!(diagnostic.help.contains("date-time"), "{diagnostic}");
}

#[test]
fn components_with_the_same_rust_name() {
    let diagnostic = schemas_err(json!({
        "order_type": { "type": "string", "enum": ["a"] },
        "OrderType": { "type": "string", "enum": ["b"] }
    }));
    check(
        &diagnostic,
        "/components/schemas/OrderType",
        &["`OrderType`", "/components/schemas/order_type"],
    );
    insta::assert_snapshot!(diagnostic.to_string(), @r"
    spec/test/openapi.json#/components/schemas/OrderType: the schema at /components/schemas/OrderType would get the Rust name `OrderType`, which the schema at /components/schemas/order_type already uses (type names of module `test`)
      help: rename one of them, or make an inline schema a named component
    ");
}

#[test]
fn component_named_like_a_builder() {
    let diagnostic = schemas_err(json!({
        "Order": { "type": "object", "properties": { "a": { "type": "string" } } },
        "OrderBuilder": { "type": "object", "properties": { "b": { "type": "string" } } }
    }));
    check(
        &diagnostic,
        "/components/schemas/Order",
        &[
            "builder of `Order`",
            "`OrderBuilder`",
            "/components/schemas/OrderBuilder",
        ],
    );
}

#[test]
fn component_with_a_reserved_name() {
    // The generated code names its own items by full path; only the prelude names it uses bare
    // and the module's `Config` and `Client` are reserved.
    for name in ["Option", "Vec", "Config", "Client"] {
        let diagnostic = schemas_err(json!({
            name: { "type": "object", "properties": { "message": { "type": "string" } } }
        }));
        check(
            &diagnostic,
            &format!("/components/schemas/{name}"),
            &[&format!("`{name}`"), "already uses"],
        );
    }
}

#[test]
fn properties_with_the_same_rust_name() {
    let diagnostic = schemas_err(json!({
        "Customer": {
            "type": "object",
            "properties": {
                "customerIP": { "type": "string" },
                "customer_ip": { "type": "string" }
            }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Customer/properties/customer_ip",
        &["customer_ip", "customerIP", "Rust name"],
    );
    insta::assert_snapshot!(diagnostic.to_string(), @r"
    spec/test/openapi.json#/components/schemas/Customer/properties/customer_ip: property `customer_ip` would get the Rust name `customer_ip`, which property `customerIP` already uses (fields and builder methods of `Customer`)
      help: rename one of the properties
    ");
}

#[test]
fn property_defined_twice_through_all_of() {
    let diagnostic = schemas_err(json!({
        "Base": { "type": "object", "properties": { "id": { "type": "string" } } },
        "Derived": {
            "type": "object",
            "properties": { "id": { "type": "integer" } },
            "allOf": [{ "$ref": "#/components/schemas/Base" }]
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Base/properties/id",
        &["`id`", "twice"],
    );
}

#[test]
fn enum_value_taking_the_unrecognized_variant() {
    let diagnostic = schemas_err(json!({
        "Status": { "type": "string", "enum": ["OK", "UNRECOGNIZED"] }
    }));
    check(
        &diagnostic,
        "/components/schemas/Status",
        &["UNRECOGNIZED", "Unrecognized", "reserved"],
    );
    insta::assert_snapshot!(diagnostic.to_string(), @r"
    spec/test/openapi.json#/components/schemas/Status: enum value `UNRECOGNIZED` would get the Rust name `Unrecognized`, which the catch-all variant reserved for values this crate does not know already uses (variants of `Status`)
      help: the generator cannot bind two values that differ only in case or punctuation, nor one spelled like the reserved catch-all; raise it with the maintainers
    ");
}

#[test]
fn enum_values_with_the_same_variant_name() {
    let diagnostic = schemas_err(json!({
        "Status": { "type": "string", "enum": ["in-progress", "IN_PROGRESS"] }
    }));
    assert_eq!(
        diagnostic.pointer, "/components/schemas/Status",
        "{diagnostic}"
    );
    assert!(
        diagnostic.message.contains("`in-progress`")
            && diagnostic.message.contains("`IN_PROGRESS`")
            && diagnostic.message.contains("`InProgress`"),
        "{diagnostic}"
    );
}

#[test]
fn enum_description_of_an_unknown_value() {
    let diagnostic = schemas_err(json!({
        "Status": {
            "type": "string",
            "enum": ["OK"],
            "x-enum-descriptions": { "KO": "Typo." }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Status",
        &["x-enum-descriptions", "`KO`"],
    );
}

#[test]
fn inline_type_name_colliding_with_a_component() {
    let diagnostic = schemas_err(json!({
        "Bar": {
            "type": "object",
            "properties": {
                "foo": { "type": "object", "properties": { "a": { "type": "string" } } }
            }
        },
        "BarFoo": { "type": "object", "properties": { "b": { "type": "string" } } }
    }));
    check(
        &diagnostic,
        "/components/schemas/Bar/properties/foo",
        &["`BarFoo`", "/components/schemas/BarFoo"],
    );
    insta::assert_snapshot!(diagnostic.to_string(), @r"
    spec/test/openapi.json#/components/schemas/Bar/properties/foo: the schema at /components/schemas/Bar/properties/foo would get the Rust name `BarFoo`, which the schema at /components/schemas/BarFoo already uses (type names of module `test`)
      help: rename one of them, or make an inline schema a named component
    ");
}

#[test]
fn inline_array_item_name_colliding_with_a_component() {
    let diagnostic = schemas_err(json!({
        "BarLinesItem": { "type": "string", "enum": ["x"] },
        "Bar": {
            "type": "object",
            "properties": {
                "lines": {
                    "type": "array",
                    "items": { "type": "object", "properties": { "a": { "type": "string" } } }
                }
            }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Bar/properties/lines/items",
        &["`BarLinesItem`", "/components/schemas/BarLinesItem"],
    );
}

/// A product schema with the flag conditional `branch` (infinite/quantity).
fn product_with(branch: Value) -> Value {
    json!({
        "Product": {
            "type": "object",
            "description": "A product.",
            "properties": {
                "infinite": { "type": "boolean", "description": "Unlimited stock." },
                "quantity": { "type": "integer", "description": "Items to sell." }
            },
            "allOf": [branch]
        }
    })
}

fn flag_conditional() -> Value {
    json!({
        "title": "ProductStock",
        "if": { "properties": { "infinite": { "const": true } }, "required": ["infinite"] },
        "then": { "not": { "required": ["quantity"] } },
        "else": { "required": ["quantity"] }
    })
}

#[test]
fn the_flag_conditional_is_accepted() {
    let input = SpecInput {
        module: "test".into(),
        path: FILE.into(),
        text: with_schemas(product_with(flag_conditional())).to_string(),
    };
    codegen::load(&input).unwrap();
}

#[test]
fn conditional_without_title() {
    let mut branch = flag_conditional();
    branch.as_object_mut().unwrap().remove("title");
    let diagnostic = schemas_err(product_with(branch));
    check(
        &diagnostic,
        "/components/schemas/Product/allOf/0",
        &["unsupported conditional", "title"],
    );
    assert!(diagnostic.help.contains("CONVENTIONS.md"), "{diagnostic}");
}

#[test]
fn conditional_without_else_is_an_exclusion_and_checked_as_one() {
    // Without `else` the branch is an exclusion ("quantity absent when infinite is true").
    let mut branch = flag_conditional();
    branch.as_object_mut().unwrap().remove("else");
    let input = SpecInput {
        module: "test".into(),
        path: FILE.into(),
        text: with_schemas(product_with(branch.clone())).to_string(),
    };
    codegen::load(&input).unwrap_or_else(|d| panic!("{d}"));
    branch["then"] = json!({ "required": ["quantity"] });
    let diagnostic = schemas_err(product_with(branch));
    check(
        &diagnostic,
        "/components/schemas/Product/allOf/0",
        &["unsupported exclusion", "`then`"],
    );
}

#[test]
fn conditional_on_a_false_flag() {
    let mut branch = flag_conditional();
    branch["if"]["properties"]["infinite"]["const"] = json!(false);
    let diagnostic = schemas_err(product_with(branch));
    check(
        &diagnostic,
        "/components/schemas/Product/allOf/0",
        &["unsupported conditional", "`if`"],
    );
    insta::assert_snapshot!(diagnostic.to_string(), @r#"
    spec/test/openapi.json#/components/schemas/Product/allOf/0: unsupported conditional: `if` must be {"properties": {FLAG: {"const": true}}, "required": [FLAG]}
      help: write exactly the flag conditional of spec/CONVENTIONS.md
    "#);
}

#[test]
fn conditional_with_a_then_that_requires() {
    let mut branch = flag_conditional();
    branch["then"] = json!({ "required": ["quantity"] });
    let diagnostic = schemas_err(product_with(branch));
    check(
        &diagnostic,
        "/components/schemas/Product/allOf/0",
        &["unsupported conditional", "`then`"],
    );
}

#[test]
fn conditional_on_a_missing_property() {
    let mut branch = flag_conditional();
    branch["else"] = json!({ "required": ["amount"] });
    branch["then"] = json!({ "not": { "required": ["amount"] } });
    let diagnostic = schemas_err(product_with(branch));
    check(
        &diagnostic,
        "/components/schemas/Product/allOf/0",
        &["unsupported conditional", "`amount`", "not a property"],
    );
}

#[test]
fn conditional_with_a_required_dependent() {
    let mut schemas = product_with(flag_conditional());
    schemas["Product"]["required"] = json!(["quantity"]);
    let diagnostic = schemas_err(schemas);
    check(
        &diagnostic,
        "/components/schemas/Product/allOf/0",
        &["unsupported conditional", "`quantity`", "required"],
    );
}

#[test]
fn conditional_with_a_non_boolean_flag() {
    let mut schemas = product_with(flag_conditional());
    schemas["Product"]["properties"]["infinite"] = json!({ "type": "string" });
    let diagnostic = schemas_err(schemas);
    check(
        &diagnostic,
        "/components/schemas/Product/allOf/0",
        &["unsupported conditional", "`infinite`", "boolean"],
    );
}

#[test]
fn one_of_branch_without_title_or_ref() {
    let diagnostic = schemas_err(json!({
        "Amount": {
            "oneOf": [
                { "title": "Text", "type": "string" },
                { "type": "integer" }
            ]
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Amount/oneOf/1",
        &["`title`", "`$ref`"],
    );
    insta::assert_snapshot!(diagnostic.to_string(), @r"
    spec/test/openapi.json#/components/schemas/Amount/oneOf/1: a `oneOf`/`anyOf` branch needs a `title` (the Rust variant name) or a `$ref`
      help: add a `title`
    ");
}

#[test]
fn any_of_branches_with_the_same_variant_name() {
    let diagnostic = schemas_err(json!({
        "Amount": {
            "anyOf": [
                { "title": "value", "type": "string" },
                { "title": "Value", "type": "integer" }
            ]
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Amount/anyOf/1",
        &["`Value`"],
    );
}

#[test]
fn several_types() {
    let diagnostic = schemas_err(json!({ "Amount": { "type": ["string", "integer"] } }));
    check(
        &diagnostic,
        "/components/schemas/Amount/type",
        &["one type"],
    );
}

#[test]
fn required_key_that_is_not_a_property() {
    let diagnostic = schemas_err(json!({
        "Foo": {
            "type": "object",
            "required": ["b"],
            "properties": { "a": { "type": "string" } }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Foo/required",
        &["`b`", "properties"],
    );
}

#[test]
fn additional_properties_next_to_properties() {
    let diagnostic = schemas_err(json!({
        "Foo": {
            "type": "object",
            "properties": { "a": { "type": "string" } },
            "additionalProperties": { "type": "string" }
        }
    }));
    check(
        &diagnostic,
        "/components/schemas/Foo",
        &["additionalProperties", "properties"],
    );
}

#[test]
fn array_without_items() {
    let diagnostic = schemas_err(json!({
        "Foo": { "type": "object", "properties": { "tags": { "type": "array" } } }
    }));
    check(
        &diagnostic,
        "/components/schemas/Foo/properties/tags",
        &["without `items`"],
    );
}

#[test]
fn query_parameters_are_rejected() {
    let mut doc = with_schemas(json!({}));
    doc["paths"] = json!({
        "/orders": {
            "get": {
                "operationId": "listOrders",
                "parameters": [
                    { "name": "limit", "in": "query", "schema": { "type": "integer" } }
                ],
                "responses": { "204": { "description": "None." } }
            }
        }
    });
    let diagnostic = err(doc);
    check(
        &diagnostic,
        "/paths/~1orders/get/parameters/0",
        &["`in: query`", "not supported"],
    );
}

#[test]
fn non_json_response() {
    let mut doc = with_schemas(json!({}));
    doc["paths"] = json!({
        "/report": {
            "get": {
                "operationId": "getReport",
                "responses": {
                    "200": {
                        "description": "A CSV file.",
                        "content": { "text/csv": { "schema": { "type": "string" } } }
                    }
                }
            }
        }
    });
    let diagnostic = err(doc);
    check(
        &diagnostic,
        "/paths/~1report/get/responses/200/content",
        &["text/csv"],
    );
}

#[test]
fn missing_info_title() {
    let mut doc = with_schemas(json!({}));
    doc["info"].as_object_mut().unwrap().remove("title");
    let diagnostic = err(doc);
    check(&diagnostic, "/info", &["missing", "`title`"]);
}

// Specs that used to be accepted but generated code that did not compile, or silently lost a
// keyword.

fn with_paths(paths: Value) -> Value {
    let mut doc = with_schemas(json!({}));
    doc["paths"] = paths;
    doc
}

fn operation(id: &str) -> Value {
    json!({ "operationId": id, "responses": { "204": { "description": "done" } } })
}

#[test]
fn operation_ids_with_the_same_rust_name_are_rejected() {
    let d = err(with_paths(json!({
        "/a": { "get": operation("getIt") },
        "/b": { "get": operation("get_it") }
    })));
    check(&d, "/paths/~1b/get", &["getIt", "get_it", "get_it"]);
}

#[test]
fn path_placeholder_without_parameter_is_rejected() {
    let d = err(with_paths(
        json!({ "/a/{id}": { "get": operation("getA") } }),
    ));
    check(&d, "/paths/~1a~1{id}/get", &["{id}", "no path parameter"]);
}

#[test]
fn path_parameters_with_the_same_rust_name_are_rejected() {
    let param = |name: &str| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } });
    let mut op = operation("getA");
    op["parameters"] = json!([param("order-id"), param("order_id")]);
    let d = err(with_paths(
        json!({ "/a/{order-id}/{order_id}": { "get": op } }),
    ));
    check(
        &d,
        "/paths/~1a~1{order-id}~1{order_id}/get/parameters/1",
        &["`order_id`", "path parameter `order-id` already uses"],
    );
}

#[test]
fn headers_with_the_same_config_field_are_rejected() {
    let header = |name: &str| json!({ "name": name, "in": "header", "required": true, "schema": { "type": "string" } });
    let mut op = operation("getA");
    op["parameters"] = json!([header("x-site-id"), header("site-id")]);
    let d = err(with_paths(json!({ "/a": { "get": op } })));
    check(
        &d,
        "/paths/~1a/get/parameters/1",
        &["x-site-id", "site-id", "site_id"],
    );
}

#[test]
fn a_property_named_build_is_rejected() {
    let d = schemas_err(json!({
        "Job": { "type": "object", "properties": { "build": { "type": "string" } } }
    }));
    check(&d, "/components/schemas/Job/properties/build", &["build"]);
}

#[test]
fn a_component_defined_as_itself_is_rejected() {
    let d = schemas_err(json!({ "Loop": { "$ref": "#/components/schemas/Loop" } }));
    check(&d, "/components/schemas/Loop", &["Loop", "itself"]);
}

#[test]
fn keywords_that_do_not_apply_are_rejected() {
    let d = schemas_err(json!({
        "Name": { "type": "string", "items": { "type": "string" } }
    }));
    check(&d, "/components/schemas/Name", &["items", "does not apply"]);
    let d = schemas_err(json!({
        "Bag": { "type": "object", "required": ["a"] }
    }));
    check(
        &d,
        "/components/schemas/Bag",
        &["required", "does not apply"],
    );
}

#[test]
fn conditionals_outside_an_all_of_branch_are_rejected() {
    let d = schemas_err(json!({
        "Thing": {
            "type": "object",
            "properties": { "a": { "type": "boolean" } },
            "if": { "properties": { "a": { "const": true } } }
        }
    }));
    check(&d, "/components/schemas/Thing", &["if/then/else"]);
}

#[test]
fn a_nullable_struct_component_is_rejected() {
    let d = schemas_err(json!({
        "Thing": { "type": ["object", "null"], "properties": { "a": { "type": "string" } } }
    }));
    check(&d, "/components/schemas/Thing", &["nullable"]);
}

/// Every place in the generator that makes a diagnostic gives it help: each
/// `Diagnostic::new(file, pointer, message, help)` and each `.error(message, help)` of the spec
/// reader, found in the source tokens, has a help argument that is not the empty string.
#[test]
fn every_diagnostic_of_the_generator_has_help() {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};

    /// The top-level, comma-separated arguments of a parenthesized group.
    fn arguments(group: &proc_macro2::Group) -> Vec<Vec<TokenTree>> {
        let mut args = vec![Vec::new()];
        for token in group.stream() {
            match &token {
                TokenTree::Punct(p) if p.as_char() == ',' => args.push(Vec::new()),
                _ => args.last_mut().unwrap().push(token),
            }
        }
        args.retain(|a| !a.is_empty());
        args
    }
    fn is_empty_string(arg: &[TokenTree]) -> bool {
        matches!(arg, [TokenTree::Literal(l)] if l.to_string() == "\"\"")
    }
    fn walk(stream: TokenStream, file: &str, sites: &mut usize, missing: &mut Vec<String>) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        for (i, token) in tokens.iter().enumerate() {
            if let TokenTree::Group(group) = token {
                walk(group.stream(), file, sites, missing);
                if group.delimiter() != Delimiter::Parenthesis || i == 0 {
                    continue;
                }
                let name = tokens[i - 1].to_string();
                let before = |k: usize| i.checked_sub(k).map(|j| tokens[j].to_string());
                let help = match name.as_str() {
                    // `Diagnostic::new(file, pointer, message, help)`
                    "new" if before(4).as_deref() == Some("Diagnostic") => {
                        arguments(group).get(3).cloned()
                    }
                    // `node.error(message, help)`, `schema.error(message, help)`, and the
                    // `located(message, help)` helper of lowering
                    "error" if before(2).as_deref() == Some(".") => {
                        let args = arguments(group);
                        (args.len() == 2).then(|| args[1].clone())
                    }
                    "located" => {
                        let args = arguments(group);
                        (args.len() == 2).then(|| args[1].clone())
                    }
                    _ => continue,
                };
                let Some(help) = help else { continue };
                *sites += 1;
                if is_empty_string(&help) {
                    let call: String = group.to_string().chars().take(80).collect();
                    missing.push(format!("{file}: {name}{call}"));
                }
            }
        }
    }

    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    let (mut sites, mut missing) = (0, Vec::new());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let stream: TokenStream = text.parse().unwrap();
        let file = path.strip_prefix(&src).unwrap().display().to_string();
        walk(stream, &file, &mut sites, &mut missing);
    }
    // The scan finds the generator's diagnostics (110 call sites when written; a few more go
    // through helpers that supply the help themselves): a much lower count means it broke.
    assert!(sites >= 90, "only {sites} diagnostic sites found");
    assert!(
        missing.is_empty(),
        "diagnostics without help (of {sites}): {}",
        missing.join(", ")
    );
}
