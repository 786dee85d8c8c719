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
use serde_json::Value;
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
// Forter: Workarea's recorded sandbox traffic (2019, api-version 2.2/2.3, /v2/orders, /v2/status)

const WA: &str = "forter/workarea";

/// The top-level members of a v2 order body, each through the v3 field type.
fn v2_order_members(name: &str, dropped: &[&str]) {
    let body = fixture(&format!("{WA}/{name}.request.json"));
    let context = format!("{WA}/{name}.request.json");
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
fn workarea_v2_order_bodies_read_member_by_member() {
    // `carrier: null` is nullable in the spec and survives; `forterTokenCookie: null` (optional,
    // not nullable) reads as absent.
    v2_order_members("get_decision", &[]);
    v2_order_members("update_status_order_1", &[]);
    v2_order_members("update_status_order_2", &[]);
    for name in [
        "braintree_approved",
        "braintree_declined",
        "braintree_not_reviewed",
    ] {
        v2_order_members(name, &["/connectionInformation/forterTokenCookie"]);
    }
}

#[test]
fn workarea_v2_order_responses_are_not_v3_decisions() {
    for (name, action) in [
        ("get_decision", "approve"),
        ("braintree_approved", "approve"),
        ("braintree_declined", "decline"),
        ("braintree_not_reviewed", "not reviewed"),
        ("update_status_order_1", "approve"),
        ("update_status_order_2", "approve"),
    ] {
        let body = fixture(&format!("{WA}/{name}.200.json"));
        assert_eq!(body["action"], action, "{name}");
        let err = through::<forter::V3OrderResponse>(&body).unwrap_err();
        assert!(
            err.contains("missing field `forterDecision`"),
            "{name}: {err}"
        );
        // The v2 envelope (`status`, `message`) is what StatusResponse and ErrorResponse read.
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
fn workarea_status_update_round_trips() {
    let request = fixture(&format!("{WA}/update_status.request.json"));
    modelled::<forter::OrderStatusRequest>(&request, &[], "update_status.request.json");
    let response = fixture(&format!("{WA}/update_status.200.json"));
    modelled::<forter::StatusResponse>(&response, &[], "update_status.200.json");
    let parsed: forter::StatusResponse = serde_json::from_value(response).unwrap();
    assert_eq!(
        parsed.message.as_deref(),
        Some("Transaction #statusfortertest12345 status recieved")
    );
}

#[test]
fn an_error_body_keeps_its_list_of_errors() {
    let body = fixture(&format!("{WA}/bogus_gateway_error.400.json"));
    // `action` is a v2 key the error type does not model.
    modelled::<forter::ErrorResponse>(&body, &["/action"], "bogus_gateway_error.400.json");
    let error: forter::ErrorResponse = serde_json::from_value(body).unwrap();
    let errors = error.errors.expect("the list of errors is modelled");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path.as_deref(), Some("#/payment/"));
    assert_eq!(errors[0].message.as_deref(), Some("Forced Gateway Error"));
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
