//! Named arrays and maps that contain themselves (hostile accept case
//! `recursive_named_containers`): generated as newtypes, they read and write the same JSON as the
//! value they hold, are checked before sending like any other value, and have a JSON Schema.
//! Hand-written (xtask only manages `src/` and `summary/` of this crate).

use codegen_fixtures::recursive_named_containers::{
    build_send_holder, parse_send_holder, Config, Forest, Holder, Json, Left, MapAlias, MapOfLists,
    Nested, Ping, SendHolderError, Tree, TreeOrText, Words, WordsItem,
};
use codegen_fixtures::{Credentials, Error, RequestError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Reads `value` as `T` and writes it back: the same JSON.
fn round_trip<T: Serialize + DeserializeOwned + std::fmt::Debug>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(serde_json::to_value(&typed).unwrap(), value, "{typed:?}");
    typed
}

#[test]
fn recursive_values_round_trip() {
    let tree: Tree = round_trip(json!([[], [[], [[]]], []]));
    assert_eq!(tree.0.len(), 3);
    assert_eq!(tree.0[1].0[1], Tree(vec![Tree::default()]));
    round_trip::<Tree>(json!([]));
    let forest: Forest = round_trip(json!({"a": {}, "b": {"c": {"d": {}}}}));
    assert_eq!(forest.0["b"].0["c"].0.len(), 1);
    round_trip::<Ping>(json!([{}, {"x": [{}, {"y": []}]}]));
    round_trip::<Left>(json!([[], [[[]]]]));
    round_trip::<Nested>(json!([[], [[], [[[]]]]]));
    round_trip::<MapOfLists>(json!({"a": [], "b": [{}, {"c": [{}]}]}));
    let holder: Holder = round_trip(json!({
        "tree": [[]],
        "maybeTree": null,
        "forest": {"a": {}},
        "mixed": ["a", 1, ["b", [2]]],
        "either": {"k": {}},
        "trees": [[], [[]]]
    }));
    assert!(matches!(holder.either, Some(TreeOrText::Forest(_))));
    let json: Json = round_trip(json!({"a": [1.5, "x", true, {"b": []}]}));
    assert!(matches!(json, Json::Object(_)));
    round_trip::<Words>(json!(["a", ["b", ["c"]], []]));
    round_trip::<MapAlias>(json!({"a": {}, "b": {"c": {"d": {}}}}));
    // Not a list of lists: refused with the path of the offending value.
    let err = serde_json::from_value::<Tree>(json!([[1]])).unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
}

#[test]
fn recursive_values_are_checked_before_sending() {
    let config = Config::new(Credentials::basic("user", "password"));
    let ok = Holder::builder()
        .tree(vec![Tree::default(), Tree::default()])
        .build();
    assert!(build_send_holder(&config, &ok).is_ok());
    // `maxItems: 2` beside the `$ref` in `Holder`, `maxItems: 5` of `Tree` itself (deep inside),
    // `minItems: 1` beside the `$ref` to `Left` and `maxItems: 3` of `Left`'s own `$ref`.
    let deep = Tree(vec![Tree(vec![Tree::default(); 6])]);
    let bad = Holder::builder()
        .tree(vec![Tree::default(), Tree::default(), deep])
        .left(Left::default())
        .build();
    match build_send_holder(&config, &bad) {
        Err(RequestError::InvalidRequest(violations)) => {
            let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["tree[2][0]", "tree", "left"], "{violations:?}");
        }
        other => panic!("expected the violations, got {other:?}"),
    }
    let long_left = Left(codegen_fixtures::recursive_named_containers::Right(vec![
        Left::default();
        4
    ]));
    let bad = Holder::builder().tree(Vec::new()).left(long_left).build();
    match build_send_holder(&config, &bad) {
        Err(RequestError::InvalidRequest(violations)) => {
            assert_eq!(violations.len(), 1, "{violations:?}");
            assert_eq!(violations[0].path, "left");
        }
        other => panic!("expected the violation, got {other:?}"),
    }
}

#[test]
fn recursive_values_are_checked_at_every_depth() {
    // `pattern: ^[a-z]+$` on the words of a list of words and lists of words.
    let config = Config::new(Credentials::basic("user", "password"));
    let words: Words = vec![
        WordsItem::Word("ok".into()),
        WordsItem::Words(vec![WordsItem::Words(vec![WordsItem::Word("Bad".into())])]),
    ];
    let holder = Holder::builder().tree(Vec::new()).words(words).build();
    match build_send_holder(&config, &holder) {
        Err(RequestError::InvalidRequest(violations)) => {
            assert_eq!(violations.len(), 1, "{violations:?}");
            assert_eq!(violations[0].path, "words[1][0][0]");
        }
        other => panic!("expected the violation, got {other:?}"),
    }
}

#[test]
fn recursive_values_are_parsed_from_responses() {
    let response = |status: u16, body: &str| {
        http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap()
    };
    let holder = parse_send_holder(&response(200, r#"{"tree":[[[]]],"maybeTree":[]}"#)).unwrap();
    assert_eq!(holder.maybe_tree, Some(Tree::default()));
    match parse_send_holder(&response(409, r#"{"a":{"b":{}}}"#)) {
        Err(Error::Api {
            error: SendHolderError::Conflict(forest),
            ..
        }) => {
            assert!(forest.0["a"].0.contains_key("b"))
        }
        other => panic!("{other:?}"),
    }
}

#[cfg(feature = "schemars")]
#[test]
fn recursive_values_have_a_finite_json_schema() {
    // A fully transparent newtype would inline its schema into itself without end.
    let schema = serde_json::to_value(schemars::schema_for!(Holder)).unwrap();
    let text = schema.to_string();
    assert!(text.contains("\"Tree\""), "{text}");
    assert!(text.len() < 20_000, "{}", text.len());
}
