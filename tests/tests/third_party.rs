//! Payloads written by third parties (recorded HTTP traffic, bodies built by public client
//! libraries) go through the generated types. Provenance and licences:
//! `tests/fixtures/third_party/PROVENANCE.md`.
//!
//! Every fixture has an exact expectation ([`Expect`]), so a regression in either direction (a
//! payload that stops parsing, or one that starts parsing where it must not) fails the test:
//! - `Lossless`: deserializes, and serializes back to the identical JSON value;
//! - `Modelled`: deserializes, and serializes back to the original minus exactly the listed
//!   pointers (keys the spec does not model, and `null`s sent for optional non-nullable fields,
//!   which read as absent). Every other key survives;
//! - `Rejected`: the whole body does not deserialize, with an error naming the listed field;
//!   `members` then lists, per top-level key, the Rust type its value must deserialize into
//!   (checked like `Modelled`, with the listed pointers below that key).

use std::fs;
use std::path::PathBuf;

use commerce_apis::{forte, forter};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use workspace_tests::workspace_root;

fn fixture(path: &str) -> Value {
    let full: PathBuf = workspace_root()
        .join("tests/fixtures/third_party")
        .join(path);
    let text = fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON: {e}"))
}

/// `value` without the keys at `pointers` (each must exist, so a stale list fails).
fn without(value: &Value, pointers: &[&str], context: &str) -> Value {
    let mut out = value.clone();
    for pointer in pointers {
        let (parent, key) = pointer.rsplit_once('/').expect("a JSON pointer");
        let removed = out
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .and_then(|object| object.remove(key));
        assert!(
            removed.is_some(),
            "{context}: expected key {pointer} is not in the payload"
        );
    }
    out
}

/// Deserializes into `T`, serializes back; `Err` with serde's message when it does not read.
fn through<T: Serialize + DeserializeOwned>(value: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    Ok(serde_json::to_value(&typed).expect("serializes"))
}

/// Reads `value` as `T` and checks that it comes back as `value` minus `dropped`.
fn modelled<T: Serialize + DeserializeOwned>(value: &Value, dropped: &[&str], context: &str) {
    let back = through::<T>(value).unwrap_or_else(|e| {
        panic!(
            "{context}: does not deserialize into {}: {e}",
            std::any::type_name::<T>()
        )
    });
    let expected = without(value, dropped, context);
    assert_eq!(
        back,
        expected,
        "{context}: through {} the JSON changed beyond the expected drops {dropped:?}",
        std::any::type_name::<T>()
    );
}

// ---------------------------------------------------------------------------------------------
// Forter: payloads written for this project after the structure of Workarea's recorded sandbox
// traffic (2019, api-version 2.2/2.3, /v2/orders, /v2/status): same keys, nesting and kinds of
// values, our own names, ids, amounts and tokens. See PROVENANCE.md.

const RS: &str = "forter/recorded-shapes";

/// The top-level members of a v2 order body, each through the v3 field type.
fn v2_order_members(name: &str, dropped: &[&str]) {
    let context = format!("{RS}/{name}.request.json");
    let body = fixture(&context);
    // The whole body is a v2 order: no `authorizationStep`, which the v3 request requires.
    let err = through::<forter::V3OrderRequest>(&body).unwrap_err();
    assert!(
        err.contains("missing field `authorizationStep`"),
        "{context}: {err}"
    );
    let object = body.as_object().expect("an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "accountOwner",
            "cartItems",
            "checkoutTime",
            "connectionInformation",
            "orderId",
            "orderType",
            "payment",
            "primaryDeliveryDetails",
            "primaryRecipient",
            "timeSentToForter",
            "totalAmount",
            "totalDiscount",
        ],
        "{context}"
    );
    for (key, value) in object {
        let below: Vec<&str> = dropped
            .iter()
            .filter_map(|p| p.strip_prefix(&format!("/{key}")))
            .collect();
        let ctx = format!("{context} /{key}");
        match key.as_str() {
            "orderId" => modelled::<String>(value, &below, &ctx),
            "orderType" => modelled::<forter::OrderType>(value, &below, &ctx),
            "timeSentToForter" | "checkoutTime" => modelled::<i64>(value, &below, &ctx),
            "primaryRecipient" => modelled::<forter::Recipient>(value, &below, &ctx),
            "totalAmount" => modelled::<forter::MoneyAmount>(value, &below, &ctx),
            "connectionInformation" => {
                modelled::<forter::ConnectionInformation>(value, &below, &ctx)
            }
            "primaryDeliveryDetails" => modelled::<forter::DeliveryDetails>(value, &below, &ctx),
            "cartItems" => modelled::<Vec<forter::CartItem>>(value, &below, &ctx),
            "payment" => modelled::<Vec<forter::Payment>>(value, &below, &ctx),
            "accountOwner" => modelled::<forter::AccountOwner>(value, &below, &ctx),
            // Sent as `null` and answered 200: it reads as absent.
            "totalDiscount" => {
                assert_eq!(value, &Value::Null, "{ctx}");
                let read: Option<forter::TotalDiscount> =
                    serde_json::from_value(value.clone()).unwrap();
                assert!(read.is_none(), "{ctx}");
            }
            other => panic!("{ctx}: no type listed for {other}"),
        }
    }
}

#[test]
fn recorded_shape_v2_order_bodies_read_member_by_member() {
    // `carrier: null` is nullable in the spec and survives; `forterTokenCookie: null` (optional,
    // not nullable) reads as absent.
    v2_order_members("order_web_tokenized", &[]);
    v2_order_members("order_credit_card", &[]);
    v2_order_members(
        "order_headless_null_cookie",
        &["/connectionInformation/forterTokenCookie"],
    );
}

#[test]
fn recorded_shape_v2_order_bodies_keep_their_typed_values() {
    let body = fixture(&format!("{RS}/order_credit_card.request.json"));
    let payment: Vec<forter::Payment> = serde_json::from_value(body["payment"].clone()).unwrap();
    let card = payment[0].credit_card.as_ref().expect("creditCard");
    assert_eq!(card.bin.as_deref(), Some("424242"));
    let results = card
        .verification_results
        .as_ref()
        .expect("verificationResults");
    assert_eq!(results.authorization_code.as_deref(), Some("88120"));
    assert_eq!(results.avs_full_result.as_deref(), Some(""));
    let delivery: forter::DeliveryDetails =
        serde_json::from_value(body["primaryDeliveryDetails"].clone()).unwrap();
    assert_eq!(
        delivery.carrier,
        Some(None),
        "`carrier: null` is kept as null"
    );
    let headless = fixture(&format!("{RS}/order_headless_null_cookie.request.json"));
    let connection: forter::ConnectionInformation =
        serde_json::from_value(headless["connectionInformation"].clone()).unwrap();
    assert_eq!(connection.forter_token_cookie, None);
    assert_eq!(headless["checkoutTime"], 0);
}

#[test]
fn recorded_shape_v2_order_responses_are_not_v3_decisions() {
    for (name, action) in [
        ("order_approve", "approve"),
        ("order_decline", "decline"),
        ("order_not_reviewed", "not reviewed"),
    ] {
        let body = fixture(&format!("{RS}/{name}.200.json"));
        assert_eq!(body["action"], action, "{name}");
        let err = through::<forter::V3OrderResponse>(&body).unwrap_err();
        assert!(
            err.contains("missing field `forterDecision`"),
            "{name}: {err}"
        );
        // The v2 envelope (`status`, `message`) is what StatusResponse reads; the v2 keys
        // `transaction`, `action` and `reasonCode` are not modelled.
        modelled::<forter::StatusResponse>(
            &body,
            &["/transaction", "/action", "/reasonCode"],
            name,
        );
        let status = serde_json::from_value::<forter::StatusResponse>(body.clone())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            status.status,
            Some(forter::ApiResultStatus::Success),
            "{name}"
        );
    }
}

#[test]
fn recorded_shape_status_update_round_trips() {
    let request = fixture(&format!("{RS}/status_update.request.json"));
    modelled::<forter::OrderStatusRequest>(&request, &[], "status_update.request.json");
    let typed: forter::OrderStatusRequest = serde_json::from_value(request).unwrap();
    assert_eq!(
        typed.updated_status,
        forter::OrderStatus::CanceledByMerchant
    );
    assert_eq!(typed.event_time, 1_700_000_999_000);
    let response = fixture(&format!("{RS}/status_update.200.json"));
    modelled::<forter::StatusResponse>(&response, &[], "status_update.200.json");
    let parsed: forter::StatusResponse = serde_json::from_value(response).unwrap();
    assert_eq!(parsed.status, Some(forter::ApiResultStatus::Success));
    assert_eq!(
        parsed.message.as_deref(),
        Some("Status of transaction shape-status-0003 accepted")
    );
}

#[test]
fn an_error_body_keeps_its_list_of_errors() {
    let body = fixture(&format!("{RS}/error.400.json"));
    // `action` is a v2 key the error type does not model.
    modelled::<forter::ErrorResponse>(&body, &["/action"], "error.400.json");
    let error: forter::ErrorResponse = serde_json::from_value(body).unwrap();
    // `failure` is not a documented status value: it reads as the catch-all, and is kept.
    assert!(
        !matches!(
            error.status,
            Some(forter::ApiResultStatus::Success) | Some(forter::ApiResultStatus::Failed)
        ),
        "{:?}",
        error.status
    );
    let errors = error.errors.expect("the list of errors is modelled");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].path.as_deref(),
        Some("#/cartItems/0/basicItemData/")
    );
    assert_eq!(
        errors[0].message.as_deref(),
        Some("Example validation error")
    );
}

// ---------------------------------------------------------------------------------------------
// Forter: bodies written for this project after the structure Forter's own Magento 2 module
// builds (`Model/RequestBuilder/*`, `Model/Mappers/*`): numeric ids, pass-through payloads that
// are `""` or `[]`, phone orders without `connectionInformation`. See PROVENANCE.md.

const M2: &str = "forter/magento2-shapes";

#[test]
fn magento2_shape_phone_order_reads_as_a_v3_request() {
    let mut body = fixture(&format!("{M2}/order_phone.request.json"));
    assert!(body.get("connectionInformation").is_none());
    // PHP's `(double)` quantity is `2.0` on the wire; it reads as the integer 2 and is written
    // back as `2`.
    assert_eq!(body["cartItems"][0]["basicItemData"]["quantity"], 2.0);
    let typed: forter::V3OrderRequest = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(typed.cart_items[0].basic_item_data.quantity, 2);
    assert_eq!(typed.connection_information, None);
    assert_eq!(typed.order_type, forter::OrderType::Phone);
    let owner = typed.account_owner.as_ref().expect("accountOwner");
    assert_eq!(owner.account_id, Some(forter::NumericCode::Number(41)));
    let merchant = typed
        .additional_identifiers
        .as_ref()
        .and_then(|ids| ids.merchant.as_ref())
        .expect("merchant");
    assert_eq!(merchant.merchant_id, Some(forter::NumericCode::Number(1)));
    let paypal = typed.payment[0].paypal.as_ref().expect("paypal");
    assert_eq!(paypal.full_paypal_response_payload, Some(json!([]).into()));
    body["cartItems"][0]["basicItemData"]["quantity"] = json!(2);
    // `null`s sent for optional fields read as absent; everything else survives.
    modelled::<forter::V3OrderRequest>(
        &body,
        &[
            "/totalAmount/amountUSD",
            "/payment/0/paypal/payerStatus",
            "/payment/0/paypal/payerAddressStatus",
            "/payment/0/paypal/paymentStatus",
            "/payment/0/paypal/protectionEligibility",
            "/payment/0/paypal/correlationId",
            "/payment/0/paypal/checkoutToken",
            "/payment/0/paypal/paymentGatewayData/gatewayTransactionId",
        ],
        "order_phone.request.json",
    );
}

#[test]
fn magento2_shape_web_order_keeps_an_empty_string_payload() {
    let body = fixture(&format!("{M2}/order_web_card.request.json"));
    modelled::<forter::V3OrderRequest>(
        &body,
        &[
            "/payment/0/creditCard/countryOfIssuance",
            "/payment/0/creditCard/cardBank",
            "/connectionInformation/merchantDeviceIdentifier",
        ],
        "order_web_card.request.json",
    );
    let typed: forter::V3OrderRequest = serde_json::from_value(body).unwrap();
    let card = typed.payment[0].credit_card.as_ref().expect("creditCard");
    assert_eq!(card.full_response_payload, Some(json!("").into()));
    assert_eq!(
        typed.authorization_step,
        forter::AuthorizationStep::PostAuthorization
    );
}

// ---------------------------------------------------------------------------------------------
// Forte: bodies the beGateway PHP client builds for POST /products (same platform)

/// Keys the beGateway client sends that Forte's page does not document (see the spec's x-note).
const BEGATEWAY_EXTRA: [&str; 5] = [
    "/success_url",
    "/fail_url",
    "/notification_url",
    "/additional_data",
    "/visible",
];

#[test]
fn begateway_create_bodies_keep_every_modelled_key() {
    for name in [
        "create_product.request.infinite_test.json",
        "create_product.request.infinite.json",
        "create_product.request.quantity.json",
    ] {
        let body = fixture(&format!("forte/begateway/{name}"));
        modelled::<forte::CreateProductRequest>(&body, &BEGATEWAY_EXTRA, name);
        let typed: forte::CreateProductRequest = serde_json::from_value(body.clone()).unwrap();
        assert!(
            commerce_apis::support::Validate::validate(&typed).is_ok(),
            "{name}: {:?}",
            commerce_apis::support::Validate::validate(&typed)
        );
    }
}
