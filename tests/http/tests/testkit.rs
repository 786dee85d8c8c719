//! The generated test kits (`forter::testkit`, `forte::testkit`, feature `test-kit`) as a
//! downstream crate uses them: typed rules, scenarios from the spec's examples, sequences with
//! `Retry-After`, requests checked against the spec, the call log, expectations checked on drop,
//! the no-match message, both transports (in process and a 127.0.0.1 socket) and every fault.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use commerce_apis::forte::testkit::{CreateProduct, GetProduct, ListProducts};
use commerce_apis::forte::{self, CreateProductError, CreateProductRequest, ProductNotFound};
use commerce_apis::forter::testkit::{Mock, ValidateOrder};
use commerce_apis::forter::{self, ForterDecision, OrderType, V3OrderRequest};
use commerce_apis::support::testkit::{Fault, ProblemSource, Reply, Times};
use commerce_apis::{ClientOptions, Credentials, Error, RetryPolicy, TransportErrorKind};
use serde_json::{json, Value};

fn config() -> forter::Config {
    forter::testkit::example_config(Credentials::basic("sk_test_secret", ""))
}

fn order(id: &str) -> V3OrderRequest {
    let mut json: Value = serde_json::from_str(include_str!(
        "../../../spec/forter/examples/validate_order.request.json"
    ))
    .unwrap();
    json["orderId"] = json!(id);
    serde_json::from_value(json).unwrap()
}

/// Retries for POST too, so that `validate_order` is retried after a 503.
fn retrying() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            retry_non_idempotent: true,
            jitter: false,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

#[test]
fn example_config_holds_the_spec_examples_of_the_required_headers() {
    let config = config();
    assert_eq!(config.api_version(), "10.1");
    assert_eq!(config.site_id(), "8b47c6d423ba");
    assert_eq!(config.base_url(), forter::Config::DEFAULT_BASE_URL);
    // Forte has no header settings: credentials only.
    let forte = forte::testkit::example_config(Credentials::basic("shop", "secret"));
    assert_eq!(forte.base_url(), forte::Config::DEFAULT_BASE_URL);
}

/// The fault rules both transports are tested with: `SLOW` answers after `delay`, `RESET` resets
/// the connection, `CUT` cuts the body short, `BIG` sends a body of `big` bytes.
fn fault_rules(mock: &Mock, delay: Duration, big: usize) {
    mock.on_validate_order()
        .when(|c| c.id == "SLOW")
        .reply(ValidateOrder::approve())
        .delay(delay);
    mock.on_validate_order()
        .when(|c| c.id == "RESET")
        .fault(Fault::Reset);
    mock.on_validate_order()
        .when(|c| c.id == "CUT")
        .fault(Fault::TruncatedBody);
    mock.on_validate_order()
        .when(|c| c.id == "BIG")
        .fault(Fault::OversizedBody(big));
}

fn panic_message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("a panic");
    err.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[tokio::test]
async fn without_rules_each_operation_answers_its_documented_example() {
    let mock = Mock::new();
    let client = mock.client(config());
    let decision = client.validate_order("A1", &order("A1")).await.unwrap();
    // spec/forter/examples/validate_order.200.json
    assert_eq!(decision.forter_decision, ForterDecision::Approve);
    assert_eq!(decision.order_id.as_deref(), Some("123456"));
}

#[tokio::test]
async fn typed_rules_match_on_path_parameters_and_body_first_match_wins() {
    let mock = Mock::new();
    mock.on_validate_order()
        .when(|call| call.id == "BAD" && call.body.order_id == "BAD")
        .reply(ValidateOrder::decline());
    mock.on_validate_order()
        .when(|call| call.body.total_amount.amount_usd.as_deref() == Some("9999.00"))
        .reply(ValidateOrder::verification_required());
    mock.on_validate_order().reply(ValidateOrder::approve());
    let client = mock.client(config());
    let bad = client.validate_order("BAD", &order("BAD")).await.unwrap();
    let good = client.validate_order("GOOD", &order("GOOD")).await.unwrap();
    assert_eq!(bad.forter_decision, ForterDecision::Decline);
    assert_eq!(good.forter_decision, ForterDecision::Approve);
    let calls = mock.calls_to::<ValidateOrder>();
    assert_eq!(
        calls.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["BAD", "GOOD"]
    );
    assert_eq!(
        calls.iter().map(|c| c.record.rule).collect::<Vec<_>>(),
        [Some(0), Some(2)]
    );
}

#[tokio::test]
async fn every_documented_scenario_parses_as_its_outcome() {
    let mock = Mock::new();
    let client = mock.client(config());
    for (reply, expected) in [
        (ValidateOrder::approve(), ForterDecision::Approve),
        (ValidateOrder::decline(), ForterDecision::Decline),
        (ValidateOrder::not_reviewed(), ForterDecision::NotReviewed),
        (
            ValidateOrder::verification_required(),
            ForterDecision::VerificationRequired,
        ),
    ] {
        mock.on_validate_order().reply(reply).times(1);
        let decision = client.validate_order("A1", &order("A1")).await.unwrap();
        assert_eq!(decision.forter_decision, expected);
    }
}

#[tokio::test]
async fn typed_errors_raw_responses_and_computed_replies() {
    let mock = Mock::new();
    mock.on_validate_order()
        .reply_with(|call| {
            Reply::json(
                200,
                &json!({"forterDecision": "DECLINE", "orderId": call.id}),
            )
        })
        .times(1)
        .http(
            commerce_apis::http::Response::builder()
                .status(500)
                .body(br#"{"message":"boom"}"#.to_vec())
                .unwrap(),
        )
        .times(1)
        .error(forter::ValidateOrderError::NotFound(
            serde_json::from_value(json!({"message": "no such order"})).unwrap(),
        ));
    let client = mock.client(config());
    let echoed = client.validate_order("ECHO", &order("ECHO")).await.unwrap();
    assert_eq!(
        (echoed.forter_decision, echoed.order_id.as_deref()),
        (ForterDecision::Decline, Some("ECHO"))
    );
    let err = client.validate_order("A1", &order("A1")).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                error: forter::ValidateOrderError::InternalServerError(_),
                ..
            }
        ),
        "{err:?}"
    );
    let err = client.validate_order("A1", &order("A1")).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test(start_paused = true)]
async fn the_client_survives_503_with_retry_after_twice_then_succeeds() {
    let mock = Mock::new();
    mock.on_validate_order()
        .status(503, Some(7))
        .times(2)
        .reply(ValidateOrder::approve())
        .expect(Times::Exactly(3));
    let client = mock.client_with_options(config(), &retrying());
    let started = tokio::time::Instant::now();
    let decision = client.validate_order("A1", &order("A1")).await.unwrap();
    assert_eq!(decision.forter_decision, ForterDecision::Approve);
    // The client waited what the server asked, twice (on tokio's paused clock).
    assert_eq!(started.elapsed(), Duration::from_secs(14));
    let statuses: Vec<Option<u16>> = mock.calls().iter().map(|c| c.status).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(200)]);
}

#[tokio::test]
async fn a_request_breaking_the_spec_is_reported_with_its_pointer() {
    // The client lets an unknown enum value through when told to; the spec does not.
    let mock = Mock::new();
    let config = config().allow_unrecognized_enum_values(true);
    let mut body = order("A1");
    body.order_type = OrderType::from_wire("TELEPATHY");
    let err = mock
        .client(config)
        .validate_order("A1", &body)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    let report = mock.verify().unwrap_err();
    assert!(
        report.contains("validate_order (`POST /v3/orders/A1`): the request breaks the spec:"),
        "{report}"
    );
    assert!(
        report.contains("/orderType: \"TELEPATHY\" is not one of"),
        "{report}"
    );
    assert!(
        report.contains("[JSON Schema: enum at /components/schemas/OrderType/enum]"),
        "{report}"
    );
    let problems = mock.take_violations();
    assert!(problems
        .iter()
        .any(|p| p.pointer == "/orderType" && p.source == ProblemSource::Schema));
    assert!(problems
        .iter()
        .any(|p| p.pointer == "/orderType" && p.source == ProblemSource::Validate));
}

#[test]
fn sans_io_requests_are_checked_too_unknown_keys_included() {
    let mock = Mock::new();
    let request = forter::build_validate_order(&config(), "A1", &order("A1")).unwrap();
    let response = mock.handle(request);
    assert_eq!(
        forter::parse_validate_order(&response)
            .unwrap()
            .forter_decision,
        ForterDecision::Approve
    );
    // A hand-made request: an unknown key, a missing required field, the path not the body's id.
    let mut json: Value = serde_json::to_value(order("A1")).unwrap();
    json["colour"] = json!("red");
    json.as_object_mut().unwrap().remove("checkoutTime");
    let request =
        commerce_apis::http::Request::post("https://api.forter-secure.com/v3/orders/OTHER")
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&json).unwrap().into())
            .unwrap();
    assert_eq!(mock.handle(request).status(), 400);
    let report = panic_message(move || drop(mock));
    assert!(
        report.contains("(body): \"checkoutTime\" is a required property [JSON Schema: required"),
        "{report}"
    );
    assert!(
        report.contains("missing field `checkoutTime` [typed request: deserialize]"),
        "{report}"
    );
    let mock = Mock::new();
    json["checkoutTime"] = json!(1415273168);
    let request =
        commerce_apis::http::Request::post("https://api.forter-secure.com/v3/orders/OTHER")
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&json).unwrap().into())
            .unwrap();
    mock.handle(request);
    let report = mock.verify().unwrap_err();
    assert!(report.contains("/colour: `colour` is not a property the spec defines here [typed request: unknown key]"), "{report}");
    assert!(
        report.contains("/orderId: must equal the path parameter `id` (`x-body-field`)"),
        "{report}"
    );
    mock.disarm();
}

#[tokio::test]
async fn the_call_log_is_typed_and_redacts_credentials() {
    let mock = Mock::new();
    mock.client(config())
        .validate_order("A/1", &order("A/1"))
        .await
        .unwrap();
    let calls = mock.calls_to::<ValidateOrder>();
    let call = &calls[0];
    assert_eq!(call.id, "A/1");
    assert_eq!(call.body.order_id, "A/1");
    assert_eq!(call.record.path, "/v3/orders/A%2F1");
    assert_eq!(call.record.header("authorization"), Some("<redacted>"));
    assert_eq!(call.record.header("x-forter-siteid"), Some("8b47c6d423ba"));
    assert!(call
        .record
        .header("user-agent")
        .unwrap()
        .starts_with("commerce-apis/"));
    assert!(!format!("{:?}", mock.calls()).contains("c2tfdGVzdF9zZWNyZXQ6"));
}

#[tokio::test]
async fn expectations_are_checked_when_the_mock_is_dropped() {
    let mock = Mock::new();
    mock.on_validate_order()
        .when(|c| c.id == "A1")
        .expect(Times::Exactly(2));
    mock.on_validate_order()
        .when(|c| c.id == "NEVER")
        .expect_never();
    mock.on_update_order_status().expect_at_least_once();
    let client = mock.client(config());
    client.validate_order("A1", &order("A1")).await.unwrap();
    client
        .validate_order("NEVER", &order("NEVER"))
        .await
        .unwrap();
    let report = panic_message(move || drop(mock));
    assert!(
        report.contains("the forter test kit found 3 problem(s)"),
        "{report}"
    );
    assert!(report.contains("rule #1 (validate_order) was expected to match exactly 2 time(s), it matched 1 time(s)"), "{report}");
    assert!(
        report
            .contains("rule #2 (validate_order) was expected to match never, it matched 1 time(s)"),
        "{report}"
    );
    assert!(report.contains("rule #3 (update_order_status) was expected to match at least 1 time(s), it matched 0 time(s)"), "{report}");
}

#[test]
#[should_panic(expected = "the test's own assertion")]
fn a_failing_test_is_not_turned_into_an_abort_by_the_drop_check() {
    let mock = Mock::new();
    mock.on_validate_order().expect_at_least_once();
    panic!("the test's own assertion");
}

#[tokio::test]
async fn an_unmatched_request_names_the_operation_and_what_differed_from_the_closest_rule() {
    let mock = Mock::new();
    mock.on_validate_order()
        .named("vip orders")
        .path_param("id", "VIP-1")
        .body_includes(json!({"orderType": "WEB"}))
        .reply(ValidateOrder::approve());
    mock.on_validate_order()
        .when(|c| c.body.order_id.is_empty())
        .when(|c| c.id.is_empty())
        .reply(ValidateOrder::decline());
    let err = mock
        .client(config())
        .validate_order("A1", &order("A1"))
        .await
        .unwrap_err();
    // 501, undocumented: the error says so; the report says why.
    assert_eq!(err.status(), Some(501), "{err}");
    let report = mock.verify().unwrap_err();
    assert!(report.contains("validate_order (`POST /v3/orders/A1`): no rule matched this request; the closest, rule #1 `vip orders` (validate_order), differs:"), "{report}");
    assert!(
        report.contains("path parameter `id`: the rule wants \"VIP-1\", the request has \"A1\""),
        "{report}"
    );
    mock.disarm();
}

#[tokio::test(start_paused = true)]
async fn faults_in_process_are_what_the_client_sees_on_the_network() {
    let mock = Mock::new();
    fault_rules(&mock, Duration::from_secs(31), 11 * 1024 * 1024);
    mock.on_validate_order().reply(ValidateOrder::approve());
    let client = mock.client(config());
    let started = tokio::time::Instant::now();
    for (id, expected) in [
        ("SLOW", TransportErrorKind::Timeout),
        ("RESET", TransportErrorKind::Other),
        ("CUT", TransportErrorKind::ResponseBody),
        (
            "BIG",
            TransportErrorKind::BodyTooLarge {
                limit: 10 * 1024 * 1024,
            },
        ),
    ] {
        match client.validate_order(id, &order(id)).await.unwrap_err() {
            Error::Transport(t) => assert_eq!(*t.kind(), expected, "{id}"),
            other => panic!("{id}: {other:?}"),
        }
        if id == "SLOW" {
            // The client's 30 s timeout, not the rule's 31 s delay.
            assert_eq!(started.elapsed(), Duration::from_secs(30));
        }
    }
    assert_eq!(mock.calls().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_socket_server_serves_a_client_of_its_own_with_faults_on_the_wire() {
    let mock = Mock::new();
    let base_url = mock.serve().unwrap();
    fault_rules(&mock, Duration::from_millis(1500), 4096);
    mock.on_validate_order()
        .when(|c| c.id == "BUSY")
        .status(429, Some(0))
        .times(1)
        .reply(ValidateOrder::decline());
    mock.on_validate_order().reply(ValidateOrder::approve());
    let options = ClientOptions {
        timeout: Duration::from_millis(500),
        max_response_bytes: 1024,
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..retrying().retry
        },
        ..ClientOptions::default()
    };
    let client =
        forter::Client::with_options(config().with_base_url(&base_url).unwrap(), &options).unwrap();
    let ok = client.validate_order("A1", &order("A1")).await.unwrap();
    assert_eq!(ok.forter_decision, ForterDecision::Approve);
    let busy = client.validate_order("BUSY", &order("BUSY")).await.unwrap();
    assert_eq!(busy.forter_decision, ForterDecision::Decline);
    let no_retry = ClientOptions {
        retry: RetryPolicy::none(),
        ..options
    };
    let client =
        forter::Client::with_options(config().with_base_url(&base_url).unwrap(), &no_retry)
            .unwrap();
    for (id, check) in [
        (
            "SLOW",
            (|e: &Error<_>| e.is_timeout()) as fn(&Error<forter::ValidateOrderError>) -> bool,
        ),
        ("RESET", |e| {
            matches!(e, Error::Transport(_)) && !e.is_timeout()
        }),
        (
            "CUT",
            |e| matches!(e, Error::Transport(t) if *t.kind() == TransportErrorKind::ResponseBody),
        ),
        (
            "BIG",
            |e| matches!(e, Error::Transport(t) if *t.kind() == TransportErrorKind::BodyTooLarge { limit: 1024 }),
        ),
    ] {
        let err = client.validate_order(id, &order(id)).await.unwrap_err();
        assert!(check(&err), "{id}: {err:?}");
    }
    // Also for plain HTTP clients: the same checks, the same log.
    let raw = reqwest::Client::new()
        .post(format!("{base_url}/v3/orders/A2"))
        .header("content-type", "application/json")
        .body(r#"{"orderId": "A2"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    assert!(mock
        .take_violations()
        .iter()
        .any(|p| p.rule.starts_with("required")));
    assert_eq!(mock.calls().len(), 8);
}

#[tokio::test]
async fn forte_scenarios_created_validation_error_not_found_and_a_list() {
    let mock = forte::testkit::Mock::new();
    let request: CreateProductRequest = serde_json::from_str(include_str!(
        "../../../spec/forte/examples/create_product.request.limited.json"
    ))
    .unwrap();
    mock.on_create_product()
        .reply(CreateProduct::created())
        .times(1)
        .reply(CreateProduct::unprocessable_entity());
    mock.on_get_product()
        .path_param("product_id", "missing")
        .reply(GetProduct::not_found());
    mock.on_list_products()
        .reply(ListProducts::ok())
        .expect(Times::Exactly(1));
    let client = mock.client(forte::Config::new(Credentials::basic("shop", "secret")));
    let created = client.create_product(&request).await.unwrap();
    assert!(!created.id.is_empty());
    let err = client.create_product(&request).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                error: CreateProductError::UnprocessableEntity(_),
                ..
            }
        ),
        "{err:?}"
    );
    let err = client.get_product("missing").await.unwrap_err();
    match err {
        Error::Api {
            error: forte::GetProductError::Found(ProductNotFound { message, .. }),
            ..
        } => {
            assert!(message.is_some())
        }
        other => panic!("{other:?}"),
    }
    client.list_products().await.unwrap();
    assert_eq!(mock.calls_to::<GetProduct>()[0].product_id, "missing");
}

/// The README's "Testing your integration" example, compiled and run here as written.
#[path = "readme/example.rs"]
mod readme_example;

/// The body of the README's Rust block whose first line starts with `first_line`, without that
/// line.
fn readme_block(first_line: &str) -> &'static str {
    let readme = include_str!("../../../README.md");
    let start = readme
        .find(&format!("```rust\n{first_line}"))
        .unwrap_or_else(|| panic!("the README's block starting with {first_line:?}"));
    let block = &readme[start + "```rust\n".len()..];
    let block = &block[block.find('\n').expect("a line") + 1..];
    &block[..block.find("```\n").expect("the end of the block")]
}

#[test]
fn the_readme_example_is_this_file() {
    assert_eq!(
        readme_block("// src/lib.rs"),
        include_str!("readme/example.rs"),
        "README.md and tests/http/tests/readme/example.rs differ"
    );
}

#[test]
fn mocks_and_their_logs_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Mock>();
    shareable::<forte::testkit::Mock>();
    shareable::<commerce_apis::support::testkit::TypedCall<ValidateOrder>>();
    // A rule built on one thread answers requests sent from another.
    let mock = std::sync::Arc::new(Mock::new());
    mock.on_validate_order().reply(ValidateOrder::decline());
    let remote = mock.clone();
    let status = std::thread::spawn(move || {
        let request = forter::build_validate_order(&config(), "T1", &order("T1")).unwrap();
        forter::parse_validate_order(&remote.handle(request))
            .unwrap()
            .forter_decision
    })
    .join()
    .unwrap();
    assert_eq!(status, ForterDecision::Decline);
}

/// The README's axum receiver ("Receiving notifications"), shared with `tests/tests/webhooks.rs`,
/// and the README's test delivering notifications to it, run here as written.
#[path = "../../tests/examples/axum_webhook.rs"]
mod axum_webhook;
mod readme {
    use super::axum_webhook::{router, App};
    #[path = "deliver.rs"]
    mod tests;
}

#[test]
fn the_readme_shows_the_delivery_example() {
    assert_eq!(
        readme_block("// Next to the handler above"),
        include_str!("readme/deliver.rs"),
        "README.md and tests/http/tests/readme/deliver.rs differ"
    );
}

mod notifications {
    use std::future::IntoFuture;
    use std::sync::{Arc, Mutex};

    use commerce_apis::forter::testkit::order_decision_notification;
    use commerce_apis::forter::webhooks::{
        answer_order_decision, receive_order_decision_request, OrderDecisionHeaders,
    };
    use commerce_apis::forter::{
        DecisionNotification, DecisionNotificationAction, DecisionNotificationAnswer,
        DecisionNotificationAnswerAction,
    };
    use commerce_apis::support::testkit::{Delivered, Signing};
    use commerce_apis::support::WebhookSecrets;
    use serde_json::json;

    /// A user's receiver as a plain function: verify and parse with the generated
    /// `receive_*`, store, then answer the documented 2xx; a refusal answers its status with
    /// the error's text.
    fn receive(
        store: &Mutex<Vec<DecisionNotification>>,
        request: &http::Request<Vec<u8>>,
    ) -> http::Response<Vec<u8>> {
        let secrets = WebhookSecrets::new("current-key").with("previous-key");
        match receive_order_decision_request(request, &secrets) {
            Ok(decision) => {
                store.lock().unwrap().push(decision);
                let answer = DecisionNotificationAnswer::builder()
                    .action(DecisionNotificationAnswerAction::Success)
                    .build();
                answer_order_decision(&answer)
            }
            Err(refused) => {
                let mut response = http::Response::new(refused.to_string().into_bytes());
                *response.status_mut() = http::StatusCode::from_u16(refused.status()).unwrap();
                response
            }
        }
    }

    fn payload() -> DecisionNotification {
        serde_json::from_value(json!({
            "orderId": "order-77", "action": "decline", "reasonCode": "Fraud"
        }))
        .unwrap()
    }

    fn headers() -> OrderDecisionHeaders {
        OrderDecisionHeaders {
            forter_site_id: "site-9".into(),
            forter_token: "token-3".into(),
        }
    }

    /// What each variant must get: the valid one 200 with the answer `success`, each refused
    /// one 401 with the error naming the problem; the text of the refusal never holds the secret.
    fn check(signing: Signing, delivered: &Delivered<DecisionNotificationAnswer>) {
        let text = String::from_utf8_lossy(&delivered.body);
        assert!(!text.contains("previous-key"), "{text}");
        match signing {
            Signing::Valid => {
                assert_eq!(delivered.status, 200, "{text}");
                assert_eq!(delivered.headers["content-type"], "application/json");
                let answer = delivered.answer().unwrap();
                assert_eq!(answer.action, DecisionNotificationAnswerAction::Success);
            }
            Signing::MissingSignature => {
                assert_eq!(delivered.status, 401, "{text}");
                assert!(text.contains("X-Forter-Signature` is missing"), "{text}");
            }
            Signing::TamperedBody | Signing::WrongSecret => {
                assert_eq!(delivered.status, 401, "{text}");
                assert!(text.contains("signature does not match"), "{text}");
            }
        }
    }

    const ALL: [Signing; 4] = [
        Signing::Valid,
        Signing::TamperedBody,
        Signing::WrongSecret,
        Signing::MissingSignature,
    ];

    #[tokio::test]
    async fn a_typed_notification_reaches_a_plain_function_receiver_in_process() {
        let store = Mutex::new(Vec::new());
        // Signed with the previous secret: still accepted while the secret is rotated.
        let notification =
            order_decision_notification(&payload(), &headers(), "previous-key").unwrap();
        for signing in ALL {
            let delivered = notification
                .deliver(signing, |request| {
                    let response = receive(&store, &request);
                    async { response }
                })
                .await;
            check(signing, &delivered);
        }
        let stored = store.into_inner().unwrap();
        assert_eq!(stored, [payload()]);
        assert_eq!(stored[0].action, DecisionNotificationAction::Decline);
        assert_eq!(stored[0].reason_code.as_deref(), Some("Fraud"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_typed_notification_reaches_a_receiver_over_a_socket() {
        let store = Arc::new(Mutex::new(Vec::new()));
        let shared = store.clone();
        let route = axum::routing::post(move |request: axum::extract::Request| async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20).await.unwrap().to_vec();
            let request = http::Request::from_parts(parts, body);
            let response = receive(&shared, &request);
            response.map(axum::body::Body::from)
        });
        let app = axum::Router::new().route("/hooks/forter", route);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks/forter", listener.local_addr().unwrap());
        tokio::spawn(axum::serve(listener, app).into_future());
        let notification =
            order_decision_notification(&payload(), &headers(), "current-key").unwrap();
        let delivered = tokio::task::spawn_blocking(move || {
            ALL.map(|signing| (signing, notification.deliver_to(signing, &url).unwrap()))
        })
        .await
        .unwrap();
        for (signing, delivered) in &delivered {
            check(*signing, delivered);
        }
        assert_eq!(*store.lock().unwrap(), [payload()]);
        // Nothing listens on this port any more: a delivery error, not a panic or a hang.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", closed.local_addr().unwrap());
        drop(closed);
        let notification = order_decision_notification(&payload(), &headers(), "k").unwrap();
        assert!(notification.deliver_to(Signing::Valid, &url).is_err());
    }
}
