//! The test kit engine (`support::testkit`) against a small hand-written API (`shop`): what the
//! generated kits rely on. Kept outside `support/`, which is shipped into the generated crate.

use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::support::testkit::*;
use crate::support::{FieldPath, Validate, Violation};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Order {
    id: String,
    qty: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl Validate for Order {
    fn validate_at(&self, _: &mut FieldPath, out: &mut Vec<Violation>) {
        if self.qty > 100 {
            out.push(Violation {
                path: "qty".into(),
                message: "must be at most 100".into(),
            });
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Decision {
    decision: String,
}

#[derive(Debug)]
struct PlaceOrderCall {
    id: String,
    body: Order,
}

struct PlaceOrder;

static PLACE_ORDER: OperationInfo = OperationInfo {
    name: "place_order",
    method: "POST",
    path_template: "/orders/{id}",
    has_body: true,
    request_schema: Some("#/components/schemas/Order"),
    examples: &[ExampleInfo {
        name: "ok",
        status: 200,
        body: Some(r#"{"decision":"APPROVE"}"#),
    }],
};

impl Operation for PlaceOrder {
    type Request = PlaceOrderCall;
    type Output = Decision;
    type Error = (u16, String);

    fn info() -> &'static OperationInfo {
        &PLACE_ORDER
    }

    fn read(params: &PathParams, body: Option<&Value>) -> (Option<PlaceOrderCall>, Vec<Problem>) {
        let (body, problems) = match body {
            Some(json) => read_body::<Order>(json),
            None => (None, Vec::new()),
        };
        let call = body.map(|body| PlaceOrderCall {
            id: params.get("id").to_owned(),
            body,
        });
        (call, problems)
    }

    fn encode_output(output: &Decision) -> Canned {
        Canned::json(200, serde_json::to_vec(output).ok())
    }

    fn encode_error(error: &(u16, String)) -> Canned {
        Canned::json(
            error.0,
            serde_json::to_vec(&json!({"message": error.1})).ok(),
        )
    }
}

static SHOP: ApiInfo = ApiInfo {
    name: "shop",
    base_url: "https://shop.example/api",
    schemas: r#"{"components":{"schemas":{"Order":{"type":"object","required":["id","qty"],
        "properties":{"id":{"type":"string","maxLength":8},"qty":{"type":"integer","minimum":1},
        "note":{"type":"string"}}}}}}"#,
    secret_headers: &["x-shop-id"],
    operations: &[OperationEntry::of::<PlaceOrder>()],
};

fn request(id: &str, body: Value) -> http::Request<crate::support::Body> {
    http::Request::builder()
        .method("POST")
        .uri(format!("https://shop.example/api/orders/{id}"))
        .header("content-type", "application/json")
        .header("authorization", "Basic c2VjcmV0Og==")
        .header("x-shop-id", "s1")
        .header("x-trace", "t1")
        .body(serde_json::to_vec(&body).unwrap().into())
        .unwrap()
}

fn order(id: &str, qty: i64) -> Value {
    json!({"id": id, "qty": qty})
}

fn body(response: &http::Response<Vec<u8>>) -> Value {
    serde_json::from_slice(response.body()).unwrap()
}

/// The panic message of `f`, which must panic.
fn panic_message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("a panic");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn without_rules_an_operation_answers_its_example() {
    let mock = MockApi::new(&SHOP);
    let response = mock.handle(request("A1", order("A1", 1)));
    assert_eq!(response.status(), 200);
    assert_eq!(body(&response), json!({"decision": "APPROVE"}));
}

#[test]
fn rules_match_the_typed_request_first_match_wins() {
    let mock = MockApi::new(&SHOP);
    mock.rule::<PlaceOrder>()
        .when(|call| call.body.qty > 10)
        .ok(Decision {
            decision: "DECLINE".into(),
        });
    mock.rule::<PlaceOrder>()
        .when(|call| call.id.starts_with('A'))
        .error((404, "gone".into()));
    mock.rule::<PlaceOrder>().ok(Decision {
        decision: "APPROVE".into(),
    });
    assert_eq!(
        body(&mock.handle(request("A1", order("A1", 50)))),
        json!({"decision": "DECLINE"})
    );
    let gone = mock.handle(request("A2", order("A2", 1)));
    assert_eq!(
        (gone.status().as_u16(), body(&gone)),
        (404, json!({"message": "gone"}))
    );
    assert_eq!(
        body(&mock.handle(request("B1", order("B1", 1)))),
        json!({"decision": "APPROVE"})
    );
    let log = mock.calls_to::<PlaceOrder>();
    assert_eq!(log.len(), 3);
    assert_eq!(log[1].id, "A2");
    assert_eq!(log[0].body.qty, 50);
    assert_eq!(
        log.iter().map(|c| c.record.rule).collect::<Vec<_>>(),
        [Some(0), Some(1), Some(2)]
    );
}

#[test]
fn a_sequence_answers_in_order_and_its_last_step_repeats() {
    let mock = MockApi::new(&SHOP);
    let handle = mock
        .rule::<PlaceOrder>()
        .status(503, Some(2))
        .times(2)
        .ok(Decision {
            decision: "APPROVE".into(),
        })
        .mount();
    let statuses: Vec<(u16, Option<String>)> = (0..4)
        .map(|_| {
            let response = mock.handle(request("A1", order("A1", 1)));
            let retry_after = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            (response.status().as_u16(), retry_after)
        })
        .collect();
    assert_eq!(
        statuses,
        [
            (503, Some("2".into())),
            (503, Some("2".into())),
            (200, None),
            (200, None)
        ]
    );
    assert_eq!(handle.matched(), 4);
}

#[test]
fn a_used_up_rule_lets_later_rules_answer_and_then_fails_with_the_closest_rule() {
    let mock = MockApi::new(&SHOP);
    mock.rule::<PlaceOrder>()
        .named("first only")
        .ok(Decision {
            decision: "APPROVE".into(),
        })
        .times(1);
    mock.rule::<PlaceOrder>()
        .named("big orders")
        .path_param("id", "Z9")
        .body_includes(json!({"qty": 99}))
        .ok(Decision {
            decision: "DECLINE".into(),
        });
    assert_eq!(mock.handle(request("A1", order("A1", 1))).status(), 200);
    let missed = mock.handle(request("Z9", order("Z9", 2)));
    assert_eq!(missed.status(), 501);
    let report = mock.verify().unwrap_err();
    assert!(
        report.contains("place_order (`POST /orders/Z9`): no rule matched this request"),
        "{report}"
    );
    // Both rules missed; the closest is the one with one difference.
    assert!(report.contains("the closest, rule #1 `first only` (place_order), differs:\n   - it matched, but its answers are used up (1 used)"), "{report}");
    mock.disarm();
    let mock = MockApi::new(&SHOP);
    mock.rule::<PlaceOrder>()
        .named("big orders")
        .path_param("id", "Z9")
        .body_includes(json!({"qty": 99}))
        .ok(Decision {
            decision: "DECLINE".into(),
        });
    mock.handle(request("Z8", order("Z8", 2)));
    let report = mock.verify().unwrap_err();
    assert!(
        report.contains("path parameter `id`: the rule wants \"Z9\", the request has \"Z8\""),
        "{report}"
    );
    assert!(
        report.contains("body /qty: the rule wants 99, the request has 2"),
        "{report}"
    );
    assert!(report.contains("the request: PlaceOrderCall"), "{report}");
    mock.disarm();
}

#[test]
fn a_request_breaking_the_spec_is_answered_400_and_fails_with_its_pointer() {
    let mock = MockApi::new(&SHOP);
    let response = mock.handle(request(
        "A1",
        json!({"id": "A1234567890", "qty": 101, "colour": "red"}),
    ));
    assert_eq!(response.status(), 400);
    let calls = mock.calls();
    let found: Vec<(ProblemSource, &str)> = calls[0]
        .problems
        .iter()
        .map(|p| (p.source, p.pointer.as_str()))
        .collect();
    assert!(
        found.contains(&(ProblemSource::Typed, "/colour")),
        "{found:?}"
    );
    assert!(
        found.contains(&(ProblemSource::Validate, "/qty")),
        "{found:?}"
    );
    assert!(found.contains(&(ProblemSource::Schema, "/id")), "{found:?}");
    let report = panic_message(move || drop(mock));
    assert!(report.contains("the request breaks the spec"), "{report}");
    assert!(report.contains("/id: "), "{report}");
    assert!(report.contains("/id: \"A1234567890\" is longer than 8 characters [JSON Schema: maxLength at /components/schemas/Order/properties/id/maxLength]"), "{report}");
    assert!(report.contains("/colour: `colour` is not a property the spec defines here [typed request: unknown key]"), "{report}");
}

#[test]
fn violations_taken_by_the_test_do_not_fail_it() {
    let mock = MockApi::new(&SHOP);
    mock.handle(request("A1", json!({"id": "A1"})));
    let problems = mock.take_violations();
    assert!(
        problems
            .iter()
            .any(|p| p.source == ProblemSource::Schema && p.rule.starts_with("required")),
        "{problems:?}"
    );
    assert!(mock.verify().is_ok());
}

#[test]
fn unknown_operations_and_bodies_that_are_not_json_fail() {
    let mock = MockApi::new(&SHOP);
    let mut wrong = request("A1", order("A1", 1));
    *wrong.method_mut() = http::Method::DELETE;
    assert_eq!(mock.handle(wrong).status(), 404);
    let mut text = request("A1", order("A1", 1));
    *text.body_mut() = b"not json".to_vec().into();
    assert_eq!(mock.handle(text).status(), 400);
    let report = mock.verify().unwrap_err();
    assert!(report.contains("no operation of the shop spec is `DELETE /orders/A1`; it has: POST /orders/{id} (place_order)"), "{report}");
    assert!(report.contains("the body is not JSON"), "{report}");
    mock.disarm();
}

#[test]
fn expectations_are_checked_on_drop_but_not_while_panicking() {
    let mock = MockApi::new(&SHOP);
    mock.rule::<PlaceOrder>()
        .when(|c| c.id == "NEVER")
        .expect_never();
    mock.rule::<PlaceOrder>()
        .when(|c| c.id == "A1")
        .expect(Times::Exactly(2));
    mock.rule::<PlaceOrder>()
        .when(|c| c.id == "B1")
        .expect_at_least_once();
    mock.handle(request("A1", order("A1", 1)));
    mock.handle(request("NEVER", order("NEVER", 1)));
    let report = panic_message(move || drop(mock));
    assert!(
        report.contains("rule #1 (place_order) was expected to match never, it matched 1 time(s)"),
        "{report}"
    );
    assert!(
        report.contains(
            "rule #2 (place_order) was expected to match exactly 2 time(s), it matched 1 time(s)"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "rule #3 (place_order) was expected to match at least 1 time(s), it matched 0 time(s)"
        ),
        "{report}"
    );
    // Expectation-only rules do not answer: the example did.
    // While a test is already failing, the drop adds no second panic (which would abort).
    let message = panic_message(|| {
        let mock = MockApi::new(&SHOP);
        mock.rule::<PlaceOrder>().expect_at_least_once();
        panic!("the test's own failure");
    });
    assert_eq!(message, "the test's own failure");
}

#[test]
fn the_call_log_redacts_secret_headers() {
    let mock = MockApi::new(&SHOP);
    mock.handle(request("A%2F1", order("A/1", 1)));
    let call = &mock.calls()[0];
    assert_eq!(call.operation, Some("place_order"));
    assert_eq!(call.path, "/orders/A%2F1");
    assert_eq!(call.path_params.get("id"), "A/1");
    assert_eq!(call.header("authorization"), Some("<redacted>"));
    assert_eq!(call.header("x-shop-id"), Some("<redacted>"));
    assert_eq!(call.header("x-trace"), Some("t1"));
    let debug = format!("{call:?}");
    assert!(!debug.contains("c2VjcmV0Og"), "{debug}");
    assert_eq!(call.status, Some(200));
}

#[test]
fn a_path_under_another_base_path_still_finds_its_operation() {
    let mock = MockApi::new(&SHOP);
    let mut request = request("A1", order("A1", 1));
    *request.uri_mut() = "http://127.0.0.1:9/proxy/shop/orders/A1".parse().unwrap();
    assert_eq!(mock.handle(request).status(), 200);
    assert_eq!(mock.calls()[0].path_params.get("id"), "A1");
}

#[test]
fn strict_mocks_answer_nothing_by_example() {
    let mock = MockApi::new(&SHOP);
    mock.strict();
    assert_eq!(mock.handle(request("A1", order("A1", 1))).status(), 501);
    assert!(mock.verify().unwrap_err().contains("the mock is strict"));
    mock.disarm();
}

#[test]
fn reply_with_computes_from_the_request() {
    let mock = MockApi::new(&SHOP);
    mock.rule::<PlaceOrder>().reply_with(|call| {
        Reply::ok(Decision {
            decision: format!("seen {}", call.body.id),
        })
    });
    assert_eq!(
        body(&mock.handle(request("Q", order("Q", 3)))),
        json!({"decision": "seen Q"})
    );
}

/// One raw exchange with the socket server: what came back before the connection closed.
fn exchange(url: &str, id: &str, body: &Value) -> std::io::Result<Vec<u8>> {
    let address = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let mut stream = std::net::TcpStream::connect(address)?;
    let body = serde_json::to_vec(body).unwrap();
    write!(
        stream,
        "POST /api/orders/{id} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out)?;
    Ok(out)
}

#[test]
fn the_socket_server_answers_and_breaks_connections_on_request() {
    let mock = MockApi::new(&SHOP);
    let url = mock.serve().unwrap();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/api"),
        "{url}"
    );
    mock.rule::<PlaceOrder>()
        .when(|c| c.id == "RESET")
        .fault(Fault::Reset);
    mock.rule::<PlaceOrder>()
        .when(|c| c.id == "CUT")
        .fault(Fault::TruncatedBody);
    mock.rule::<PlaceOrder>()
        .when(|c| c.id == "BIG")
        .fault(Fault::OversizedBody(4096));
    mock.rule::<PlaceOrder>().ok(Decision {
        decision: "APPROVE".into(),
    });
    let ok = String::from_utf8(exchange(&url, "A1", &order("A1", 1)).unwrap()).unwrap();
    assert!(ok.starts_with("HTTP/1.1 200 OK\r\n"), "{ok}");
    assert!(ok.ends_with("{\"decision\":\"APPROVE\"}"), "{ok}");
    let reset = exchange(&url, "RESET", &order("RESET", 1));
    assert_eq!(
        reset.map_err(|e| e.kind()).map(|bytes| bytes.len()),
        Err(std::io::ErrorKind::ConnectionReset)
    );
    let cut = String::from_utf8(exchange(&url, "CUT", &order("CUT", 1)).unwrap()).unwrap();
    let (head, rest) = cut.split_once("\r\n\r\n").unwrap();
    let declared: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(rest.len() < declared, "{cut}");
    let big = exchange(&url, "BIG", &order("BIG", 1)).unwrap();
    assert!(String::from_utf8_lossy(&big).contains("content-length: 4096"));
    assert_eq!(mock.calls().len(), 4);
}

#[cfg(feature = "client")]
mod in_process {
    use std::time::Duration;

    use super::*;
    use crate::support::transport::{ClientOptions, RetryPolicy};
    use crate::support::TransportErrorKind;

    fn options() -> ClientOptions {
        ClientOptions {
            timeout: Duration::from_secs(5),
            retry: RetryPolicy {
                jitter: false,
                retry_non_idempotent: true,
                ..RetryPolicy::default()
            },
            max_response_bytes: 1024,
            ..ClientOptions::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_client_retries_after_503_with_retry_after() {
        let mock = MockApi::new(&SHOP);
        mock.rule::<PlaceOrder>()
            .status(503, Some(3))
            .times(2)
            .ok(Decision {
                decision: "APPROVE".into(),
            });
        let transport = mock.transport(&options());
        let started = tokio::time::Instant::now();
        let response = transport.send(request("A1", order("A1", 1))).await.unwrap();
        assert_eq!(response.status(), 200);
        // Two waits of the asked 3 s, on tokio's paused clock.
        assert_eq!(started.elapsed().as_secs(), 6);
        assert_eq!(mock.calls().len(), 3);
        assert!(mock.calls()[0].header("user-agent").is_some());
    }

    #[tokio::test(start_paused = true)]
    async fn faults_become_the_transport_errors_of_the_network() {
        let mock = MockApi::new(&SHOP);
        mock.rule::<PlaceOrder>()
            .when(|c| c.id == "SLOW")
            .ok(Decision {
                decision: "x".into(),
            })
            .delay(Duration::from_secs(10));
        mock.rule::<PlaceOrder>()
            .when(|c| c.id == "BIG")
            .fault(Fault::OversizedBody(2048));
        mock.rule::<PlaceOrder>()
            .when(|c| c.id == "CUT")
            .fault(Fault::TruncatedBody);
        mock.rule::<PlaceOrder>()
            .when(|c| c.id == "RESET")
            .fault(Fault::Reset);
        let transport = mock.transport(&ClientOptions {
            retry: RetryPolicy::none(),
            ..options()
        });
        let kind = |id: &'static str| {
            let transport = transport.clone();
            async move {
                transport
                    .send(request(id, order(id, 1)))
                    .await
                    .unwrap_err()
                    .kind()
                    .clone()
            }
        };
        assert_eq!(kind("SLOW").await, TransportErrorKind::Timeout);
        assert_eq!(
            kind("BIG").await,
            TransportErrorKind::BodyTooLarge { limit: 1024 }
        );
        assert_eq!(kind("CUT").await, TransportErrorKind::ResponseBody);
        assert_eq!(kind("RESET").await, TransportErrorKind::Other);
    }
}

/// Delivery in process: the handler gets the signed request as built, its answer comes back
/// typed; an empty answer reads as `()`.
#[tokio::test]
async fn a_notification_is_delivered_in_process_and_the_answer_read() {
    static SCHEME: crate::support::SignatureScheme = crate::support::SignatureScheme {
        algorithm: crate::support::SignatureAlgorithm::HmacSha256,
        header: "x-sig",
        encoding: crate::support::SignatureEncoding::Base64,
        parts: &[crate::support::SignaturePart::Body],
        required_headers: &[],
    };
    let signed =
        crate::support::sign_request(&SCHEME, http::Method::PUT, b"k", &[], b"{\"a\":1}".to_vec())
            .unwrap();
    let notification: Notification<Decision2> = Notification::new(&SCHEME, signed, b"k").unwrap();
    let secrets = crate::support::WebhookSecrets::new("k");
    let answer = notification
        .deliver(
            Signing::Valid,
            |request: http::Request<Vec<u8>>| async move {
                assert_eq!(request.method(), http::Method::PUT);
                let verdict = crate::support::verify_signature(
                    &SCHEME,
                    request.headers(),
                    request.body(),
                    &secrets,
                );
                assert_eq!(verdict, Ok(()));
                crate::support::json_answer(202, &json!({"decision": "stored"}))
            },
        )
        .await;
    assert_eq!(answer.status, 202);
    assert_eq!(
        answer.answer().unwrap(),
        Decision2 {
            decision: "stored".into()
        }
    );
    let refused: Delivered<()> = deliver(
        notification.request(Signing::MissingSignature),
        |request: http::Request<Vec<u8>>| async move {
            assert!(request.headers().get("x-sig").is_none());
            crate::support::empty_answer(401)
        },
    )
    .await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.answer().unwrap(), ());
    assert!(!refused.is_success());
}

#[derive(Debug, PartialEq, Deserialize)]
struct Decision2 {
    decision: String,
}
