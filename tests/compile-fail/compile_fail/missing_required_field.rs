//! A V3OrderRequest without its required `payment`: `build()` does not compile, and the error
//! names the missing field ("`V3OrderRequest` is missing the required field `payment`").

use commerce_apis::forter::{
    AuthorizationStep, ConnectionInformation, MoneyAmount, OrderType, V3OrderRequest,
};

fn main() {
    let _request = V3OrderRequest::builder()
        .order_id("2356fdse0rr489")
        .order_type(OrderType::Web)
        .time_sent_to_forter(1_415_287_568_000_i64)
        .checkout_time(1_415_287_568_i64)
        .authorization_step(AuthorizationStep::PreAuthorization)
        .connection_information(
            ConnectionInformation::builder()
                .customer_ip("10.0.0.1")
                .build(),
        )
        .total_amount(MoneyAmount::builder().amount_usd("99.95").build())
        .cart_items(Vec::new())
        // .payment(...) is missing
        .build();
}
