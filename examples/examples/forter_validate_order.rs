//! Ask Forter for a decision on an order, with the sans-IO API: build the HTTP request, send it
//! with any HTTP client, then parse the answer into typed values.
//!
//! This example runs offline: it prints the request instead of sending it, and parses canned
//! answers. With the `client` feature, `forter::Client` does the sending for you (timeouts,
//! retries): `Client::new(config)?.validate_order(&order.order_id, &order).await`.
//!
//! ```sh
//! cargo run -p commerce-apis-examples --example forter_validate_order
//! ```

use commerce_apis::forter::{
    self, AuthorizationStep, BasicItemData, CartItem, CartItemType, Config, ConnectionInformation,
    MoneyAmount, OrderType, Payment, V3OrderRequest, ValidateOrderError,
};
use commerce_apis::{Credentials, Error};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The site's secret API key is the Basic user name; the password is empty.
    let config = Config::new(
        Credentials::basic("<secret-api-key>", ""),
        "10.1",
        "8b47c6d423ba",
    );

    // Typestate builders: `build()` only compiles once every required field is set.
    let price = MoneyAmount::builder()
        .amount_usd("99.95")
        .currency("USD")
        .build();
    let order = V3OrderRequest::builder()
        .order_id("2356fdse0rr489")
        .order_type(OrderType::Web)
        .time_sent_to_forter(1_415_287_568_000_i64)
        .checkout_time(1_415_287_568)
        .authorization_step(AuthorizationStep::PreAuthorization)
        .connection_information(
            ConnectionInformation::builder()
                .customer_ip("203.0.113.7")
                .build(),
        )
        .total_amount(price.clone())
        .cart_items(vec![CartItem::builder()
            .basic_item_data(
                BasicItemData::builder()
                    .name("White GenericBrand handbag")
                    .quantity(1)
                    .r#type(CartItemType::Tangible)
                    .price(price.clone())
                    .build(),
            )
            .build()])
        .payment(vec![Payment::builder().amount(price).build()])
        .build();

    // The body is checked against the spec's constraints before anything is built.
    let request = forter::build_validate_order(&config, &order.order_id, &order)?;
    println!("{} {}", request.method(), request.uri());
    for (name, value) in request.headers() {
        // The Authorization value is marked sensitive, so it prints as `Sensitive`.
        println!("{name}: {value:?}");
    }
    println!("{}\n", String::from_utf8_lossy(request.body()));

    // Send `request` with any HTTP client; here are two answers Forter could give.
    let approved = http::Response::builder().status(200).body(
        br#"{"orderId": "2356fdse0rr489", "forterDecision": "APPROVE", "recommendation": "BORDERLINE"}"#
            .to_vec(),
    )?;
    let decision = forter::parse_validate_order(&approved)?;
    println!(
        "200: decision {:?}, recommendation {:?}",
        decision.forter_decision, decision.recommendation
    );

    let unauthorized = http::Response::builder()
        .status(401)
        .body(br#"{"status": "failed", "message": "Unauthorized"}"#.to_vec())?;
    match forter::parse_validate_order(&unauthorized) {
        Err(Error::Api {
            error: ValidateOrderError::Unauthorized(body),
            ..
        }) => {
            println!("401: {}", body.message.unwrap_or_default())
        }
        other => println!("unexpected: {other:?}"),
    }

    // An order that breaks the spec is refused with every violation and where it is.
    let mut too_long = order.clone();
    too_long.order_id = "x".repeat(41);
    if let Err(error) = forter::build_validate_order(&config, "x", &too_long) {
        println!("refused: {error}");
    }
    Ok(())
}
