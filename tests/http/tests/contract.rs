//! The generated `Client`s against mock Forter and Forte servers on 127.0.0.1.
//!
//! Every request the clients send is checked by the mock against the spec (method, raw path,
//! credentials, headers, JSON Schema of the body; see `common/mock.rs`) and answered with the
//! documented examples of `spec/<api>/examples/`. The tests assert the typed results for every
//! operation and documented status, and the behaviour of the HTTP layer on bad answers,
//! timeouts, retries, awkward path parameters, invalid bodies and credentials.

mod common;

use std::time::{Duration, Instant};

use commerce_apis::forte::{
    self, CreateProductError, CreateProductRequest, GetProductError, Product, ProductList,
    ProductNotFound, ProductValidationError, UpdateProductError, UpdateProductRequest,
};
use commerce_apis::forter::{
    self, CompensationRequestError, ErrorResponse, OrderStatusRequest, StatusResponse,
    UnifiedCompensationRequest, UnifiedCompensationRequestResponse, UpdateOrderStatusError,
    V3OrderRequest, V3OrderResponse, ValidateOrderError,
};
use commerce_apis::support::transport::Transport;
use commerce_apis::support::Violation;
use commerce_apis::{ClientOptions, Credentials, Error, RequestError, RetryPolicy};
use serde_json::{json, Value};

use common::mock::{MockServer, Reply, Seen};
use common::*;

/// The order id of the Forter request examples.
const ORDER_ID: &str = "2356fdse0rr489";
/// The product id of the Forte examples.
const PRODUCT_ID: &str = "prd_ed27b047d3ccd1a6";

fn options() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(10),
        ..ClientOptions::default()
    }
}

fn forter_config(base_url: &str) -> forter::Config {
    forter::Config::new(
        Credentials::basic(FORTER_KEY, ""),
        FORTER_API_VERSION,
        FORTER_SITE_ID,
    )
    .with_base_url(base_url)
    .expect("a valid base URL")
}

fn forte_config(base_url: &str) -> forte::Config {
    forte::Config::new(Credentials::basic(FORTE_SHOP_ID, FORTE_SECRET))
        .with_base_url(base_url)
        .expect("a valid base URL")
}

fn forter_client(mock: &MockServer, options: &ClientOptions) -> forter::Client {
    forter::Client::with_options(forter_config(&mock.base_url), options).expect("client")
}

fn forte_client(mock: &MockServer, options: &ClientOptions) -> forte::Client {
    forte::Client::with_options(forte_config(&mock.base_url), options).expect("client")
}

/// Answers request #i with `statuses[i]`, documented body.
fn documented_statuses(api: Api, statuses: &'static [u16]) -> impl Fn(&Seen) -> Reply {
    move |seen| {
        let status = statuses
            .get(seen.index)
            .copied()
            .unwrap_or_else(|| panic!("unexpected request #{}", seen.index));
        Reply::documented(api, &seen.operation, status)
    }
}

fn retry(max_retries: u32, retry_non_idempotent: bool) -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(10),
            retry_non_idempotent,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

fn no_retry(timeout: Duration) -> ClientOptions {
    ClientOptions {
        timeout,
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    }
}

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("JSON body")
}

/// The documented error of a Forter operation as (status, body); panics on anything else.
macro_rules! forter_api_error {
    ($result:expr, $E:ident) => {
        match $result {
            Err(Error::Api {
                error: $E::BadRequest(body),
                ..
            }) => (400u16, body),
            Err(Error::Api {
                error: $E::Unauthorized(body),
                ..
            }) => (401, body),
            Err(Error::Api {
                error: $E::NotFound(body),
                ..
            }) => (404, body),
            Err(Error::Api {
                error: $E::InternalServerError(body),
                ..
            }) => (500, body),
            other => panic!("expected a documented API error, got {other:?}"),
        }
    };
}

/// One test per Forter operation: the request example as body, every documented status
/// (200, 400, 401, 404, 500) answered with its example or a small valid error body.
macro_rules! forter_operation_test {
    ($test:ident, $op:ident, $path:literal, $Body:ty, $Ok:ty, $E:ident) => {
        #[tokio::test]
        async fn $test() {
            const STATUSES: &[u16] = &[200, 400, 401, 404, 500];
            let op = stringify!($op);
            let mock =
                MockServer::start(Api::Forter, documented_statuses(Api::Forter, STATUSES)).await;
            let client = forter_client(&mock, &options());
            let body: $Body = example_as(Api::Forter, &format!("{op}.request.json"));

            let expected: $Ok = example_as(Api::Forter, &format!("{op}.200.json"));
            assert_eq!(client.$op(ORDER_ID, &body).await.unwrap(), expected);
            for &status in &STATUSES[1..] {
                let (got, error) = forter_api_error!(client.$op(ORDER_ID, &body).await, $E);
                assert_eq!(got, status);
                let expected: ErrorResponse =
                    serde_json::from_value(documented_body(Api::Forter, op, status).unwrap())
                        .unwrap();
                assert_eq!(error, expected, "body of the {status} answer");
            }

            let requests = mock.requests();
            assert_eq!(requests.len(), STATUSES.len());
            let sent = example(Api::Forter, &format!("{op}.request.json"));
            for seen in &requests {
                assert_eq!(seen.operation, op);
                assert_eq!(seen.method, http::Method::POST);
                assert_eq!(seen.raw_path, concat!($path, "2356fdse0rr489"));
                assert_eq!(seen.param("id"), Some(ORDER_ID));
                assert_eq!(json_of(&seen.body), sent, "the body is the request example");
            }
        }
    };
}

forter_operation_test!(
    forter_validate_order_every_documented_status,
    validate_order,
    "/v3/orders/",
    V3OrderRequest,
    V3OrderResponse,
    ValidateOrderError
);
forter_operation_test!(
    forter_update_order_status_every_documented_status,
    update_order_status,
    "/v2/status/",
    OrderStatusRequest,
    StatusResponse,
    UpdateOrderStatusError
);
forter_operation_test!(
    forter_compensation_request_every_documented_status,
    compensation_request,
    "/v2/unified-compensation-request/",
    UnifiedCompensationRequest,
    UnifiedCompensationRequestResponse,
    CompensationRequestError
);

#[tokio::test]
async fn forte_create_product_201_and_422() {
    let mock = MockServer::start(
        Api::Forte,
        documented_statuses(Api::Forte, &[201, 201, 422]),
    )
    .await;
    let client = forte_client(&mock, &options());
    let expected: Product = example_as(Api::Forte, "create_product.201.json");
    for variant in ["limited", "infinite"] {
        let body: CreateProductRequest = example_as(
            Api::Forte,
            &format!("create_product.request.{variant}.json"),
        );
        assert_eq!(client.create_product(&body).await.unwrap(), expected);
    }
    let body: CreateProductRequest = example_as(Api::Forte, "create_product.request.limited.json");
    match client.create_product(&body).await {
        Err(Error::Api {
            error: CreateProductError::UnprocessableEntity(error),
            ..
        }) => {
            let expected: ProductValidationError =
                example_as(Api::Forte, "create_product.422.json");
            assert_eq!(error, expected);
        }
        other => panic!("expected a 422 error, got {other:?}"),
    }
    let requests = mock.requests();
    for (seen, variant) in requests.iter().zip(["limited", "infinite", "limited"]) {
        assert_eq!(seen.method, http::Method::POST);
        assert_eq!(seen.raw_path, "/products");
        let sent = example(
            Api::Forte,
            &format!("create_product.request.{variant}.json"),
        );
        assert_eq!(json_of(&seen.body), sent);
    }
    assert_eq!(requests.len(), 3);
}

#[tokio::test]
async fn forte_get_product_200_and_302_which_is_not_followed() {
    let mock = MockServer::start(Api::Forte, |seen| match seen.index {
        0 => Reply::documented(Api::Forte, "get_product", 200),
        // A real 302 may carry a Location; the client must not follow it (it would be a
        // second request, to list_products).
        1 => Reply::documented(Api::Forte, "get_product", 302).header("location", "/products"),
        n => panic!("unexpected request #{n}"),
    })
    .await;
    let client = forte_client(&mock, &options());
    let expected: Product = example_as(Api::Forte, "get_product.200.json");
    assert_eq!(client.get_product(PRODUCT_ID).await.unwrap(), expected);
    match client.get_product("prd_0000000000000000").await {
        Err(Error::Api {
            error: GetProductError::Found(body),
            ..
        }) => {
            let expected: ProductNotFound =
                serde_json::from_value(documented_body(Api::Forte, "get_product", 302).unwrap())
                    .unwrap();
            assert_eq!(body, expected);
        }
        other => panic!("expected GetProductError::Found, got {other:?}"),
    }
    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "the 302 was followed: {requests:#?}");
    assert_eq!(requests[0].raw_path, "/products/prd_ed27b047d3ccd1a6");
    assert_eq!(requests[1].raw_path, "/products/prd_0000000000000000");
    assert!(requests
        .iter()
        .all(|r| r.method == http::Method::GET && r.body.is_empty()));
}

#[tokio::test]
async fn forte_list_products_200() {
    let mock = MockServer::start(Api::Forte, documented_statuses(Api::Forte, &[200])).await;
    let client = forte_client(&mock, &options());
    let expected: ProductList = example_as(Api::Forte, "list_products.200.json");
    let products = client.list_products().await.unwrap();
    assert_eq!(products, expected);
    assert!(products.len() > 1);
    let seen = mock.single_request();
    assert_eq!(
        (seen.method, seen.raw_path.as_str()),
        (http::Method::GET, "/products")
    );
}

#[tokio::test]
async fn forte_update_product_204_and_422() {
    let mock = MockServer::start(Api::Forte, documented_statuses(Api::Forte, &[204, 422])).await;
    let client = forte_client(&mock, &options());
    let body: UpdateProductRequest = example_as(Api::Forte, "update_product.request.json");
    client.update_product(PRODUCT_ID, &body).await.unwrap();
    match client.update_product(PRODUCT_ID, &body).await {
        Err(Error::Api {
            error: UpdateProductError::UnprocessableEntity(error),
            ..
        }) => {
            let expected: ProductValidationError =
                serde_json::from_value(documented_body(Api::Forte, "update_product", 422).unwrap())
                    .unwrap();
            assert_eq!(error, expected);
        }
        other => panic!("expected a 422 error, got {other:?}"),
    }
    let sent = example(Api::Forte, "update_product.request.json");
    for seen in mock.requests() {
        assert_eq!(seen.method, http::Method::PUT);
        assert_eq!(seen.raw_path, "/products/prd_ed27b047d3ccd1a6");
        assert_eq!(json_of(&seen.body), sent);
    }
    assert_eq!(mock.request_count(), 2);
}

/// The mocks answer documented statuses without an example file with bodies valid for the
/// status's schema, and the example files themselves are valid too (so the typed results
/// above are for spec-conforming answers).
#[test]
fn mock_answers_are_valid_for_the_spec() {
    for api in [Api::Forter, Api::Forte] {
        for op in &api.spec().operations {
            for (status, schema) in &op.responses {
                let body = documented_body(api, &op.name, *status);
                match (schema, body) {
                    (Some(schema), Some(body)) => {
                        let errors = schema.errors(&body);
                        assert!(
                            errors.is_empty(),
                            "{} {op:?} {status}: {errors:#?}",
                            api.name()
                        );
                    }
                    (None, None) => {}
                    (schema, body) => panic!(
                        "{} {op:?} {status}: schema {:?} but body {body:?}",
                        api.name(),
                        schema.as_ref().map(|s| &s.pointer)
                    ),
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The mock itself catches requests that break the contract.

#[tokio::test]
async fn mock_rejects_requests_that_break_the_contract() {
    let mock = MockServer::start(Api::Forter, |seen| {
        Reply::documented(Api::Forter, &seen.operation, 200)
    })
    .await;
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");

    // Wrong credentials and header values, through the real client.
    let config = forter::Config::new(
        Credentials::basic("another-key", ""),
        "2.17",
        FORTER_SITE_ID,
    )
    .with_base_url(&mock.base_url)
    .unwrap();
    let client = forter::Client::with_options(config, &no_retry(Duration::from_secs(5))).unwrap();
    match client.validate_order(ORDER_ID, &body).await {
        Err(error @ Error::UnexpectedStatus { status: 599, .. }) => {
            let body = String::from_utf8_lossy(error.raw_body().unwrap());
            assert!(body.contains("authorization"), "{body}");
            assert!(body.contains("api-version"), "{body}");
        }
        other => panic!("expected the mock's 599, got {other:?}"),
    }

    // A body that breaks the schema (no `orderId`) and a path of no operation, sent with the
    // transport alone.
    let transport = Transport::new(&no_retry(Duration::from_secs(5))).unwrap();
    let mut request =
        forter::build_validate_order(&forter_config(&mock.base_url), ORDER_ID, &body).unwrap();
    let mut broken = example(Api::Forter, "validate_order.request.json");
    broken.as_object_mut().unwrap().remove("orderId");
    *request.body_mut() = serde_json::to_vec(&broken).unwrap().into();
    assert_eq!(transport.send(request).await.unwrap().status(), 599);

    let mut request =
        forter::build_validate_order(&forter_config(&mock.base_url), ORDER_ID, &body).unwrap();
    *request.uri_mut() = format!("{}/v3/order/{ORDER_ID}", mock.base_url)
        .parse()
        .unwrap();
    assert_eq!(transport.send(request).await.unwrap().status(), 599);

    let failures = mock.take_failures();
    let has = |needle: &str| failures.iter().any(|f| f.contains(needle));
    assert!(
        has("`authorization` is not the expected Basic credentials"),
        "{failures:#?}"
    );
    assert!(has("`api-version` is \"2.17\""), "{failures:#?}");
    assert!(has("orderId"), "{failures:#?}");
    assert!(
        has("no operation of spec/forter/openapi.json"),
        "{failures:#?}"
    );
    assert!(
        failures
            .iter()
            .all(|f| !f.contains(FORTER_KEY) && !f.contains("another-key")),
        "the mock's messages echo credentials: {failures:#?}"
    );
}

/// A mock that received a request breaking the contract fails the test when it is dropped,
/// even if the test ignored the 599 answer.
#[test]
fn mock_fails_the_test_on_drop_after_a_bad_request() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mock = runtime.block_on(async {
        let mock = MockServer::start(Api::Forte, |_| Reply::empty(204)).await;
        let config = forte::Config::new(Credentials::basic(FORTE_SHOP_ID, "wrong"))
            .with_base_url(&mock.base_url)
            .unwrap();
        let client = forte::Client::with_options(config, &options()).unwrap();
        let _ignored = client.list_products().await;
        mock
    });
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(mock)));
    let message = dropped.expect_err("dropping the mock must panic");
    let message = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains("break the spec"), "{message}");
    assert!(message.contains("authorization"), "{message}");
}

#[tokio::test]
async fn custom_user_agent_is_sent() {
    let mock = MockServer::start(Api::Forte, |seen| {
        Reply::documented(Api::Forte, &seen.operation, 200)
    })
    .await;
    let options = ClientOptions {
        user_agent: "commerce-apis/0.1.0 my-shop/2.3".into(),
        ..options()
    };
    forte_client(&mock, &options).list_products().await.unwrap();
    let seen = mock.single_request();
    assert_eq!(
        seen.headers["user-agent"],
        "commerce-apis/0.1.0 my-shop/2.3"
    );
    assert!(ClientOptions::default()
        .user_agent
        .starts_with("commerce-apis/"));
}

// ---------------------------------------------------------------------------------------------
// Bad answers.

#[tokio::test]
async fn malformed_json_is_a_decode_error_naming_the_expected_type() {
    let mock = MockServer::start(Api::Forter, |seen| match seen.index {
        0 => Reply::raw(200, "{\"forterDecision\": APPROVE}"),
        1 => Reply::raw(200, "{\"forterDecision\": 42}"),
        2 => Reply::raw(400, "<html><body>Bad Request</body></html>")
            .header("content-type", "text/html"),
        _ => Reply::raw(200, ""),
    })
    .await;
    let client = forter_client(&mock, &options());
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    for (status, expected) in [
        (200, "V3OrderResponse"),
        (200, "V3OrderResponse"),
        (400, "ErrorResponse"),
        (200, "V3OrderResponse"),
    ] {
        match client.validate_order(ORDER_ID, &body).await {
            Err(error @ Error::Decode { .. }) => {
                let Error::Decode {
                    status: got,
                    expected: named,
                    message,
                    ..
                } = &error
                else {
                    unreachable!()
                };
                assert_eq!((*got, *named), (status, expected));
                assert!(!message.is_empty());
                let shown = error.to_string();
                assert!(
                    shown.contains(expected) && shown.contains(&status.to_string()),
                    "{shown}"
                );
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn truncated_json_body_is_a_decode_error() {
    let full = serde_json::to_vec(&example(Api::Forte, "list_products.200.json")).unwrap();
    let half = full[..full.len() / 2].to_vec();
    let mock = MockServer::start(Api::Forte, move |_| Reply::raw(200, half.clone())).await;
    let client = forte_client(&mock, &options());
    match client.list_products().await {
        Err(Error::Decode {
            status: 200,
            expected: "ProductList",
            message,
            ..
        }) => {
            assert!(message.contains("EOF"), "{message}")
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A server that promises more bytes (`Content-Length`) than it sends, then closes: a transport
/// error, not a panic and not a decode error of half a body.
#[tokio::test]
async fn body_cut_by_the_connection_is_a_transport_error() {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let head = read_request_head(&mut socket)
            .await
            .expect("connection closed before the request head ended");
        socket
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[{\"id\":\"prd_",
            )
            .await
            .unwrap();
        socket.shutdown().await.unwrap();
        String::from_utf8_lossy(&head).into_owned()
    });
    let client =
        forte::Client::with_options(forte_config(&base_url), &no_retry(Duration::from_secs(5)))
            .unwrap();
    match client.list_products().await {
        Err(Error::Transport(error)) => {
            assert!(!error.is_timeout(), "{error}");
            assert_eq!(
                error.kind(),
                &commerce_apis::TransportErrorKind::ResponseBody,
                "{error}"
            );
            assert!(
                error
                    .to_string()
                    .starts_with("the connection failed while reading the response"),
                "{error}"
            );
            assert!(std::error::Error::source(&error).is_some());
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    let head = server.await.unwrap().to_ascii_lowercase();
    assert!(head.starts_with("get /products http/1.1\r\n"), "{head}");
    let authorization =
        format!("authorization: {}\r\n", Api::Forte.authorization()).to_ascii_lowercase();
    assert!(head.contains(&authorization), "{head}");
}

#[tokio::test]
async fn undocumented_status_keeps_the_body_behind_raw_body() {
    let long = "x".repeat(2000);
    let mock = MockServer::start(Api::Forter, move |seen| match seen.index {
        0 => Reply::raw(418, "I'm a teapot").header("content-type", "text/plain"),
        _ => Reply::raw(503, long.clone()).header("content-type", "text/plain"),
    })
    .await;
    let client = forter_client(&mock, &no_retry(Duration::from_secs(5)));
    let body: OrderStatusRequest = example_as(Api::Forter, "update_order_status.request.json");
    match client.update_order_status(ORDER_ID, &body).await {
        Err(error @ Error::UnexpectedStatus { .. }) => {
            assert_eq!(error.status(), Some(418));
            assert_eq!(error.raw_body(), Some(&b"I'm a teapot"[..]));
            assert_eq!(
                error.to_string(),
                "the API answered HTTP 418 I'm a teapot, a status the spec does not document for this operation (body of 12 bytes, see `Error::raw_body`)"
            );
        }
        other => panic!("expected an unexpected status, got {other:?}"),
    }
    match client.update_order_status(ORDER_ID, &body).await {
        Err(error @ Error::UnexpectedStatus { status: 503, .. }) => {
            assert_eq!(
                error.raw_body().map(<[u8]>::len),
                Some(2000),
                "the whole body"
            );
            assert!(!format!("{error:?}").contains("xxx"), "{error:?}");
        }
        other => panic!("expected an unexpected status, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Timeouts and retries.

#[tokio::test]
async fn slow_server_hits_the_timeout() {
    let mock = MockServer::start(Api::Forter, |seen| {
        Reply::documented(Api::Forter, &seen.operation, 200).delayed(Duration::from_millis(1500))
    })
    .await;
    let client = forter_client(&mock, &no_retry(Duration::from_millis(200)));
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    let started = Instant::now();
    match client.validate_order(ORDER_ID, &body).await {
        Err(Error::Transport(error)) => {
            assert!(error.is_timeout(), "{error}");
            assert!(error.to_string().starts_with("timed out"), "{error}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_millis(1200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test]
async fn timed_out_get_is_retried_but_post_is_not() {
    let slow = Duration::from_millis(800);
    let mock = MockServer::start(Api::Forte, move |seen| {
        let status = if seen.operation == "create_product" {
            201
        } else {
            200
        };
        Reply::documented(Api::Forte, &seen.operation, status).delayed(slow)
    })
    .await;
    let options = ClientOptions {
        timeout: Duration::from_millis(150),
        ..retry(1, false)
    };
    let client = forte_client(&mock, &options);
    assert!(matches!(client.list_products().await, Err(Error::Transport(e)) if e.is_timeout()));
    assert_eq!(mock.request_count(), 2, "the GET is tried twice");
    let body: CreateProductRequest = example_as(Api::Forte, "create_product.request.limited.json");
    assert!(
        matches!(client.create_product(&body).await, Err(Error::Transport(e)) if e.is_timeout())
    );
    assert_eq!(mock.request_count(), 3, "the POST is sent once");
}

#[tokio::test]
async fn get_is_retried_after_503_and_succeeds() {
    let mock = MockServer::start(Api::Forte, |seen| match seen.index {
        0 => Reply::raw(503, "busy").header("content-type", "text/plain"),
        1 => Reply::empty(429),
        _ => Reply::documented(Api::Forte, "list_products", 200),
    })
    .await;
    let client = forte_client(&mock, &retry(2, false));
    let expected: ProductList = example_as(Api::Forte, "list_products.200.json");
    assert_eq!(client.list_products().await.unwrap(), expected);
    assert_eq!(mock.request_count(), 3);
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let mock = MockServer::start(Api::Forte, |_| Reply::empty(503)).await;
    let client = forte_client(&mock, &retry(2, false));
    assert!(matches!(
        client.get_product(PRODUCT_ID).await,
        Err(Error::UnexpectedStatus { status: 503, .. })
    ));
    assert_eq!(mock.request_count(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn put_is_retried_after_502() {
    let mock = MockServer::start(Api::Forte, |seen| match seen.index {
        0 => Reply::empty(502),
        _ => Reply::documented(Api::Forte, "update_product", 204),
    })
    .await;
    let client = forte_client(&mock, &retry(2, false));
    let body: UpdateProductRequest = example_as(Api::Forte, "update_product.request.json");
    client.update_product(PRODUCT_ID, &body).await.unwrap();
    assert_eq!(mock.request_count(), 2);
}

#[tokio::test]
async fn post_is_not_retried_after_503() {
    let mock = MockServer::start(Api::Forte, |seen| match seen.index {
        0 => Reply::empty(503),
        _ => Reply::documented(Api::Forte, "create_product", 201),
    })
    .await;
    let client = forte_client(&mock, &retry(2, false));
    let body: CreateProductRequest = example_as(Api::Forte, "create_product.request.limited.json");
    assert!(matches!(
        client.create_product(&body).await,
        Err(Error::UnexpectedStatus { status: 503, .. })
    ));
    assert_eq!(
        mock.request_count(),
        1,
        "a POST that may have reached the server is not repeated"
    );

    let forter = MockServer::start(Api::Forter, |_| Reply::empty(503)).await;
    let client = forter_client(&forter, &retry(2, false));
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    assert!(matches!(
        client.validate_order(ORDER_ID, &body).await,
        Err(Error::UnexpectedStatus { status: 503, .. })
    ));
    assert_eq!(forter.request_count(), 1);
}

#[tokio::test]
async fn post_is_retried_when_allowed() {
    let mock = MockServer::start(Api::Forte, |seen| match seen.index {
        0 => Reply::empty(503),
        _ => Reply::documented(Api::Forte, "create_product", 201),
    })
    .await;
    let client = forte_client(&mock, &retry(2, true));
    let body: CreateProductRequest = example_as(Api::Forte, "create_product.request.limited.json");
    client.create_product(&body).await.unwrap();
    assert_eq!(mock.request_count(), 2);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = forte::Client::with_options(
        forte_config(&format!("http://127.0.0.1:{port}")),
        &retry(1, false),
    )
    .unwrap();
    match client.list_products().await {
        Err(error @ Error::Transport(_)) => {
            assert!(error.is_connect() && !error.is_timeout(), "{error}");
            assert_eq!(error.status(), None);
            assert!(
                error
                    .to_string()
                    .starts_with("could not connect to the server: "),
                "{error}"
            );
            // The cause chain is kept and ends in the operating system's answer.
            let mut chain = Vec::new();
            let mut cause = std::error::Error::source(&error);
            while let Some(err) = cause {
                chain.push(err.to_string());
                cause = err.source();
            }
            assert!(!chain.is_empty(), "no source chain");
            assert!(
                chain
                    .iter()
                    .any(|text| text.to_ascii_lowercase().contains("connection refused")),
                "{chain:#?}"
            );
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Path parameters.

#[tokio::test]
async fn order_id_is_exactly_one_path_segment() {
    let mock = MockServer::start(Api::Forter, |seen| {
        Reply::documented(Api::Forter, &seen.operation, 200)
    })
    .await;
    let client = forter_client(&mock, &options());
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    let cases = [
        ("a/../b?c#d %", "/v3/orders/a%2F..%2Fb%3Fc%23d%20%25"),
        ("100%", "/v3/orders/100%25"),
        ("ünï cødé", "/v3/orders/%C3%BCn%C3%AF%20c%C3%B8d%C3%A9"),
        ("a.b-c_d~e", "/v3/orders/a.b-c_d~e"),
        ("...", "/v3/orders/%2E%2E%2E"),
        ("%2E%2E", "/v3/orders/%252E%252E"),
    ];
    for (id, _) in &cases {
        // The path id must equal the body's `orderId` (`x-body-field`).
        let mut body = body.clone();
        body.order_id = (*id).to_owned();
        client.validate_order(id, &body).await.unwrap();
    }
    let requests = mock.requests();
    assert_eq!(requests.len(), cases.len());
    for (seen, (id, raw)) in requests.iter().zip(&cases) {
        assert_eq!(seen.raw_path, *raw, "raw path of id {id:?}");
        assert_eq!(seen.param("id"), Some(*id), "decoded id");
        assert_eq!(seen.query, None);
    }
}

#[tokio::test]
async fn forte_product_id_is_exactly_one_path_segment() {
    let mock = MockServer::start(Api::Forte, |seen| {
        Reply::documented(Api::Forte, &seen.operation, 200)
    })
    .await;
    let client = forte_client(&mock, &options());
    let id = "prd_1/../../products?x=1#y";
    client.get_product(id).await.unwrap();
    let seen = mock.single_request();
    assert_eq!(
        seen.raw_path,
        "/products/prd_1%2F..%2F..%2Fproducts%3Fx%3D1%23y"
    );
    assert_eq!(seen.param("product_id"), Some(id));
}

/// `.` and `..` as ids: no percent-encoding keeps them in their segment (WHATWG URL parsers,
/// reqwest's among them, resolve `%2E%2E` like `..`, which would send the request to `/v3/`), so
/// they are refused before sending, like an empty id, and nothing reaches the server.
#[tokio::test]
async fn dot_segment_ids_are_refused_before_sending() {
    let mock = MockServer::start(Api::Forter, |seen| {
        Reply::documented(Api::Forter, &seen.operation, 200)
    })
    .await;
    let client = forter_client(&mock, &no_retry(Duration::from_secs(5)));
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    for id in [".", ".."] {
        match client.validate_order(id, &body).await {
            Err(Error::Request(RequestError::InvalidRequest(violations))) => {
                assert_eq!(violations.len(), 1);
                assert_eq!(violations[0].path, "id");
                assert!(violations[0].message.contains("`..`"), "{violations:?}");
            }
            other => panic!("id {id:?} must be refused before sending, got {other:?}"),
        }
    }
    assert!(mock.requests().is_empty(), "a request reached the server");
}

#[tokio::test]
async fn empty_ids_are_refused_before_sending() {
    let forter_mock = MockServer::start(Api::Forter, |_| Reply::empty(500)).await;
    let client = forter_client(&forter_mock, &options());
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    let empty_id = vec![Violation {
        path: "id".into(),
        message: "must not be empty".into(),
    }];
    match client.validate_order("", &body).await {
        Err(Error::Request(RequestError::InvalidRequest(violations))) => {
            assert_eq!(violations, empty_id)
        }
        other => panic!("expected the empty id to be refused, got {other:?}"),
    }
    let status: OrderStatusRequest = example_as(Api::Forter, "update_order_status.request.json");
    assert!(matches!(
        client.update_order_status("", &status).await,
        Err(Error::Request(RequestError::InvalidRequest(v))) if v == empty_id
    ));
    assert_eq!(forter_mock.request_count(), 0);

    let forte_mock = MockServer::start(Api::Forte, |_| Reply::empty(500)).await;
    let client = forte_client(&forte_mock, &options());
    match client.get_product("").await {
        Err(Error::Request(RequestError::InvalidRequest(violations))) => {
            assert_eq!(violations.len(), 1);
            assert_eq!(violations[0].path, "product_id");
        }
        other => panic!("expected the empty id to be refused, got {other:?}"),
    }
    let update: UpdateProductRequest = example_as(Api::Forte, "update_product.request.json");
    assert!(matches!(
        client.update_product("", &update).await,
        Err(Error::Request(RequestError::InvalidRequest(_)))
    ));
    assert_eq!(forte_mock.request_count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Bodies that break the spec's constraints.

fn violation_paths(result_error: RequestError) -> (Vec<String>, String) {
    let shown = result_error.to_string();
    match result_error {
        RequestError::InvalidRequest(violations) => {
            let mut paths: Vec<String> = violations.into_iter().map(|v| v.path).collect();
            paths.sort();
            (paths, shown)
        }
        other => panic!("expected invalid request, got {other:?}"),
    }
}

#[tokio::test]
async fn forter_body_breaking_constraints_is_refused_with_every_violation() {
    let mock = MockServer::start(Api::Forter, |_| Reply::empty(500)).await;
    let client = forter_client(&mock, &options());
    let mut wire = example(Api::Forter, "validate_order.request.json");
    wire["orderId"] = json!("x".repeat(41));
    wire["totalAmount"] = json!({ "amountUSD": "12,50", "currency": "usd" });
    wire["cartItems"][0]["basicItemData"]["price"]["currency"] = json!("EURO");
    let body: V3OrderRequest = serde_json::from_value(wire).unwrap();
    let error = match client.validate_order(ORDER_ID, &body).await {
        Err(Error::Request(error)) => error,
        other => panic!("expected the body to be refused, got {other:?}"),
    };
    let (paths, shown) = violation_paths(error);
    // The path id differs from the (too long) body `orderId`: listed with the body's violations.
    assert_eq!(
        paths,
        [
            "cartItems[0].basicItemData.price.currency",
            "id",
            "orderId",
            "totalAmount.amountUSD",
            "totalAmount.currency"
        ]
    );
    assert!(
        shown.starts_with("the request breaks 5 constraint(s) of the spec"),
        "{shown}"
    );
    assert!(
        shown.contains("id: must equal the body's `orderId`"),
        "{shown}"
    );
    assert!(
        shown.contains("orderId: is 41 characters long, longer than the maximum of 40"),
        "{shown}"
    );
    assert!(
        shown.contains("totalAmount.currency: does not match the pattern"),
        "{shown}"
    );
    assert_eq!(mock.request_count(), 0, "nothing is sent");
}

#[tokio::test]
async fn forte_body_breaking_constraints_is_refused_with_every_violation() {
    let mock = MockServer::start(Api::Forte, |_| Reply::empty(500)).await;
    let client = forte_client(&mock, &options());
    let mut wire = example(Api::Forte, "create_product.request.limited.json");
    wire["currency"] = json!("usd");
    wire["expired_at"] = json!("tomorrow");
    wire["return_url"] = json!("not a url");
    let body: CreateProductRequest = serde_json::from_value(wire).unwrap();
    let error = match client.create_product(&body).await {
        Err(Error::Request(error)) => error,
        other => panic!("expected the body to be refused, got {other:?}"),
    };
    assert_eq!(
        violation_paths(error).0,
        ["currency", "expired_at", "return_url"]
    );

    let mut wire = example(Api::Forte, "update_product.request.json");
    wire["currency"] = json!("EURO");
    let body: UpdateProductRequest = serde_json::from_value(wire).unwrap();
    let error = match client.update_product(PRODUCT_ID, &body).await {
        Err(Error::Request(error)) => error,
        other => panic!("expected the body to be refused, got {other:?}"),
    };
    assert_eq!(violation_paths(error).0, ["currency"]);
    assert_eq!(mock.request_count(), 0, "nothing is sent");
}

// ---------------------------------------------------------------------------------------------
// Credentials and sensitive fields.

/// Every way the credentials could leak into text: the secrets, and the base64 token of the
/// Authorization header.
fn assert_no_credentials(outputs: &[String]) {
    let forter_token = Api::Forter.authorization();
    let forte_token = Api::Forte.authorization();
    let forbidden = [
        FORTER_KEY,
        FORTE_SECRET,
        forter_token.trim_start_matches("Basic "),
        forte_token.trim_start_matches("Basic "),
    ];
    assert!(outputs.len() > 10, "too few outputs checked: {outputs:#?}");
    for output in outputs {
        assert!(!output.is_empty());
        for secret in forbidden {
            assert!(
                !output.contains(secret),
                "a credential leaks into {output:?}"
            );
        }
    }
}

#[tokio::test]
async fn credentials_never_appear_in_debug_or_errors() {
    let mut outputs: Vec<String> = Vec::new();
    let forter_credentials = Credentials::basic(FORTER_KEY, "");
    let forte_credentials = Credentials::basic(FORTE_SHOP_ID, FORTE_SECRET);
    outputs.push(format!("{forter_credentials:?}"));
    outputs.push(format!("{forter_credentials}"));
    outputs.push(format!("{forte_credentials:?}"));
    outputs.push(format!("{forte_credentials}"));
    outputs.push(format!("{:?}", forter_config("http://127.0.0.1:1")));
    outputs.push(format!("{:#?}", forte_config("http://127.0.0.1:1")));

    // Answers of every kind, each turned into an error.
    let mock = MockServer::start(Api::Forter, |seen| match seen.index {
        0 => Reply::documented(Api::Forter, &seen.operation, 401),
        1 => Reply::raw(418, "teapot"),
        2 => Reply::raw(200, "not json"),
        _ => {
            Reply::documented(Api::Forter, &seen.operation, 200).delayed(Duration::from_millis(800))
        }
    })
    .await;
    let client = forter_client(&mock, &no_retry(Duration::from_millis(200)));
    outputs.push(format!("{client:?}"));
    outputs.push(format!("{:?}", client.config()));
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    let request = forter::build_validate_order(client.config(), ORDER_ID, &body).unwrap();
    outputs.push(format!("{request:?}"));
    outputs.push(format!("{:?}", request.headers()));
    for _ in 0..4 {
        let error = client.validate_order(ORDER_ID, &body).await.unwrap_err();
        outputs.push(format!("{error:?}"));
        outputs.push(error.to_string());
    }
    // Refused before sending: a bad body, an empty id, a bad header value, a bad base URL.
    let mut wire = example(Api::Forter, "validate_order.request.json");
    wire["orderId"] = json!("x".repeat(41));
    let bad: V3OrderRequest = serde_json::from_value(wire).unwrap();
    for error in [
        client.validate_order(ORDER_ID, &bad).await.unwrap_err(),
        client.validate_order("", &body).await.unwrap_err(),
    ] {
        outputs.push(format!("{error:?}"));
        outputs.push(error.to_string());
    }
    let config = forter::Config::new(forter_credentials.clone(), "10.1\n", FORTER_SITE_ID);
    let error = forter::build_validate_order(&config, ORDER_ID, &body).unwrap_err();
    outputs.push(format!("{error:?}"));
    outputs.push(error.to_string());
    let error = forter::Config::new(forter_credentials.clone(), "10.1", FORTER_SITE_ID)
        .with_base_url("http://exa mple.test")
        .unwrap_err();
    outputs.push(format!("{error:?}"));
    outputs.push(error.to_string());

    // Forte: connection refused and a 422.
    let refused = forte::Client::with_options(
        forte_config("http://127.0.0.1:1"),
        &no_retry(Duration::from_secs(2)),
    )
    .unwrap();
    outputs.push(format!("{refused:?}"));
    let error = refused.list_products().await.unwrap_err();
    outputs.push(format!("{error:?}"));
    outputs.push(error.to_string());
    let forte_mock = MockServer::start(Api::Forte, |seen| {
        Reply::documented(Api::Forte, &seen.operation, 422)
    })
    .await;
    let client = forte_client(&forte_mock, &options());
    let body: CreateProductRequest = example_as(Api::Forte, "create_product.request.limited.json");
    let error = client.create_product(&body).await.unwrap_err();
    outputs.push(format!("{error:?}"));
    outputs.push(error.to_string());

    assert_no_credentials(&outputs);
    assert!(outputs.iter().any(|o| o.contains("redacted")));
}

/// `Debug` of every Forter example (requests and responses) shows no value of a field marked
/// `x-sensitive` in the spec.
#[test]
fn sensitive_fields_are_redacted_in_debug() {
    let spec = Api::Forter.spec();
    let mut checked = 0;
    for op in &spec.operations {
        let request_file = format!("{}.request.json", op.name);
        let response_file = format!("{}.200.json", op.name);
        let request_debug = match op.name.as_str() {
            "validate_order" => format!(
                "{:?}",
                example_as::<V3OrderRequest>(Api::Forter, &request_file)
            ),
            "update_order_status" => {
                format!(
                    "{:?}",
                    example_as::<OrderStatusRequest>(Api::Forter, &request_file)
                )
            }
            "compensation_request" => format!(
                "{:?}",
                example_as::<UnifiedCompensationRequest>(Api::Forter, &request_file)
            ),
            other => panic!("new operation {other}: add it here"),
        };
        let response_debug = match op.name.as_str() {
            "validate_order" => format!(
                "{:?}",
                example_as::<V3OrderResponse>(Api::Forter, &response_file)
            ),
            "update_order_status" => {
                format!(
                    "{:?}",
                    example_as::<StatusResponse>(Api::Forter, &response_file)
                )
            }
            _ => format!(
                "{:?}",
                example_as::<UnifiedCompensationRequestResponse>(Api::Forter, &response_file)
            ),
        };
        let request_schema = op.request_body.as_ref().unwrap();
        let response_schema = op.response_schema(200).unwrap();
        for (file, schema, debug) in [
            (&request_file, &request_schema.pointer, request_debug),
            (&response_file, &response_schema.pointer, response_debug),
        ] {
            let (sensitive, plain) =
                sensitive_values(&spec.doc, schema, &example(Api::Forter, file));
            for value in sensitive
                .iter()
                .filter(|v| v.len() >= 3 && !plain.contains(v))
            {
                assert!(
                    !debug.contains(&format!("{value:?}")) && !debug.contains(value.as_str()),
                    "{file}: sensitive value {value:?} shows in Debug: {debug}"
                );
                checked += 1;
            }
        }
    }
    // Not vacuous: the examples hold e-mails, names, addresses, IPs, card data, tokens.
    assert!(checked >= 10, "only {checked} sensitive values checked");
    let order: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    let debug = format!("{order:?}");
    assert!(
        debug.contains("*** redacted ***") && debug.contains("2356fdse0rr489"),
        "{debug}"
    );
    assert!(
        !debug.contains("john_s@test.com") && !debug.contains("10.0.0.127"),
        "{debug}"
    );
}
