//! Create, read and update Forte payment-link products with the sans-IO API: build each HTTP
//! request, send it with any HTTP client, then parse the answer into typed values.
//!
//! This example runs offline: it prints the requests instead of sending them, and parses canned
//! answers. With the `client` feature, `forte::Client` does the sending for you (timeouts,
//! retries): `Client::new(config)?.create_product(&product).await`.
//!
//! ```sh
//! cargo run -p commerce-apis-examples --example forte_products
//! ```

use commerce_apis::forte::{
    self, Config, CreateProductRequest, GetProductError, PaymentPeriod, ProductStock,
    UpdateProductRequest,
};
use commerce_apis::{Credentials, Error};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The shop id is the Basic user name, the shop's secret key the password.
    let config = Config::new(Credentials::basic("<shop-id>", "<secret-key>"));

    // `quantity` and `infinite`, `expired_at` and `immortal` are exclusive on the wire: the
    // builder takes one enum for each pair, so an invalid combination cannot be built.
    let product = CreateProductRequest::builder()
        .name("T-shirt")
        .description("Organic cotton, size M")
        .currency("USD")
        .amount(1_990) // MinorUnits from an integer (or "1990")
        .product_stock(ProductStock::quantity(10))
        .payment_period(PaymentPeriod::expired_at("2030-12-31"))
        .language("en")
        .build();
    let request = forte::build_create_product(&config, &product)?;
    println!("{} {}", request.method(), request.uri());
    println!("{}\n", String::from_utf8_lossy(request.body()));

    // Send `request` with any HTTP client; here is the answer Forte gives.
    let created = http::Response::builder().status(201).body(
        br#"{"id": "prd_ed27b047d3ccd1a6", "name": "T-shirt", "description": "Organic cotton, size M",
            "currency": "USD", "amount": 1990, "quantity": 10, "infinite": false, "language": "en",
            "transaction_type": "payment", "created_at": "2024-05-02T17:35:14.950Z",
            "updated_at": "2024-05-02T17:35:14.950Z", "test": false, "additional_data": {},
            "pay_url": "https://epsp.fortebank.com/products/prd_ed27b047d3ccd1a6/pay",
            "payment_url": "https://epsp.fortebank.com/products/prd_ed27b047d3ccd1a6/pay",
            "confirm_url": "https://securepayments.fortebank.com/v2/confirm_order/prd_ed27b047d3ccd1a6/1"}"#
            .to_vec(),
    )?;
    let created = forte::parse_create_product(&created)?;
    // Only `id` is always present; the platform family also answers without the links.
    let pay_url = created
        .pay_url
        .as_deref()
        .unwrap_or("(no pay_url in the answer)");
    println!("created {}: pay at {pay_url}\n", created.id);

    // Path parameters are percent-encoded, so an id always stays one path segment.
    let request = forte::build_get_product(&config, &created.id)?;
    println!("{} {}", request.method(), request.uri());
    // Forte answers an unknown id with 302 and an error body: a typed API error.
    let not_found = http::Response::builder()
        .status(302)
        .body(br#"{"message": "Product not found"}"#.to_vec())?;
    match forte::parse_get_product(&not_found) {
        Err(Error::Api {
            error: GetProductError::Found(body),
            ..
        }) => {
            println!("302: {}\n", body.message.unwrap_or_default())
        }
        other => println!("unexpected: {other:?}"),
    }

    // A partial update: only the fields to change. The answer is 204 with no body.
    let update = UpdateProductRequest::builder().amount(1_490).build();
    let request = forte::build_update_product(&config, &created.id, &update)?;
    println!("{} {}", request.method(), request.uri());
    println!("{}", String::from_utf8_lossy(request.body()));
    let updated = http::Response::builder().status(204).body(Vec::new())?;
    forte::parse_update_product(&updated)?;
    println!("204: updated");
    Ok(())
}
