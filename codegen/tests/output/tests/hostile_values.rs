//! Values through the modules of hostile accept cases whose classes once held only by compiling:
//! request bodies of every kind are checked by `build_*` and accepted by the test kit's three
//! checks, every documented status parses to its variant, and webhook payloads of every shape
//! are signed and received. Hand-written (xtask only manages `src/` and `summary/` of this crate).

use codegen_fixtures::support::WebhookSecrets;
use codegen_fixtures::Credentials;
use serde_json::{json, Value};

/// `body` read as the request type of `build`, built, and handled by a fresh kit, which must
/// find nothing wrong with it (it answers 501: these operations document no example).
macro_rules! kit_accepts {
    ($m:ident, $build:ident, $ty:ident, $body:expr $(, $param:expr)*) => {{
        use codegen_fixtures::$m as m;
        let config = m::Config::new(Credentials::basic("user", "key"));
        let body: m::$ty = serde_json::from_value($body).unwrap();
        let request = m::$build(&config $(, $param)*, &body).unwrap();
        let mock = m::testkit::Mock::new();
        assert_eq!(mock.handle(request).status(), 501);
        let problems = mock.take_violations();
        assert!(problems.is_empty(), "{}: {problems:#?}", stringify!($build));
        mock.disarm();
    }};
}

#[test]
fn request_bodies_of_every_kind_are_checked_and_pass_the_kit() {
    use codegen_fixtures::request_body_kinds::*;
    let config = Config::new(Credentials::basic("user", "key"));
    let sent = build_enum_body(&config, &Kind::A).unwrap();
    assert_eq!(sent.body().as_ref(), b"\"a\"");
    let refused = build_union_body(&config, &U::Name("toolong".into())).unwrap_err();
    assert!(
        refused.to_string().contains("longer than the maximum of 4"),
        "{refused}"
    );
    let stock: Stock = serde_json::from_value(json!({"quantity": 0})).unwrap();
    let refused = build_cond_body(&config, &stock).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("quantity: is 0, less than the minimum of 1"),
        "{refused}"
    );
    let all: AllThing = serde_json::from_value(json!({"id": "abcd"})).unwrap();
    let refused = build_all_of_body(&config, &all).unwrap_err();
    assert!(
        refused.to_string().contains("id: is 4 characters long"),
        "{refused}"
    );

    kit_accepts!(request_body_kinds, build_enum_body, Kind, json!("b"));
    kit_accepts!(request_body_kinds, build_union_body, U, json!("abc"));
    kit_accepts!(
        request_body_kinds,
        build_union_body,
        U,
        json!({"id": "abc"})
    );
    kit_accepts!(request_body_kinds, build_rec_body, Tree, json!([[], [[]]]));
    kit_accepts!(
        request_body_kinds,
        build_cond_body,
        Stock,
        json!({"infinite": true})
    );
    kit_accepts!(
        request_body_kinds,
        build_cond_body,
        Stock,
        json!({"quantity": 3})
    );
    kit_accepts!(
        request_body_kinds,
        build_all_of_body,
        AllThing,
        json!({"id": "a"})
    );
    kit_accepts!(
        typed_maps_and_nullables,
        build_nulls,
        N,
        json!({"a": ["x"], "b": {"k": 2}, "c": null, "d": null, "e": null, "g": null})
    );
    kit_accepts!(
        typed_maps_and_nullables,
        build_nulls,
        N,
        json!({"a": [], "b": {}, "c": [{"x": "y"}], "d": {"x": "z"}, "e": {"k": {"x": "q"}}, "f": [[1.5]], "g": true})
    );
    kit_accepts!(
        typed_maps_and_nullables,
        build_maps,
        M,
        json!({"structs": {"a": {"x": "t"}}, "enums": {"k": "a"}, "lists": {"l": ["a"]},
               "nested": {"a": {"b": {"x": "y"}}}, "inline": {"i": {"y": 1}}})
    );
}

#[test]
fn map_values_are_checked_one_by_one() {
    use codegen_fixtures::support::Validate;
    use codegen_fixtures::typed_maps_and_nullables::M;
    let m: M = serde_json::from_value(json!({
        "structs": {"a": {"x": "too long"}}, "enums": {"k": "zz"}, "lists": {"l": ["aa", "b", "c"]},
        "inline": {"i": {"y": 9}}, "short": {"s": "nope"}
    }))
    .unwrap();
    let paths: Vec<String> = m
        .validate()
        .unwrap_err()
        .iter()
        .map(|v| v.path.to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "structs.a.x",
            "enums.k",
            "lists.l",
            "lists.l[0]",
            "inline.i.y",
            "short.s",
            "short.s"
        ]
    );
}

#[test]
fn nullable_containers_keep_null_apart_from_absent() {
    use codegen_fixtures::typed_maps_and_nullables::N;
    for value in [
        json!({"a": [], "b": {}, "c": null, "d": null, "e": null, "g": null}),
        json!({"a": ["x"], "b": {"k": 2}, "c": [{"x": "y"}], "d": {"x": "z"}, "e": {"k": {"x": "q"}}, "f": [[1.5]], "g": false}),
    ] {
        let typed: N = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), value);
    }
}

#[test]
fn every_documented_status_parses_to_its_variant() {
    use codegen_fixtures::statuses_and_shared_responses::*;
    let answer = |status: u16, body: &str| {
        http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap()
    };
    let thing = Thing::builder().id("a").build();
    assert_eq!(
        parse_multi(&answer(200, r#"{"id":"a"}"#)).unwrap(),
        MultiResponse::Ok(thing.clone())
    );
    assert_eq!(
        parse_multi(&answer(201, r#"{"id":"a"}"#)).unwrap(),
        MultiResponse::Created(thing.clone())
    );
    assert_eq!(
        parse_multi(&answer(202, "")).unwrap(),
        MultiResponse::Accepted
    );
    assert_eq!(
        parse_multi(&answer(203, r#"[{"id":"a"}]"#)).unwrap(),
        MultiResponse::Status203(vec![thing.clone()])
    );
    assert_eq!(
        parse_multi(&answer(204, "")).unwrap(),
        MultiResponse::NoContent
    );
    assert_eq!(
        parse_multi(&answer(206, r#""text""#)).unwrap(),
        MultiResponse::Status206("text".into())
    );
    let error = |status, body| {
        parse_multi(&answer(status, body))
            .unwrap_err()
            .api()
            .cloned()
    };
    assert_eq!(
        error(400, r#"{"id":"a"}"#),
        Some(MultiError::BadRequest(thing.clone()))
    );
    assert_eq!(
        error(422, r#"{"id":"a"}"#),
        Some(MultiError::UnprocessableEntity(thing.clone()))
    );
    assert_eq!(
        error(409, r#""busy""#),
        Some(MultiError::Conflict("busy".into()))
    );
    assert_eq!(error(404, ""), Some(MultiError::NotFound));
    assert!(matches!(
        error(500, r#""zz""#),
        Some(MultiError::InternalServerError(Kind::Unrecognized(_)))
    ));
    assert_eq!(
        parse_only_errors(&answer(400, r#"{"id":"a"}"#))
            .unwrap_err()
            .api(),
        Some(&OnlyErrorsError::BadRequest(thing))
    );
    assert!(parse_only_errors(&answer(200, "")).is_err());
}

#[test]
fn webhook_payloads_of_every_shape_are_signed_and_received() {
    use codegen_fixtures::webhook_payload_shapes::webhooks::*;
    use codegen_fixtures::webhook_payload_shapes::{Bank, Method, Status};
    let secrets = WebhookSecrets::new("s3cret");
    let body = br#"{"iban":"DE00"}"#;
    let headers = sign_method_added(&MethodAddedHeaders {}, body, "s3cret").unwrap();
    let bank = Bank::builder().iban("DE00").build();
    assert_eq!(
        receive_method_added(&headers, body, &secrets).unwrap(),
        Method::Bank(bank)
    );
    let body = br#"["a","b","c","d"]"#;
    let headers = sign_got_list(&GotListHeaders {}, body, "s3cret").unwrap();
    assert_eq!(receive_got_list(&headers, body, &secrets).unwrap().len(), 4);
    let body = br#"{"nested":[null,{"x":null}]}"#;
    let headers = sign_got_anything(&GotAnythingHeaders {}, body, "s3cret").unwrap();
    let received = receive_got_anything(&headers, body, &secrets).unwrap();
    assert_eq!(
        serde_json::to_value(received).unwrap(),
        serde_json::from_slice::<Value>(body).unwrap()
    );
    let body = br#""later""#;
    let headers = sign_got_enum_again(&GotEnumAgainHeaders {}, body, "s3cret").unwrap();
    let received = receive_got_enum_again(&headers, body, &secrets).unwrap();
    assert!(matches!(received, Status::Unrecognized(_)), "{received:?}");
    assert!(
        receive_got_enum(&headers, b"\"ok\"", &secrets).is_err(),
        "a signature covers the body"
    );
}

/// The plain SHA-256 over `X-Ts`, the secret, `x-nonce`, the body, `X-Tenant` and `X-Ts` again,
/// base64; the expected value computed outside the crate:
/// `printf '%s' '1700000000s3cretn{"id":"e1"}t1700000000' | sha256sum | cut -d' ' -f1 | xxd -r -p | base64`.
#[test]
fn a_header_signed_twice_and_the_secret_between_headers() {
    use codegen_fixtures::webhook_payload_shapes::webhooks::*;
    let headers = SignedWithHeadersHeaders {
        ts: "1700000000".into(),
        nonce: "n".into(),
        tenant: "t".into(),
        opt: None,
        r#type: "x".into(),
        self_: "y".into(),
    };
    let body = br#"{"id":"e1"}"#;
    let signed = sign_signed_with_headers(&headers, body, "s3cret").unwrap();
    assert_eq!(
        signed["X-Sig"],
        "zdNc0eAKjPPW3+mC2QWh+za9iggYFeq7895ZJj5S5u4="
    );
    let received =
        receive_signed_with_headers(&signed, body, &WebhookSecrets::new("s3cret")).unwrap();
    assert_eq!(received.id, "e1");
}

/// Integer bounds compared exactly (`integer_bounds_exact`): as `f64`, 2^53 + 1 passed a maximum
/// of 2^53 and a minimum of 2^53 + 1 read as 2^53.
#[test]
fn integer_bounds_beyond_two_to_the_53_are_exact() {
    use codegen_fixtures::integer_bounds_exact::*;
    let config = Config::new(Credentials::basic("user", "key"));
    let two_53 = 9_007_199_254_740_992_i64;
    let fine = Counts::builder()
        .up_to2p53(two_53)
        .from2p53p1(two_53 + 1)
        .int64(i64::MIN)
        .half(1)
        .build();
    build_put_counts(&config, &fine).unwrap();
    let wrong = Counts::builder()
        .up_to2p53(two_53 + 1)
        .from2p53p1(two_53)
        .half(0)
        .build();
    let refused = build_put_counts(&config, &wrong).unwrap_err().to_string();
    for expected in [
        "upTo2p53: is 9007199254740993, more than the maximum of 9007199254740992",
        "from2p53p1: is 9007199254740992, less than the minimum of 9007199254740993",
        "half: is 0, less than the minimum of 1",
    ] {
        assert!(refused.contains(expected), "{refused}");
    }
}

/// An API with webhooks and no operations (the fixture `notifications`) has a test kit too: its
/// notifications, signed, are received, and the variants a receiver must refuse are refused.
#[test]
fn a_kit_for_an_api_with_only_webhooks() {
    use codegen_fixtures::notifications::testkit::payment_settled_notification;
    use codegen_fixtures::notifications::webhooks::{
        receive_payment_settled_request, PaymentSettledHeaders,
    };
    use codegen_fixtures::notifications::{Settlement, SettlementStatus};
    use codegen_fixtures::support::testkit::Signing;
    let payload = Settlement::builder()
        .id("S1")
        .status(SettlementStatus::Settled)
        .build();
    let headers = PaymentSettledHeaders {
        timestamp: "1700000000".into(),
        delivery_key: "k".into(),
        attempt: None,
    };
    let notification = payment_settled_notification(&payload, &headers, "s3cret").unwrap();
    let secrets = WebhookSecrets::new("s3cret");
    let received =
        receive_payment_settled_request(&notification.request(Signing::Valid), &secrets).unwrap();
    assert_eq!(received, payload);
    for signing in Signing::REFUSED {
        let request = notification.request(signing);
        assert!(
            receive_payment_settled_request(&request, &secrets).is_err(),
            "{signing:?}"
        );
    }
}

/// Rules on what the user passes as text (`parameter_rules_and_formats`): path parameters'
/// `format`, `maxLength` and `enum`, a header setting's `enum` (all read and never checked
/// before), and the `uuid` and `byte` formats wherever they stand; a valid request passes the
/// test kit (whose JSON Schema check knows `uuid`).
#[test]
fn parameter_rules_and_uuid_and_byte_formats_are_checked() {
    use codegen_fixtures::parameter_rules_and_formats::testkit::{example_config, Mock};
    use codegen_fixtures::parameter_rules_and_formats::*;
    let id = "123e4567-e89b-12d3-a456-426614174000";
    let file: File = serde_json::from_value(json!({
        "id": id, "content": "aGk=", "parents": [id], "chunks": {"a": "+/8="}
    }))
    .unwrap();
    let config = example_config(Credentials::basic("user", "key"));
    let request = build_put_file(&config, id, "12", "beta", &file).unwrap();
    let mock = Mock::new();
    assert_eq!(mock.handle(request).status(), 501);
    assert!(mock.take_violations().is_empty());
    mock.disarm();

    let config = Config::new(Credentials::basic("user", "key"), "2025-6");
    let wrong: File = serde_json::from_value(json!({
        "id": "123e4567", "content": "aGk", "parents": ["x"], "chunks": {"a": "-_8="}
    }))
    .unwrap();
    let refused = build_put_file(&config, "not-a-uuid", "1234", "alpha", &wrong)
        .unwrap_err()
        .to_string();
    for expected in [
        "fileId: is not a valid UUID",
        "version: is 4 characters long, longer than the maximum of 3",
        "channel: is `alpha`, not one of the values the spec lists: `stable`, `beta`",
        "Api-Version: is `2025-6`, not one of the values the spec lists: `2024-01`, `2025-06`",
        "id: is not a valid UUID",
        "content: is not a valid standard base64 with padding",
        "parents[0]: is not a valid UUID",
        "chunks.a: is not a valid standard base64 with padding",
    ] {
        assert!(refused.contains(expected), "{expected}: {refused}");
    }
}

/// A header setting's own rules are checked by `build_*` (`x-site-id` of the fixture
/// `http_operations` has `minLength: 8`): they were kept in the IR and never checked.
#[test]
fn header_setting_rules_are_checked() {
    use codegen_fixtures::http_operations::{build_delete_order, Config};
    let short = Config::new(Credentials::basic("user", "key"), "site");
    let refused = build_delete_order(&short, "A1").unwrap_err().to_string();
    assert!(
        refused.contains("x-site-id: is 4 characters long, shorter than the minimum of 8"),
        "{refused}"
    );
    let fine = Config::new(Credentials::basic("user", "key"), "site-0001");
    build_delete_order(&fine, "A1").unwrap();
}
