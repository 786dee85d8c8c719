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

use commerce_apis::forte;
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
