use serde_json::{json, Value};
fn doc(schemas: Value, paths: Value) -> String {
    json!({"openapi":"3.1.0","info":{"title":"T","version":"1"},"servers":[{"url":"https://x"}],"paths":paths,"components":{"schemas":schemas}}).to_string()
}
fn probe(label: &str, text: String) {
    let input = codegen::SpecInput {
        module: "t".into(),
        path: "t.json".into(),
        text,
    };
    match codegen::load(&input) {
        Ok(api) => match codegen::render_api(&api) {
            Ok(_) => println!("{label}: ACCEPTED"),
            Err(e) => println!("{label}: RENDER ERR {e}"),
        },
        Err(e) => println!("{label}: err {e}"),
    }
}
#[test]
fn probe_all() {
    let p = json!({"a":{"type":"boolean"},"b":{"type":"string"}});
    probe(
        "top if",
        doc(
            json!({"X":{"type":"object","properties":p,"if":{"properties":{"a":{"const":true}},"required":["a"]},"then":{"not":{"required":["b"]}},"else":{"required":["b"]}}}),
            json!({}),
        ),
    );
    probe(
        "top not",
        doc(
            json!({"X":{"type":"object","properties":p,"not":{"required":["a"]}}}),
            json!({}),
        ),
    );
    probe(
        "top const",
        doc(json!({"X":{"type":"string","const":"a"}}), json!({})),
    );
    probe(
        "string with items",
        doc(
            json!({"X":{"type":"object","properties":{"a":{"type":"string","items":{"type":"string"}}}}}),
            json!({}),
        ),
    );
    probe(
        "string with properties",
        doc(
            json!({"X":{"type":"string","properties":{"a":{"type":"string"}}}}),
            json!({}),
        ),
    );
    probe(
        "required without properties",
        doc(json!({"X":{"type":"object","required":["a"]}}), json!({})),
    );
    probe(
        "nullable struct component",
        doc(
            json!({"X":{"type":["object","null"],"properties":{"a":{"type":"string"}}}}),
            json!({}),
        ),
    );
    probe(
        "nullable enum component",
        doc(
            json!({"X":{"type":["string","null"],"enum":["a"]}}),
            json!({}),
        ),
    );
    probe(
        "minLength on integer",
        doc(json!({"X":{"type":"integer","minLength":3}}), json!({})),
    );
    probe(
        "format email on integer",
        doc(json!({"X":{"type":"integer","format":"email"}}), json!({})),
    );
    let op = |id: &str| json!({"operationId":id,"responses":{"204":{"description":"ok"}}});
    probe(
        "duplicate operationId",
        doc(
            json!({}),
            json!({"/a":{"get":op("getIt")},"/b":{"get":op("getIt")}}),
        ),
    );
    probe(
        "operationIds same snake",
        doc(
            json!({}),
            json!({"/a":{"get":op("getIt")},"/b":{"get":op("get_it")}}),
        ),
    );
    let hp = |name: &str| json!({"name":name,"in":"header","schema":{"type":"string"}});
    probe(
        "headers same rust",
        doc(
            json!({}),
            json!({"/a":{"get":{"operationId":"a","parameters":[hp("x-site-id"), hp("site-id")],"responses":{"204":{"description":"ok"}}}}}),
        ),
    );
    let pp =
        |name: &str| json!({"name":name,"in":"path","required":true,"schema":{"type":"string"}});
    probe(
        "path params same rust",
        doc(
            json!({}),
            json!({"/a/{order-id}/{order_id}":{"get":{"operationId":"a","parameters":[pp("order-id"), pp("order_id")],"responses":{"204":{"description":"ok"}}}}}),
        ),
    );
    probe(
        "path param keyword",
        doc(
            json!({}),
            json!({"/a/{type}":{"get":{"operationId":"a","parameters":[pp("type")],"responses":{"204":{"description":"ok"}}}}}),
        ),
    );
    probe(
        "path placeholder undeclared",
        doc(
            json!({}),
            json!({"/a/{id}":{"get":{"operationId":"a","responses":{"204":{"description":"ok"}}}}}),
        ),
    );
    probe(
        "204 with body",
        doc(
            json!({}),
            json!({"/a":{"get":{"operationId":"a","responses":{"204":{"description":"ok","content":{"application/json":{"schema":{"type":"string"}}}}}}}}),
        ),
    );
    probe(
        "operationId keyword",
        doc(json!({}), json!({"/a":{"get":op("type")}})),
    );
    probe(
        "operationId PascalCase",
        doc(json!({}), json!({"/a":{"get":op("GetIt")}})),
    );
    probe(
        "status default",
        doc(
            json!({}),
            json!({"/a":{"get":{"operationId":"a","responses":{"default":{"description":"x"}}}}}),
        ),
    );
    probe(
        "enum var Ok with None",
        doc(
            json!({"X":{"type":"string","enum":["Some","None","Ok","Err","Default"]}}),
            json!({}),
        ),
    );
    probe(
        "property named builder",
        doc(
            json!({"X":{"type":"object","properties":{"builder":{"type":"string"},"build":{"type":"string"}}}}),
            json!({}),
        ),
    );
    probe(
        "prop named r0",
        doc(
            json!({"X":{"type":"object","required":["value"],"properties":{"value":{"type":"string"},"self":{"type":"string"}}}}),
            json!({}),
        ),
    );
    probe(
        "component String-like alias Option",
        doc(json!({"Some":{"type":"string"}}), json!({})),
    );
    probe(
        "component named Redacted",
        doc(json!({"Redacted":{"type":"string"}}), json!({})),
    );
    probe(
        "component named Wire",
        doc(
            json!({"Wire":{"type":"object","properties":{"a":{"type":"string"}}}}),
            json!({}),
        ),
    );
    probe(
        "component named serde",
        doc(json!({"serde":{"type":"string"}}), json!({})),
    );
    probe(
        "component named Vec2",
        doc(json!({"std":{"type":"string"}}), json!({})),
    );
    probe(
        "union of two untitled same ref",
        doc(
            json!({"A":{"type":"string"},"U":{"oneOf":[{"$ref":"#/components/schemas/A"},{"$ref":"#/components/schemas/A"}]}}),
            json!({}),
        ),
    );
    probe(
        "allOf enum ref",
        doc(
            json!({"E":{"type":"string","enum":["a"]},"X":{"allOf":[{"$ref":"#/components/schemas/E"}]}}),
            json!({}),
        ),
    );
    probe(
        "allOf with only description",
        doc(
            json!({"A":{"type":"object","properties":{"a":{"type":"string"}}},"X":{"type":"object","properties":{"r":{"allOf":[{"$ref":"#/components/schemas/A"}],"description":"d"}}}}),
            json!({}),
        ),
    );
    probe(
        "empty enum desc",
        doc(
            json!({"X":{"type":"string","enum":["a"],"x-enum-descriptions":{}}}),
            json!({}),
        ),
    );
    probe(
        "x-sensitive string",
        doc(
            json!({"X":{"type":"string","x-sensitive":"yes"}}),
            json!({}),
        ),
    );
    probe(
        "items nullable",
        doc(
            json!({"X":{"type":"array","items":{"type":["string","null"]}}}),
            json!({}),
        ),
    );
    probe(
        "self ref alias",
        doc(json!({"X":{"$ref":"#/components/schemas/X"}}), json!({})),
    );
    probe(
        "alias cycle",
        doc(
            json!({"X":{"$ref":"#/components/schemas/Y"},"Y":{"$ref":"#/components/schemas/X"}}),
            json!({}),
        ),
    );
    probe(
        "required direct cycle",
        doc(
            json!({"X":{"type":"object","required":["x"],"properties":{"x":{"$ref":"#/components/schemas/X"}}}}),
            json!({}),
        ),
    );
    probe(
        "conditional dependent struct inline",
        doc(
            json!({"P":{"type":"object","properties":{"f":{"type":"boolean"},"d":{"type":"object","properties":{"z":{"type":"string"}}}},"allOf":[{"title":"Cond","if":{"properties":{"f":{"const":true}},"required":["f"]},"then":{"not":{"required":["d"]}},"else":{"required":["d"]}}]}}),
            json!({}),
        ),
    );
    probe(
        "description non-string",
        doc(json!({"X":{"type":"string","description":3}}), json!({})),
    );
    probe(
        "doc with */",
        doc(
            json!({"X":{"type":"string","description":"a */ b \"quoted\" \\ backslash\n\n```\nnot rust\n```"}}),
            json!({}),
        ),
    );
}
