//! The README's usage snippets, compiled so they cannot rot. Offline: builds an order, prints its
//! wire JSON and the request `build_validate_order` makes (nothing is sent).

use commerce_apis::forter::{
    self, AuthorizationStep, BasicItemData, CartItem, CartItemType, Config, ConnectionInformation,
    MoneyAmount, OrderType, V3OrderRequest,
};
use commerce_apis::Credentials;

fn order() -> V3OrderRequest {
    let price = MoneyAmount::builder()
        .amount_usd("99.95")
        .amount_local_currency("105.55")
        .currency("CAD")
        .build();
    let item = BasicItemData::builder()
        .name("White GenericBrand handbag")
        .quantity(1)
        .r#type(CartItemType::Tangible)
        .price(price.clone())
        .build();
    V3OrderRequest::builder()
        .order_id("2356fdse0rr489")
        .order_type(OrderType::Web)
        .time_sent_to_forter(1_415_287_568_000_i64) // epoch milliseconds
        .checkout_time(1_415_273_168_i64) // epoch seconds
        .authorization_step(AuthorizationStep::PreAuthorization)
        .connection_information(
            ConnectionInformation::builder()
                .customer_ip("10.0.0.127")
                .build(),
        )
        .total_amount(price)
        .cart_items(vec![CartItem::builder().basic_item_data(item).build()])
        .payment(vec![])
        .build()
}

#[cfg(feature = "client")]
#[allow(dead_code)]
async fn send(
    api_key: &str,
    site_id: &str,
    order: &V3OrderRequest,
) -> Result<(), Box<dyn std::error::Error>> {
    use commerce_apis::forter::{Client, ValidateOrderError};
    use commerce_apis::Error;

    let config = Config::new(Credentials::basic(api_key, ""), "10.1", site_id); // api-version, x-forter-siteid
    let client = Client::new(config)?;
    match client.validate_order("2356fdse0rr489", order).await {
        Ok(response) => println!("decision: {}", response.forter_decision),
        Err(Error::Api {
            error: ValidateOrderError::BadRequest(body),
            ..
        }) => eprintln!("rejected: {body:?}"),
        // e.g. "the API answered HTTP 401 Unauthorized: ErrorResponse { .. }" or
        // "could not connect to the server: Connection refused (os error 111)"
        Err(other) => eprintln!("{other} (status {:?})", other.status()),
    }
    Ok(())
}

/// The README's "open client" snippet: a caller's reqwest client, a sandbox base URL, and the
/// status and headers with the typed body.
#[cfg(feature = "client")]
#[allow(dead_code)]
async fn open_client(
    api_key: &str,
    site_id: &str,
    order: &V3OrderRequest,
) -> Result<(), Box<dyn std::error::Error>> {
    use commerce_apis::forter::Client;
    use commerce_apis::ClientOptions;

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none()) // documented 3xx answers reach the parser
        .build()?;
    let config = Config::new(Credentials::basic(api_key, ""), "10.1", site_id)
        .with_base_url("https://sandbox.example.test")?; // refused without http(s):// or with ?query
    let options = ClientOptions {
        max_response_bytes: 1024 * 1024,
        ..ClientOptions::default()
    };
    let client = Client::with_http_client(config, http, &options)?;
    let answer = client
        .validate_order_with_response("2356fdse0rr489", order)
        .await?;
    println!(
        "{} {:?}: {}",
        answer.status,
        answer.headers.get("x-request-id"),
        answer.body.forter_decision
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let order = order();
    let json = serde_json::to_string(&order)?;
    println!("{json}");

    let config = Config::new(
        Credentials::basic("my-secret-key", ""),
        "10.1",
        "8b47c6d423ba",
    );
    let request = forter::build_validate_order(&config, "2356fdse0rr489", &order)?;
    println!("{} {}", request.method(), request.uri());

    // A value newer than the crate: made on purpose, and allowed in the Config.
    let mut order = order;
    order.order_type = OrderType::from_wire("NEW_CHANNEL"); // Unrecognized("NEW_CHANNEL")
    assert!(forter::build_validate_order(&config, "2356fdse0rr489", &order).is_err());
    let config = config.allow_unrecognized_enum_values(true); // otherwise build_* refuses the body
    forter::build_validate_order(&config, "2356fdse0rr489", &order)?;
    Ok(())
}
