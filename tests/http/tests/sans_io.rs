//! The sans-IO layer without a server: `build_*` makes the exact request (method, URL, headers,
//! body) and `parse_*` turns hand-made `http::Response`s into typed results.

mod common;

use commerce_apis::forte::{self, CreateProductError, GetProductError, UpdateProductError};
use commerce_apis::forter::{
    self, CompensationRequestError, ErrorResponse, ForterDecision, UpdateOrderStatusError,
    V3OrderRequest, V3OrderResponse, ValidateOrderError,
};
use commerce_apis::{Body, Credentials, Error, RequestError};
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::Request;
use serde_json::{json, Value};

use common::*;

const FORTER_BASE: &str = "https://forter.example.test";
const FORTE_BASE: &str = "https://forte.example.test";

fn forter_config() -> forter::Config {
    forter::Config::new(
        Credentials::basic(FORTER_KEY, ""),
        FORTER_API_VERSION,
        FORTER_SITE_ID,
    )
    // A trailing slash is not doubled.
    .with_base_url(format!("{FORTER_BASE}/"))
    .unwrap()
}

fn forte_config() -> forte::Config {
    forte::Config::new(Credentials::basic(FORTE_SHOP_ID, FORTE_SECRET))
        .with_base_url(FORTE_BASE)
        .unwrap()
}

fn response(status: u16, body: impl Into<Vec<u8>>) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

/// The documented answer of a status (example file or small valid body), as a response.
fn documented(api: Api, operation: &str, status: u16) -> http::Response<Vec<u8>> {
    let body = documented_body(api, operation, status)
        .map(|body| serde_json::to_vec(&body).unwrap())
        .unwrap_or_default();
    response(status, body)
}

/// The headers of a request, as sorted `(name, value)` pairs.
fn headers(request: &Request<Body>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string()))
        .collect();
    out.sort();
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    out.sort();
    out
}

/// Checks a built request against the spec's operation: method, exact URL, exact header set,
/// and a JSON body equal to `body` and valid for the request body schema (or no body).
fn check_request(
    api: Api,
    request: &Request<Body>,
    operation: &str,
    url: &str,
    body: Option<&Value>,
) {
    let op = api.spec().operation(operation);
    assert_eq!(request.method(), op.method, "{operation}");
    assert_eq!(request.uri().to_string(), url, "{operation}");
    let authorization = api.authorization();
    let mut expected = vec![
        ("accept", "application/json"),
        ("authorization", authorization.as_str()),
    ];
    expected.extend(api.header_values());
    if body.is_some() {
        expected.push(("content-type", "application/json"));
    }
    assert_eq!(headers(request), pairs(&expected), "{operation}: headers");
    assert!(
        request.headers()[AUTHORIZATION].is_sensitive(),
        "{operation}: Authorization must be marked sensitive"
    );
    match (body, &op.request_body) {
        (Some(body), Some(schema)) => {
            let sent: Value = serde_json::from_slice(request.body()).unwrap();
            assert_eq!(&sent, body, "{operation}: body");
            let errors = schema.errors(&sent);
            assert!(errors.is_empty(), "{operation}: {errors:#?}");
        }
        (None, None) => assert!(request.body().is_empty(), "{operation}: no body"),
        (body, schema) => panic!(
            "{operation}: body {body:?} but spec body schema {:?}",
            schema.as_ref().map(|s| &s.pointer)
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// build_*

#[test]
fn forter_builders_make_the_exact_requests() {
    let config = forter_config();
    for (operation, path) in [
        ("validate_order", "/v3/orders/"),
        ("update_order_status", "/v2/status/"),
        ("compensation_request", "/v2/unified-compensation-request/"),
    ] {
        let file = format!("{operation}.request.json");
        let mut wire = example(Api::Forter, &file);
        // Where the spec ties `{id}` to the body's `orderId` (`x-body-field`), they are equal.
        if wire.get("orderId").is_some() {
            wire["orderId"] = json!("o 1/2");
        }
        let request = match operation {
            "validate_order" => forter::build_validate_order(
                &config,
                "o 1/2",
                &serde_json::from_value(wire.clone()).unwrap(),
            ),
            "update_order_status" => forter::build_update_order_status(
                &config,
                "o 1/2",
                &serde_json::from_value(wire.clone()).unwrap(),
            ),
            _ => forter::build_compensation_request(
                &config,
                "o 1/2",
                &example_as(Api::Forter, &file),
            ),
        }
        .unwrap();
        let url = format!("{FORTER_BASE}{path}o%201%2F2");
        check_request(Api::Forter, &request, operation, &url, Some(&wire));
    }
}

#[test]
fn forte_builders_make_the_exact_requests() {
    let config = forte_config();
    for variant in ["limited", "infinite"] {
        let file = format!("create_product.request.{variant}.json");
        let request = forte::build_create_product(&config, &example_as(Api::Forte, &file)).unwrap();
        let url = format!("{FORTE_BASE}/products");
        check_request(
            Api::Forte,
            &request,
            "create_product",
            &url,
            Some(&example(Api::Forte, &file)),
        );
    }

    let request = forte::build_list_products(&config).unwrap();
    check_request(
        Api::Forte,
        &request,
        "list_products",
        &format!("{FORTE_BASE}/products"),
        None,
    );

    let request = forte::build_get_product(&config, "prd_ed27b047d3ccd1a6").unwrap();
    let url = format!("{FORTE_BASE}/products/prd_ed27b047d3ccd1a6");
    check_request(Api::Forte, &request, "get_product", &url, None);

    let file = "update_product.request.json";
    let request = forte::build_update_product(
        &config,
        "prd_ed27b047d3ccd1a6",
        &example_as(Api::Forte, file),
    )
    .unwrap();
    check_request(
        Api::Forte,
        &request,
        "update_product",
        &url,
        Some(&example(Api::Forte, file)),
    );
}

#[test]
fn default_and_prefixed_base_urls() {
    let config = forter::Config::new(Credentials::basic("k", ""), "10.1", "site");
    assert_eq!(config.base_url(), "https://api.forter-secure.com");
    assert_eq!(config.base_url(), forter::Config::DEFAULT_BASE_URL);
    assert_eq!((config.api_version(), config.site_id()), ("10.1", "site"));
    let mut body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    body.order_id = "1".to_owned(); // the path id must equal the body's `orderId`
    let request = forter::build_validate_order(&config, "1", &body).unwrap();
    assert_eq!(request.uri(), "https://api.forter-secure.com/v3/orders/1");

    let config = forte::Config::new(Credentials::basic("1", "s"));
    assert_eq!(config.base_url(), "https://epsp.fortebank.com");
    let request = forte::build_list_products(&config).unwrap();
    assert_eq!(request.uri(), "https://epsp.fortebank.com/products");

    // A gateway prefix is kept.
    let config = config
        .with_base_url("http://127.0.0.1:8080/forte/")
        .unwrap();
    let request = forte::build_get_product(&config, "p").unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1:8080/forte/products/p");
}

#[test]
fn bad_configuration_is_an_invalid_config_error_naming_the_header() {
    let mut body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    body.order_id = "1".to_owned(); // the path id must equal the body's `orderId`
    for (api_version, site_id, header) in [
        ("10.1\r\nx-injected: 1", FORTER_SITE_ID, "api-version"),
        (FORTER_API_VERSION, "site\n", "x-forter-siteid"),
    ] {
        let config = forter::Config::new(Credentials::basic(FORTER_KEY, ""), api_version, site_id);
        match forter::build_validate_order(&config, "1", &body) {
            Err(RequestError::InvalidConfig(message)) => {
                assert!(message.contains(header), "{message}")
            }
            other => panic!("expected InvalidConfig, got {other:?}"),
        }
    }
    // A base URL that cannot take a path is refused when it is set, not at request time.
    for base in [
        "http://exa mple.test",
        "not a url",
        "epsp.fortebank.com",
        "ftp://epsp.fortebank.com",
        "https://epsp.fortebank.com?shop=1",
        "https://epsp.fortebank.com/#x",
        "https://4242:sk_secret@epsp.fortebank.com",
    ] {
        match forte_config().with_base_url(base) {
            Err(RequestError::InvalidConfig(message)) => {
                assert!(message.starts_with("the base URL "), "{base}: {message}");
                assert!(!message.contains("sk_secret"), "{message}");
            }
            other => panic!("{base}: expected InvalidConfig, got {other:?}"),
        }
    }
}

#[test]
fn builders_refuse_invalid_bodies_and_empty_ids() {
    let mut wire = example(Api::Forte, "create_product.request.infinite.json");
    wire["currency"] = json!("US");
    wire["language"] = json!("english");
    let body = serde_json::from_value(wire).unwrap();
    match forte::build_create_product(&forte_config(), &body) {
        Err(RequestError::InvalidRequest(violations)) => {
            let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["currency", "language"]);
            assert!(
                violations.iter().all(|v| v.message.contains("pattern")),
                "{violations:?}"
            );
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    let mut wire = example(Api::Forter, "validate_order.request.json");
    wire["cartItems"] = json!([]);
    // The path id equals the body's `orderId`; a different one would be a second violation.
    let id = wire["orderId"].as_str().unwrap().to_owned();
    let body = serde_json::from_value(wire).unwrap();
    match forter::build_validate_order(&forter_config(), &id, &body) {
        Err(RequestError::InvalidRequest(violations)) => {
            assert_eq!(violations.len(), 1, "{violations:?}");
            assert_eq!(violations[0].path, "cartItems");
            assert_eq!(
                violations[0].message,
                "has 0 items, fewer than the minimum of 1"
            );
            assert_eq!(
                violations[0].to_string(),
                "cartItems: has 0 items, fewer than the minimum of 1"
            );
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    assert!(matches!(
        forter::build_validate_order(&forter_config(), "", &body),
        Err(RequestError::InvalidRequest(v)) if v.len() == 1 && v[0].path == "id"
    ));
    assert!(matches!(
        forte::build_get_product(&forte_config(), ""),
        Err(RequestError::InvalidRequest(v)) if v.len() == 1 && v[0].path == "product_id"
    ));
}

/// `.` and `..` are refused (no encoding survives URL parsers that resolve `%2E%2E` like `..`);
/// longer dot-only ids are encoded, dots inside an id stay as they are.
#[test]
fn dot_segments_are_refused_or_encoded() {
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    for id in [".", ".."] {
        match forter::build_validate_order(&forter_config(), id, &body) {
            Err(RequestError::InvalidRequest(violations)) => assert_eq!(violations[0].path, "id"),
            other => panic!("id {id:?} must be refused, got {other:?}"),
        }
    }
    for (id, raw) in [("...", "%2E%2E%2E"), ("a..", "a..")] {
        let mut body = body.clone();
        body.order_id = id.to_owned(); // the path id must equal the body's `orderId`
        let request = forter::build_validate_order(&forter_config(), id, &body).unwrap();
        assert_eq!(request.uri().path(), format!("/v3/orders/{raw}"));
    }
}

// ---------------------------------------------------------------------------------------------
// parse_*

/// (status, body) of a documented Forter error; panics on anything else.
macro_rules! forter_error {
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

#[test]
fn forter_parsers_type_every_documented_status() {
    let expected: V3OrderResponse = example_as(Api::Forter, "validate_order.200.json");
    let parsed = forter::parse_validate_order(&documented(Api::Forter, "validate_order", 200));
    assert_eq!(parsed.unwrap(), expected);
    let parsed =
        forter::parse_update_order_status(&documented(Api::Forter, "update_order_status", 200));
    assert_eq!(
        parsed.unwrap(),
        example_as(Api::Forter, "update_order_status.200.json")
    );
    let parsed =
        forter::parse_compensation_request(&documented(Api::Forter, "compensation_request", 200));
    assert_eq!(
        parsed.unwrap(),
        example_as(Api::Forter, "compensation_request.200.json")
    );

    for status in [400, 401, 404, 500] {
        let body: ErrorResponse =
            serde_json::from_value(documented_body(Api::Forter, "validate_order", status).unwrap())
                .unwrap();
        let answer = documented(Api::Forter, "validate_order", status);
        let got = forter_error!(forter::parse_validate_order(&answer), ValidateOrderError);
        assert_eq!(got, (status, body.clone()));
        let got = forter_error!(
            forter::parse_update_order_status(&answer),
            UpdateOrderStatusError
        );
        assert_eq!(got, (status, body.clone()));
        let got = forter_error!(
            forter::parse_compensation_request(&answer),
            CompensationRequestError
        );
        assert_eq!(got, (status, body));
    }
    // The error schema requires nothing: `{}` is a documented error too.
    let parsed = forter::parse_validate_order(&response(404, "{}"));
    assert!(
        matches!(parsed, Err(Error::Api { error: ValidateOrderError::NotFound(b), .. }) if b.message.is_none())
    );
}

#[test]
fn forte_parsers_type_every_documented_status() {
    let product: forte::Product = example_as(Api::Forte, "create_product.201.json");
    assert_eq!(
        forte::parse_create_product(&documented(Api::Forte, "create_product", 201)).unwrap(),
        product
    );
    match forte::parse_create_product(&documented(Api::Forte, "create_product", 422)) {
        Err(Error::Api {
            error: CreateProductError::UnprocessableEntity(error),
            ..
        }) => {
            assert!(error.message.starts_with("Currency is not in ISO 4217"));
        }
        other => panic!("{other:?}"),
    }
    let list: forte::ProductList = example_as(Api::Forte, "list_products.200.json");
    assert_eq!(
        forte::parse_list_products(&documented(Api::Forte, "list_products", 200)).unwrap(),
        list
    );
    assert_eq!(
        forte::parse_list_products(&response(200, "[]")).unwrap(),
        vec![]
    );
    let product: forte::Product = example_as(Api::Forte, "get_product.200.json");
    assert_eq!(
        forte::parse_get_product(&documented(Api::Forte, "get_product", 200)).unwrap(),
        product
    );
    assert!(matches!(
        forte::parse_get_product(&documented(Api::Forte, "get_product", 302)),
        Err(Error::Api { error: GetProductError::Found(body), .. }) if body.message.as_deref() == Some("Product not found")
    ));
    // 204 has no body; whatever comes with it is ignored.
    forte::parse_update_product(&response(204, "")).unwrap();
    forte::parse_update_product(&response(204, "not json")).unwrap();
    assert!(matches!(
        forte::parse_update_product(&documented(Api::Forte, "update_product", 422)),
        Err(Error::Api { error: UpdateProductError::UnprocessableEntity(e), .. }) if e.errors.is_some()
    ));
}

#[test]
fn parsers_accept_unknown_keys_and_enum_values() {
    let mut wire = example(Api::Forter, "validate_order.200.json");
    wire["forterDecision"] = json!("ESCALATE_TO_HUMAN");
    wire["someFutureKey"] = json!({ "nested": [1, 2] });
    let parsed =
        forter::parse_validate_order(&response(200, serde_json::to_vec(&wire).unwrap())).unwrap();
    assert!(
        matches!(&parsed.forter_decision, ForterDecision::Unrecognized(v) if v.as_str() == "ESCALATE_TO_HUMAN")
    );

    let mut wire = example(Api::Forte, "get_product.200.json");
    wire["someFutureKey"] = json!(true);
    forte::parse_get_product(&response(200, serde_json::to_vec(&wire).unwrap())).unwrap();
}

#[test]
fn parsers_report_bodies_that_do_not_match() {
    match forter::parse_validate_order(&response(200, "{\"orderId\": \"1\"}")) {
        Err(Error::Decode {
            status: 200,
            expected: "V3OrderResponse",
            message,
            ..
        }) => {
            assert!(
                message.contains("forterDecision"),
                "names the missing field: {message}"
            )
        }
        other => panic!("{other:?}"),
    }
    match forte::parse_create_product(&response(422, "{\"errors\": {}}")) {
        Err(Error::Decode {
            status: 422,
            expected: "ProductValidationError",
            message,
            ..
        }) => {
            assert!(message.contains("message"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    for body in ["", "nul", "[1,", "\u{feff}{}", "{\"id\": 1}"] {
        assert!(
            matches!(
                forte::parse_get_product(&response(200, body)),
                Err(Error::Decode {
                    status: 200,
                    expected: "Product",
                    ..
                })
            ),
            "{body:?}"
        );
    }
}

#[test]
fn undocumented_statuses_keep_the_body_out_of_sight() {
    // 301 is not the documented 302; 200 is not documented for create (201 is).
    for status in [301, 200, 418, 502] {
        let error = forte::parse_create_product(&response(status, "plain text")).unwrap_err();
        assert_eq!(error.raw_body(), Some(&b"plain text"[..]));
        assert_eq!(error.status(), Some(status));
        match &error {
            Error::UnexpectedStatus {
                status: got, body, ..
            } => {
                assert_eq!((*got, body.as_bytes()), (status, &b"plain text"[..]))
            }
            other => panic!("{status}: {other:?}"),
        }
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains("plain"), "the body shows: {shown}");
            assert!(shown.contains(&status.to_string()), "{shown}");
        }
    }
    assert!(matches!(
        forte::parse_get_product(&response(301, "")),
        Err(Error::UnexpectedStatus { status: 301, .. })
    ));
    // The whole body is kept, bytes as received.
    let long = "é".repeat(600);
    let error = forte::parse_list_products(&response(500, long.clone())).unwrap_err();
    assert_eq!(error.raw_body(), Some(long.as_bytes()));
    let bytes = vec![b'o', b'k', 0xff, 0xfe];
    let error = forte::parse_list_products(&response(500, bytes.clone())).unwrap_err();
    assert_eq!(error.raw_body(), Some(&bytes[..]));
    assert_eq!(
        format!("{error:?}"),
        "UnexpectedStatus { status: 500, body: Body(4 bytes), response: ResponseInfo { headers: [\"content-type\"], attempts: None } }"
    );
}

/// A wrongly typed value in a response (here a card number where a number is expected) is not
/// quoted by the decode error: serde_json's message would show it.
#[test]
fn decode_errors_never_quote_the_value() {
    let card = "4111111111111111";
    let mut wire = example(Api::Forte, "get_product.200.json");
    wire["amount"] = json!(card);
    let error =
        forte::parse_get_product(&response(200, serde_json::to_vec(&wire).unwrap())).unwrap_err();
    let Error::Decode { message, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(message.starts_with("data error: "), "{message}");
    assert!(message.contains(" at line 1 column "), "{message}");
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!shown.contains(card), "the value shows: {shown}");
    }
    assert!(error
        .raw_body()
        .is_some_and(|b| b.windows(16).any(|w| w == card.as_bytes())));
}

/// The documented error enums display a bounded summary (status, reason, variant), never the
/// body, which may echo what was sent (an e-mail address in a validation message); the details
/// are the typed value. The answer's headers stay with the error.
#[test]
fn documented_errors_display_status_and_details() {
    let error =
        forter::parse_validate_order(&documented(Api::Forter, "validate_order", 400)).unwrap_err();
    let Error::Api { error: api, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status(), 400);
    assert_eq!(error.status(), Some(400));
    let shown = error.to_string();
    assert_eq!(
        shown,
        "the API answered HTTP 400 Bad Request (ValidateOrderError::BadRequest)"
    );
    // The API's messages and error details are in the typed value, not in the text.
    let body = documented_body(Api::Forter, "validate_order", 400).unwrap();
    let detail = body["errorMessage"].as_str().unwrap();
    assert!(!shown.contains(detail), "{shown}");
    let ValidateOrderError::BadRequest(typed) = api else {
        panic!("{api:?}")
    };
    assert_eq!(typed.error_message.as_deref(), Some(detail));
    // `Error` and the per-operation enum are `std::error::Error`s.
    let dynamic: &dyn std::error::Error = &error;
    assert!(dynamic.source().is_none());
    let dynamic: &dyn std::error::Error = api;
    assert_eq!(
        dynamic.to_string(),
        shown.trim_start_matches("the API answered ")
    );

    let error = forte::parse_get_product(&documented(Api::Forte, "get_product", 302)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the API answered HTTP 302 Found (GetProductError::Found)"
    );
}

/// Every answered error keeps the answer's headers: a `503` to a POST (never retried) says how
/// long to wait, and the request id is there for a support ticket, documented status or not.
#[test]
fn answered_errors_keep_the_headers() {
    let with_headers = |mut answer: http::Response<Vec<u8>>| {
        let headers = answer.headers_mut();
        headers.insert("retry-after", "120".parse().unwrap());
        headers.insert("x-request-id", "req-7".parse().unwrap());
        answer
    };
    let errors = [
        forter::parse_validate_order(&with_headers(documented(
            Api::Forter,
            "validate_order",
            400,
        )))
        .unwrap_err(),
        forter::parse_validate_order(&with_headers(response(503, "busy"))).unwrap_err(),
        forter::parse_validate_order(&with_headers(response(200, "not json"))).unwrap_err(),
    ];
    for error in &errors {
        assert_eq!(
            error.retry_after(),
            Some(std::time::Duration::from_secs(120)),
            "{error:?}"
        );
        assert_eq!(error.request_id(), Some("req-7"), "{error:?}");
        assert_eq!(error.headers().unwrap()["x-request-id"], "req-7");
        // Parsed without the client: no attempts to tell.
        assert!(error.attempts().is_none());
    }
    assert!(matches!(errors[0], Error::Api { .. }));
    assert!(matches!(
        errors[1],
        Error::UnexpectedStatus { status: 503, .. }
    ));
    assert!(matches!(errors[2], Error::Decode { status: 200, .. }));
}

/// `ApiResponse::parse` is the sans-IO `<operation>_with_response`.
#[test]
fn api_response_keeps_status_and_headers_beside_the_body() {
    let mut answer = documented(Api::Forte, "get_product", 200);
    answer
        .headers_mut()
        .insert("x-request-id", "req-42".parse().unwrap());
    let parsed = commerce_apis::ApiResponse::parse(&answer, forte::parse_get_product).unwrap();
    assert_eq!(parsed.status, http::StatusCode::OK);
    assert_eq!(parsed.headers["x-request-id"], "req-42");
    let product: forte::Product = example_as(Api::Forte, "get_product.200.json");
    assert_eq!(parsed.body, product);
}

/// `Debug` of a built request shows the body's length, not its bytes (they hold card data and
/// personal data).
#[test]
fn built_requests_do_not_print_their_body() {
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    let request = forter::build_validate_order(&forter_config(), &body.order_id, &body).unwrap();
    let shown = format!("{request:?}");
    assert!(
        shown.contains(&format!("Body({} bytes)", request.body().len())),
        "{shown}"
    );
    for secret in ["john_s@test.com", "10.0.0.127", "cardNumber", "orderId"] {
        assert!(!shown.contains(secret), "{secret} shows in {shown}");
    }
    // The bytes are still there for the HTTP client.
    let sent: Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(sent, example(Api::Forter, "validate_order.request.json"));
    let bytes: Vec<u8> = request.into_body().into();
    assert!(!bytes.is_empty());
}
