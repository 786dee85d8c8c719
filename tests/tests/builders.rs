//! The typestate builders make the wire JSON the spec describes, leave unset optional fields out,
//! and the `Debug` output of a struct never shows a value the spec marks `x-sensitive`, while its
//! serialization is unchanged.

use commerce_apis::{forte, forter};
use serde_json::{json, Value};
use workspace_tests::*;

// Secret values used by the builder tests: none may appear in `Debug` output.
const BIN: &str = "411111";
const LAST_FOUR: &str = "9876";
const NAME_ON_CARD: &str = "Jane Q. Cardholder";
const EMAIL: &str = "jane.cardholder@example.com";
const CUSTOMER_IP: &str = "203.0.113.77";

fn money(usd: &str) -> forter::MoneyAmount {
    forter::MoneyAmount::builder().amount_usd(usd).build()
}

fn card() -> forter::Card {
    forter::Card::builder()
        .name_on_card(NAME_ON_CARD)
        .bin(BIN)
        .last_four_digits(LAST_FOUR)
        .card_brand("VISA")
        .card_type(forter::CardType::Credit)
        .build()
}

fn v3_order_request() -> forter::V3OrderRequest {
    forter::V3OrderRequest::builder()
        .order_id("2356fdse0rr489")
        .order_type(forter::OrderType::Web)
        .time_sent_to_forter(1_415_287_568_000_i64)
        .checkout_time(1_415_287_568_i64)
        .authorization_step(forter::AuthorizationStep::PreAuthorization)
        .connection_information(
            forter::ConnectionInformation::builder()
                .customer_ip(CUSTOMER_IP)
                .user_agent("Mozilla/5.0")
                .build(),
        )
        .total_amount(money("99.95"))
        .cart_items(vec![forter::CartItem::builder()
            .basic_item_data(
                forter::BasicItemData::builder()
                    .name("White GenericBrand handbag")
                    .quantity(1_i64)
                    .r#type(forter::CartItemType::Tangible)
                    .price(money("99.95"))
                    .build(),
            )
            .build()])
        .payment(vec![forter::Payment::builder()
            .amount(money("99.95"))
            .credit_card(card())
            .build()])
        .account_owner(
            forter::AccountOwner::builder()
                .email(EMAIL)
                .account_id(forter::NumericCode::Text("acc-1".into()))
                .build(),
        )
        .build()
}

#[test]
fn forter_v3_order_request_from_builders() {
    let request = v3_order_request();
    let expected = json!({
        "orderId": "2356fdse0rr489",
        "orderType": "WEB",
        "timeSentToForter": 1_415_287_568_000_i64,
        "checkoutTime": 1_415_287_568,
        "authorizationStep": "PRE_AUTHORIZATION",
        "connectionInformation": {"customerIP": CUSTOMER_IP, "userAgent": "Mozilla/5.0"},
        "totalAmount": {"amountUSD": "99.95"},
        "cartItems": [{
            "basicItemData": {
                "name": "White GenericBrand handbag",
                "quantity": 1,
                "type": "TANGIBLE",
                "price": {"amountUSD": "99.95"}
            }
        }],
        "payment": [{
            "amount": {"amountUSD": "99.95"},
            "creditCard": {
                "nameOnCard": NAME_ON_CARD,
                "cardBrand": "VISA",
                "cardType": "CREDIT",
                "bin": BIN,
                "lastFourDigits": LAST_FOUR
            }
        }],
        "accountOwner": {"email": EMAIL, "accountId": "acc-1"}
    });
    assert_eq!(serde_json::to_value(&request).unwrap(), expected);
    // What the builders make is a valid request of the spec.
    let spec = spec_named("forter");
    assert_eq!(
        validate_instance(&spec.doc, "/components/schemas/V3OrderRequest", &expected),
        Ok(vec![])
    );
    // And it reads back into the same value.
    let back: forter::V3OrderRequest = serde_json::from_value(expected).unwrap();
    assert_eq!(back, request);
}

#[test]
fn unset_optional_fields_are_omitted() {
    assert_eq!(
        serde_json::to_value(forter::MoneyAmount::builder().build()).unwrap(),
        json!({})
    );
    assert_eq!(
        serde_json::to_value(forter::Card::builder().build()).unwrap(),
        json!({})
    );
    let minimal = forter::V3OrderRequest::builder()
        .order_id("o-1")
        .order_type("MOBILE".parse::<forter::OrderType>().unwrap())
        .time_sent_to_forter(1_i64)
        .checkout_time(2_i64)
        .authorization_step(forter::AuthorizationStep::PostAuthorization)
        .connection_information(
            forter::ConnectionInformation::builder()
                .customer_ip("10.0.0.1")
                .build(),
        )
        .total_amount(forter::MoneyAmount::builder().build())
        .cart_items(Vec::new())
        .payment(Vec::new())
        .build();
    assert_eq!(minimal.order_type, forter::OrderType::Mobile);
    let value = serde_json::to_value(&minimal).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "orderId",
            "orderType",
            "timeSentToForter",
            "checkoutTime",
            "authorizationStep",
            "connectionInformation",
            "totalAmount",
            "cartItems",
            "payment"
        ],
        "only the required keys, in spec order"
    );
    assert_eq!(
        value["connectionInformation"],
        json!({"customerIP": "10.0.0.1"})
    );
}

#[test]
fn nullable_optional_field_keeps_absent_and_null_apart() {
    // DeliveryDetails.carrier is `["string", "null"]` and optional: absent, null and a value are
    // three different states.
    let base = || {
        forter::DeliveryDetails::builder()
            .delivery_type(forter::DeliveryType::Physical)
            .delivery_method("USPS - Ground Mail")
    };
    let absent = serde_json::to_value(base().build()).unwrap();
    assert_eq!(
        absent,
        json!({"deliveryType": "PHYSICAL", "deliveryMethod": "USPS - Ground Mail"})
    );
    // `maybe_x(None)` is "not set" on every builder (issue 19): the key is left out, as on a
    // field that is not nullable; only `null_x()` sends `null`.
    let none = serde_json::to_value(base().maybe_carrier(None).build()).unwrap();
    assert_eq!(none, absent);
    let null = serde_json::to_value(base().null_carrier().build()).unwrap();
    assert_eq!(null["carrier"], Value::Null);
    // The last setter wins, whichever it is.
    let reset = base().null_carrier().maybe_carrier(None).build();
    assert_eq!(serde_json::to_value(reset).unwrap(), absent);
    // A nullable setter takes a plain value.
    let ups = serde_json::to_value(base().carrier("UPS").build()).unwrap();
    assert_eq!(ups["carrier"], json!("UPS"));
    let from_option = base().maybe_carrier(Some("UPS".to_owned())).build();
    assert_eq!(serde_json::to_value(from_option).unwrap(), ups);
    for value in [absent, null, ups] {
        let back: forter::DeliveryDetails = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&back).unwrap(), value);
    }
}

#[test]
fn maybe_none_means_the_same_on_every_builder() {
    // Two optional fields of two builders, one nullable (`Product.quantity`) and one not
    // (`UpdateProductRequest.quantity`): `maybe_quantity(None)` leaves the key out on both, so a
    // spec edit that makes a field nullable does not change what compiled code sends.
    let product = serde_json::to_value(
        forte::Product::builder()
            .id("p1")
            .maybe_quantity(None)
            .build(),
    )
    .unwrap();
    assert!(product.get("quantity").is_none(), "{product}");
    let update = serde_json::to_value(
        forte::UpdateProductRequest::builder()
            .maybe_quantity(None)
            .build(),
    )
    .unwrap();
    assert!(update.get("quantity").is_none(), "{update}");
    let product =
        serde_json::to_value(forte::Product::builder().id("p1").null_quantity().build()).unwrap();
    assert_eq!(product["quantity"], Value::Null);
}

#[test]
fn forte_create_product_request_from_builders() {
    let limited = forte::CreateProductRequest::builder()
        .name("product")
        .description("description")
        .currency("USD")
        .amount("990")
        .product_stock(forte::ProductStock::quantity("10"))
        .payment_period(forte::PaymentPeriod::expired_at("2023-12-31"))
        .language("en")
        .test(false)
        .return_url("http://return-url.com")
        .shop_id("1")
        .transaction_type(forte::TransactionType::Payment)
        .build();
    // The builders reproduce the page's example exactly.
    let spec = spec_named("forte");
    assert_eq!(
        serde_json::to_value(&limited).unwrap(),
        read_example(&spec, "create_product.request.limited.json")
    );

    let infinite = forte::CreateProductRequest::builder()
        .name("product")
        .description("description")
        .currency("USD")
        .amount(990)
        .product_stock(forte::ProductStock::Infinite)
        .payment_period(forte::PaymentPeriod::Immortal)
        .language("it")
        .visible_fields(vec![
            forte::VisibleField::FirstName,
            forte::VisibleField::Email,
        ])
        .build();
    let expected = json!({
        "name": "product",
        "description": "description",
        "currency": "USD",
        "amount": 990,
        "infinite": true,
        "visible_fields": ["first_name", "email"],
        "immortal": true,
        "language": "it"
    });
    let value = serde_json::to_value(&infinite).unwrap();
    assert_eq!(value, expected);
    assert!(value.get("quantity").is_none() && value.get("expired_at").is_none());
    assert_eq!(
        validate_instance(
            &spec.doc,
            "/components/schemas/CreateProductRequest",
            &value
        ),
        Ok(vec![])
    );
    let back: forte::CreateProductRequest = serde_json::from_value(value).unwrap();
    assert_eq!(back, infinite);
}

#[test]
fn forte_update_request_builder_sends_only_what_is_set() {
    let update = forte::UpdateProductRequest::builder()
        .amount(forte::MinorUnits::Integer(950))
        .infinite(false)
        .quantity(forte::StockQuantity::Text("5".into()))
        .build();
    let spec = spec_named("forte");
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        read_example(&spec, "update_product.request.json")
    );
    assert_eq!(
        serde_json::to_value(forte::UpdateProductRequest::builder().build()).unwrap(),
        json!({})
    );
}

#[test]
fn forte_update_refuses_what_create_cannot_represent() {
    // A partial update may send `quantity` alone or `infinite` alone, but not `infinite: true`
    // with a `quantity`, nor `immortal: true` with an `expired_at`.
    use commerce_apis::RequestError;
    let config = forte::Config::new(commerce_apis::Credentials::basic("shop", "secret"));
    for ok in [
        forte::UpdateProductRequest::builder().quantity(5).build(),
        forte::UpdateProductRequest::builder()
            .infinite(true)
            .build(),
        forte::UpdateProductRequest::builder()
            .infinite(false)
            .quantity(5)
            .build(),
    ] {
        assert!(
            forte::build_update_product(&config, "prd_1", &ok).is_ok(),
            "{ok:?}"
        );
    }
    let both = forte::UpdateProductRequest::builder()
        .infinite(true)
        .quantity(5)
        .immortal(true)
        .expired_at("2030-12-31")
        .build();
    match forte::build_update_product(&config, "prd_1", &both) {
        Err(RequestError::InvalidRequest(violations)) => {
            let shown: Vec<String> = violations.iter().map(ToString::to_string).collect();
            assert_eq!(
                shown,
                [
                    "quantity: must not be sent when `infinite` is true",
                    "expired_at: must not be sent when `immortal` is true"
                ]
            );
        }
        other => panic!("expected the contradiction refused, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Redaction of sensitive fields

#[test]
fn debug_redacts_sensitive_fields_and_serialization_is_unchanged() {
    let card = card();
    let debug = format!("{card:?}");
    assert!(debug.contains("*** redacted ***"), "{debug}");
    for secret in [BIN, LAST_FOUR, NAME_ON_CARD] {
        assert!(!debug.contains(secret), "Debug shows {secret:?}: {debug}");
    }
    // Non-sensitive fields are shown.
    assert!(debug.contains("VISA"), "{debug}");
    let pretty = format!("{card:#?}");
    assert!(
        !pretty.contains(BIN) && !pretty.contains(LAST_FOUR),
        "{pretty}"
    );

    let value = serde_json::to_value(&card).unwrap();
    assert_eq!(value["bin"], json!(BIN));
    assert_eq!(value["lastFourDigits"], json!(LAST_FOUR));
    assert_eq!(value["nameOnCard"], json!(NAME_ON_CARD));

    // Nested inside a request: still redacted, still serialized.
    let request = v3_order_request();
    let debug = format!("{request:?}");
    for secret in [BIN, LAST_FOUR, NAME_ON_CARD, EMAIL, CUSTOMER_IP] {
        assert!(!debug.contains(secret), "Debug shows {secret:?}: {debug}");
    }
    assert!(debug.contains("2356fdse0rr489"), "{debug}");
    let wire = serde_json::to_string(&request).unwrap();
    for secret in [BIN, LAST_FOUR, NAME_ON_CARD, EMAIL, CUSTOMER_IP] {
        assert!(
            wire.contains(secret),
            "serialization lost {secret:?}: {wire}"
        );
    }
}

/// String and number values found under an `x-sensitive` property of the schema at `pointer`
/// (`sensitive`) and elsewhere (`plain`), walking `instance` along the schema.
fn collect_values(
    doc: &Value,
    schema: &Value,
    instance: &Value,
    sensitive: bool,
    out: &mut Values,
) {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(target) => resolve_ref(doc, target).expect("spec $refs resolve"),
        None => schema,
    };
    match instance {
        Value::String(s) => {
            let bucket = if sensitive {
                &mut out.sensitive
            } else {
                &mut out.plain
            };
            bucket.push(s.clone());
        }
        Value::Number(n) => {
            let bucket = if sensitive {
                &mut out.sensitive
            } else {
                &mut out.plain
            };
            bucket.push(n.to_string());
        }
        Value::Array(items) => {
            let item_schema = schema.get("items").cloned().unwrap_or(json!({}));
            for item in items {
                collect_values(doc, &item_schema, item, sensitive, out);
            }
        }
        Value::Object(map) => {
            // Properties of the object and of its `allOf` branches.
            let mut properties = serde_json::Map::new();
            let mut branches = vec![schema];
            while let Some(branch) = branches.pop() {
                let branch = match branch.get("$ref").and_then(Value::as_str) {
                    Some(target) => resolve_ref(doc, target).expect("spec $refs resolve"),
                    None => branch,
                };
                if let Some(props) = branch.get("properties").and_then(Value::as_object) {
                    for (k, v) in props {
                        properties.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                if let Some(all) = branch.get("allOf").and_then(Value::as_array) {
                    branches.extend(all);
                }
            }
            for (key, value) in map {
                let prop = properties.get(key).cloned().unwrap_or(json!({}));
                let marked = prop.get("x-sensitive") == Some(&json!(true));
                collect_values(doc, &prop, value, sensitive || marked, out);
            }
        }
        _ => {}
    }
}

#[derive(Default)]
struct Values {
    sensitive: Vec<String>,
    plain: Vec<String>,
}

/// Parses an example into `T` and checks that its `Debug` output shows no value that sits under an
/// `x-sensitive` property in the example (unless the same value also sits in a non-sensitive
/// place). Returns the number of sensitive values checked.
fn check_example_debug<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    api: &str,
    file_name: &str,
    component: &str,
) -> usize {
    let spec = spec_named(api);
    let instance = read_example(&spec, file_name);
    let schema = json!({"$ref": format!("#/components/schemas/{component}")});
    let mut values = Values::default();
    collect_values(&spec.doc, &schema, &instance, false, &mut values);
    let parsed: T = serde_json::from_value(instance).unwrap();
    let debug = format!("{parsed:?}");
    let mut checked = 0;
    for secret in &values.sensitive {
        if values.plain.contains(secret) || secret.len() < 3 {
            continue;
        }
        assert!(
            !debug.contains(secret.as_str()),
            "{api}/{file_name}: Debug of {} shows the sensitive value {secret:?}",
            std::any::type_name::<T>()
        );
        checked += 1;
    }
    checked
}

#[test]
fn debug_of_the_examples_shows_no_sensitive_value() {
    let mut checked = 0;
    checked += check_example_debug::<forter::V3OrderRequest>(
        "forter",
        "validate_order.request.json",
        "V3OrderRequest",
    );
    checked += check_example_debug::<forter::V3OrderResponse>(
        "forter",
        "validate_order.200.json",
        "V3OrderResponse",
    );
    checked += check_example_debug::<forter::OrderStatusRequest>(
        "forter",
        "update_order_status.request.json",
        "OrderStatusRequest",
    );
    checked += check_example_debug::<forter::UnifiedCompensationRequest>(
        "forter",
        "compensation_request.request.json",
        "UnifiedCompensationRequest",
    );
    assert!(
        checked >= 10,
        "only {checked} sensitive value(s) in the Forter examples: the check would be vacuous"
    );
}

// ---------------------------------------------------------------------------------------------
// Option setters, builder `Debug`, union conversions, strict enums

#[test]
fn optional_setters_take_an_option_too() {
    let from_values = forter::MoneyAmount::builder()
        .amount_usd("99.95")
        .currency("USD")
        .build();
    let local: Option<String> = None;
    let from_options = forter::MoneyAmount::builder()
        .maybe_amount_usd(Some("99.95".to_owned()))
        .maybe_amount_local_currency(local)
        .maybe_currency(Some("USD".to_owned()))
        .build();
    assert_eq!(from_values, from_options);
    assert_eq!(
        serde_json::to_value(&from_options).unwrap(),
        json!({"amountUSD": "99.95", "currency": "USD"})
    );
    // `maybe_x(None)` after `x(..)` clears the field again.
    let cleared = forter::MoneyAmount::builder()
        .currency("USD")
        .maybe_currency(None)
        .build();
    assert_eq!(serde_json::to_value(cleared).unwrap(), json!({}));
}

#[test]
fn builders_debug_with_the_redaction_of_their_type() {
    let builder = forter::Card::builder()
        .name_on_card(NAME_ON_CARD)
        .bin(BIN)
        .card_brand("VISA");
    let debug = format!("{builder:?}");
    assert!(debug.starts_with("CardBuilder("), "{debug}");
    assert!(
        debug.contains("VISA") && debug.contains("*** redacted ***"),
        "{debug}"
    );
    for secret in [BIN, NAME_ON_CARD] {
        assert!(!debug.contains(secret), "Debug shows {secret:?}: {debug}");
    }

    // A typestate builder shows which required fields are still unset.
    let partial = forter::V3OrderRequest::builder()
        .order_id("o-1")
        .account_owner(forter::AccountOwner::builder().email(EMAIL).build());
    let debug = format!("{partial:?}");
    assert!(debug.starts_with("V3OrderRequestBuilder {"), "{debug}");
    assert!(debug.contains("order_id: \"o-1\""), "{debug}");
    assert!(debug.contains("payment: Unset"), "{debug}");
    assert!(!debug.contains(EMAIL), "Debug shows the e-mail: {debug}");
}

#[test]
fn unions_convert_from_their_variants() {
    assert_eq!(
        forte::MinorUnits::from(990),
        forte::MinorUnits::Integer(990)
    );
    assert_eq!(
        forte::MinorUnits::from("990"),
        forte::MinorUnits::Text("990".to_owned())
    );
    assert_eq!(
        forte::StockQuantity::from(String::from("5")),
        forte::StockQuantity::Text("5".to_owned())
    );
    assert_eq!(forte::ShopId::from(7), forte::ShopId::Integer(7));
}

fn forter_config() -> forter::Config {
    forter::Config::new(
        commerce_apis::support::Credentials::basic("key", ""),
        "10.1",
        "site",
    )
}

#[test]
fn an_unrecognized_enum_value_is_refused_in_a_request_unless_allowed() {
    use commerce_apis::support::RequestError;

    // A typo does not parse...
    assert!("WBE".parse::<forter::OrderType>().is_err());
    // ...and an unknown value made on purpose is refused before anything is sent.
    let mut order = v3_order_request();
    order.order_type = forter::OrderType::from_wire("NEW_CHANNEL");
    match forter::build_validate_order(&forter_config(), "2356fdse0rr489", &order) {
        Err(RequestError::InvalidRequest(violations)) => {
            assert_eq!(violations.len(), 1, "{violations:?}");
            assert_eq!(violations[0].path, "orderType");
            assert!(
                violations[0].message.contains("`NEW_CHANNEL`")
                    && violations[0]
                        .message
                        .contains("allow_unrecognized_enum_values"),
                "{}",
                violations[0].message
            );
        }
        other => panic!("expected the unknown value to be refused, got {other:?}"),
    }
    // The caller can opt in: the value is sent verbatim.
    let config = forter_config().allow_unrecognized_enum_values(true);
    let request = forter::build_validate_order(&config, "2356fdse0rr489", &order).unwrap();
    let sent: Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(sent["orderType"], json!("NEW_CHANNEL"));
    // Other constraints still apply when unknown values are allowed.
    let mut long = order.clone();
    long.order_id = "x".repeat(41);
    match forter::build_validate_order(&config, &long.order_id, &long) {
        Err(RequestError::InvalidRequest(violations)) => {
            assert_eq!(violations.len(), 1, "{violations:?}");
            assert_eq!(violations[0].path, "orderId");
        }
        other => panic!("expected the long orderId to be refused, got {other:?}"),
    }
}

#[test]
fn the_path_id_and_the_body_order_id_cannot_disagree() {
    use commerce_apis::support::RequestError;

    // `x-body-field: orderId` on the path parameter: the two must be equal.
    let order = v3_order_request();
    assert!(forter::build_validate_order(&forter_config(), "2356fdse0rr489", &order).is_ok());
    match forter::build_validate_order(&forter_config(), "B-2", &order) {
        Err(RequestError::InvalidRequest(violations)) => {
            assert_eq!(violations.len(), 1, "{violations:?}");
            assert_eq!(violations[0].path, "id");
            assert_eq!(violations[0].message, "must equal the body's `orderId`");
        }
        other => panic!("expected a mismatch to be refused, got {other:?}"),
    }
}

#[test]
fn an_invalid_path_id_and_the_body_violations_are_reported_together() {
    use commerce_apis::support::RequestError;

    // An empty (or dot-segment) id does not hide what is wrong with the body.
    let mut order = v3_order_request();
    order.order_id = "x".repeat(41);
    for id in ["", ".", ".."] {
        match forter::build_validate_order(&forter_config(), id, &order) {
            Err(RequestError::InvalidRequest(violations)) => {
                let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
                assert_eq!(paths, ["id", "orderId"], "{id:?}: {violations:?}");
            }
            other => panic!("expected the id and the body to be refused, got {other:?}"),
        }
    }
    // The same for an operation whose path parameter is not repeated in the body.
    let config = forte::Config::new(commerce_apis::Credentials::basic("shop", "secret"));
    let both = forte::UpdateProductRequest::builder()
        .infinite(true)
        .quantity(5)
        .build();
    match forte::build_update_product(&config, "", &both) {
        Err(RequestError::InvalidRequest(violations)) => {
            let shown: Vec<String> = violations.iter().map(ToString::to_string).collect();
            assert_eq!(
                shown,
                [
                    "product_id: must not be empty",
                    "quantity: must not be sent when `infinite` is true"
                ]
            );
        }
        other => panic!("expected the id and the body to be refused, got {other:?}"),
    }
}

/// Every header value that carries a secret is flagged sensitive in the request `build_*`
/// returns, so the request's `Debug` (what a logging middleware prints) never shows it: the
/// credentials' `Authorization`, and a header parameter the spec marks `x-sensitive` (the hostile
/// fixture `sensitive_everywhere`: `x-api-token`), also when the mark is on a referenced
/// parameter object or on the component its schema references. Other headers keep their value in
/// `Debug`.
#[test]
fn sensitive_headers_are_flagged_in_the_built_request() {
    use codegen_fixtures::sensitive_everywhere as fixture;
    use commerce_apis::support::Credentials;

    // The real crate: the Authorization header of the credentials.
    let config = forter::Config::new(Credentials::basic("key-0123456789", ""), "10.1", "site");
    let request =
        forter::build_validate_order(&config, "2356fdse0rr489", &v3_order_request()).unwrap();
    assert!(request.headers()["authorization"].is_sensitive());
    assert!(!request.headers()["x-forter-siteid"].is_sensitive());
    let shown = format!("{request:?}");
    assert!(!shown.contains("Basic"), "{shown}");
    assert!(shown.contains("\"site\""), "{shown}");

    // A header parameter marked `x-sensitive`.
    let token = "tok-secret-0123456789";
    let config = fixture::Config::new(
        codegen_fixtures::support::Credentials::basic("user", "password"),
        token,
    );
    let body = fixture::T::builder().card("4111111111111111").build();
    let request = fixture::build_send_t(&config, &body).unwrap();
    assert!(request.headers()["x-api-token"].is_sensitive());
    assert_eq!(request.headers()["x-api-token"], token, "still sent as is");
    for shown in [
        format!("{request:?}"),
        format!("{request:#?}"),
        format!("{:?}", request.headers()),
        format!("{config:?}"),
    ] {
        assert!(!shown.contains(token), "{shown}");
    }

    // `x-sensitive` on a referenced parameter object, and a schema `$ref` to a sensitive string
    // component (the fixture `sensitive_header_by_reference`), beside a header that is not secret.
    use codegen_fixtures::sensitive_header_by_reference as by_reference;
    let (session, signing) = ("sess-0123456789abcdef", "sign-0123456789abcdef");
    let config = by_reference::Config::new(
        codegen_fixtures::support::Credentials::basic("user", "password"),
        session,
        signing,
        "checkout-web",
    );
    let body = by_reference::T::builder().name("n").build();
    let request = by_reference::build_send_t(&config, &body).unwrap();
    assert!(request.headers()["x-session-key"].is_sensitive());
    assert!(request.headers()["x-signing-token"].is_sensitive());
    assert!(!request.headers()["x-request-source"].is_sensitive());
    for shown in [format!("{request:?}"), format!("{config:?}")] {
        assert!(
            !shown.contains(session) && !shown.contains(signing),
            "{shown}"
        );
        assert!(shown.contains("checkout-web"), "{shown}");
    }
}

/// Free-form fields that pass another system's data through (a processor's or wallet's whole
/// answer, the shopper's request headers, a Shopify order) and session ids are `x-sensitive`:
/// their `Debug` shows none of it, whatever JSON they hold, while serialization sends it as is.
#[test]
fn free_form_pass_through_fields_do_not_show_in_debug() {
    const PAN: &str = "4111111111111111";
    const COOKIE: &str = "forterToken=ft-0a1b2c3d; PHPSESSID=sess-9f8e7d";
    const AUTH: &str = "Basic dXNlcjpwYXNzd29yZA==";
    const SESSION: &str = "sess-0123456789abcdef";
    let payload = json!({"cardNumber": PAN, "cvv": "123", "nested": [{"token": AUTH}]});
    let headers = json!({"Cookie": COOKIE, "Authorization": AUTH}).to_string();
    fn check<T>(what: &str, wire: Value, secrets: &[&str])
    where
        T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
    {
        let value: T = serde_json::from_value(wire.clone()).unwrap();
        for shown in [format!("{value:?}"), format!("{value:#?}")] {
            for secret in secrets {
                assert!(!shown.contains(secret), "{what}: {secret} shows in {shown}");
            }
            assert!(shown.contains("redacted"), "{what}: {shown}");
        }
        assert_eq!(
            serde_json::to_value(&value).unwrap(),
            wire,
            "{what}: sent as is"
        );
    }
    let any_json = [payload.clone(), json!([PAN]), json!(PAN)];
    for value in &any_json {
        check::<forter::Card>(
            "Card.fullResponsePayload",
            json!({"fullResponsePayload": value}),
            &[PAN],
        );
        check::<forter::InstallmentService>(
            "InstallmentService.fullResponsePayload",
            json!({"fullResponsePayload": value}),
            &[PAN],
        );
        check::<forter::Paypal>(
            "Paypal.fullPaypalResponsePayload",
            json!({"fullPaypalResponsePayload": value}),
            &[PAN],
        );
    }
    for (what, wire) in [
        (
            "DigitalWallet",
            json!({"fullDigitalWalletResponsePayload": payload}),
        ),
        ("MobileMoney", json!({"fullResponsePayload": payload})),
        ("MobileMoney", json!({"paymentAcquirerData": payload})),
    ] {
        match what {
            "DigitalWallet" => check::<forter::DigitalWallet>(what, wire, &[PAN, AUTH]),
            _ => check::<forter::MobileMoney>(what, wire, &[PAN, AUTH]),
        }
    }
    check::<forter::Venmo>(
        "Venmo.fullVenmoResponsePayload",
        json!({"fullVenmoResponsePayload": payload.to_string()}),
        &[PAN],
    );
    check::<forter::VerificationResults>(
        "VerificationResults.external3dsVendorPayload",
        json!({"external3dsVendorPayload": payload}),
        &[PAN],
    );
    check::<forter::VerificationDocument>(
        "VerificationDocument.documentVerificationServiceResponsePayload",
        json!({"documentVerificationServiceResponsePayload": payload}),
        &[PAN],
    );
    check::<forter::ShopifyAdditionalOrderData>(
        "ShopifyAdditionalOrderData",
        json!({
            "fullShopifyOrderHeaders": {"X-Shopify-Hmac-Sha256": AUTH},
            "fullShopifyOrderPayload": payload,
        }),
        &[PAN, AUTH],
    );
    check::<forter::VerificationSpecificData>(
        "VerificationSpecificData",
        json!({"email": {"address": "jane@example.com"}, "phone": {"number": "+15550100"}}),
        &["jane@example.com", "+15550100"],
    );
    check::<forter::ConnectionInformation>(
        "ConnectionInformation",
        json!({
            "customerIP": "203.0.113.7",
            "fullHeaders": headers,
            "merchantProvidedSessionId": SESSION,
            "checkoutToolsSessionId": SESSION,
        }),
        &[COOKIE, "ft-0a1b2c3d", AUTH, "dXNlcjpwYXNzd29yZA", SESSION],
    );
}

/// Free-form fields pass JSON through unchanged: numbers beyond 64 bits or 17 significant digits
/// keep every digit, and an explicit `null` (a public integration sends
/// `"fullResponsePayload": null`) is written back, not dropped.
#[test]
fn free_form_json_round_trips_exactly() {
    let wire = r#"{"fullResponsePayload":null,"bin":"411111"}"#;
    let card: forter::Card = serde_json::from_str(wire).unwrap();
    assert!(card.full_response_payload.as_ref().unwrap().is_null());
    let back = serde_json::to_string(&card).unwrap();
    assert!(back.contains(r#""fullResponsePayload":null"#), "{back}");
    let absent: forter::Card = serde_json::from_str(r#"{"bin":"411111"}"#).unwrap();
    assert_eq!(absent.full_response_payload, None);

    let big = "12345678901234567890.12";
    let huge = "123456789012345678901234567890";
    let text = serde_json::to_string(&v3_order_request())
        .unwrap()
        .replacen(
            '{',
            &format!(r#"{{"additionalInformation":{{"amount":{big},"count":{huge},"none":null}},"#),
            1,
        );
    let typed: forter::V3OrderRequest = serde_json::from_str(&text).unwrap();
    let info = typed.additional_information.as_ref().unwrap();
    assert_eq!(
        info.as_text(),
        format!(r#"{{"amount":{big},"count":{huge},"none":null}}"#)
    );
    let sent = serde_json::to_string(&typed).unwrap();
    assert!(sent.contains(big) && sent.contains(huge), "{sent}");
    // Built requests send it as is.
    let request = forter::build_validate_order(&forter_config(), &typed.order_id, &typed).unwrap();
    let body = std::str::from_utf8(request.body()).unwrap();
    assert!(body.contains(big) && body.contains(huge), "{body}");
}

/// A request body that is an alias of a string, an integer, a list, a map, a boolean or free-form
/// JSON (the hostile fixture `request_body_aliases`) builds, and the alias's own rules are checked
/// by `build_*` before it is sent: the whole body is at the root of the violation's path.
#[test]
fn request_bodies_that_are_aliases_build_and_their_rules_are_checked() {
    use codegen_fixtures::request_body_aliases as aliases;
    use codegen_fixtures::support::{Credentials, JsonObject, JsonValue, RequestError};

    let config = aliases::Config::new(Credentials::basic("user", "password"));
    let refused =
        |result: Result<http::Request<codegen_fixtures::support::Body>, RequestError>| match result
        {
            Err(RequestError::InvalidRequest(violations)) => violations
                .iter()
                .map(|v| format!("{}: {}", v.path, v.message))
                .collect::<Vec<_>>(),
            other => panic!("expected the body to be refused, got {other:?}"),
        };
    let sent = |result: Result<http::Request<codegen_fixtures::support::Body>, RequestError>| {
        String::from_utf8(result.unwrap().body().to_vec()).unwrap()
    };

    assert_eq!(
        sent(aliases::build_send_text(&config, &"abcde".to_owned())),
        "\"abcde\""
    );
    assert_eq!(
        refused(aliases::build_send_text(&config, &"abcdef".to_owned())),
        [": is 6 characters long, longer than the maximum of 5"]
    );
    assert_eq!(sent(aliases::build_send_count(&config, &10)), "10");
    assert_eq!(
        refused(aliases::build_send_count(&config, &0)),
        [": is 0, less than the minimum of 1"]
    );
    assert_eq!(
        sent(aliases::build_send_tags(&config, &vec!["a".to_owned()])),
        "[\"a\"]"
    );
    assert_eq!(
        refused(aliases::build_send_tags(&config, &Vec::new())),
        [": has 0 items, fewer than the minimum of 1"]
    );
    assert_eq!(
        refused(aliases::build_send_tags(
            &config,
            &vec!["a".to_owned(), String::new()]
        )),
        ["[1]: is 0 characters long, shorter than the minimum of 1"]
    );
    let scores = [("a".to_owned(), 1)].into_iter().collect();
    assert_eq!(
        sent(aliases::build_send_scores(&config, &scores)),
        "{\"a\":1}"
    );
    assert_eq!(sent(aliases::build_send_flag(&config, &true)), "true");
    let object = JsonObject::from_text(r#"{"k": [1.50, null]}"#).unwrap();
    assert_eq!(
        sent(aliases::build_send_free_object(&config, &object)),
        r#"{"k": [1.50, null]}"#
    );
    let anything = JsonValue::from_text("12345678901234567890.12").unwrap();
    assert_eq!(
        sent(aliases::build_send_anything(&config, &anything)),
        "12345678901234567890.12"
    );
}
