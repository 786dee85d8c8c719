use commerce_apis::forter::{self, ForterDecision, V3OrderRequest};

/// What the shop does with an order.
#[derive(Debug, PartialEq)]
pub enum Checkout {
    Accept,
    Reject,
    Review,
    Retry(String),
}

/// Asks Forter for a decision and turns it into the shop's next step.
pub async fn checkout(client: &forter::Client, order: &V3OrderRequest) -> Checkout {
    match client.validate_order(&order.order_id, order).await {
        Ok(answer) => match answer.forter_decision {
            ForterDecision::Approve => Checkout::Accept,
            ForterDecision::Decline => Checkout::Reject,
            _ => Checkout::Review,
        },
        Err(err) => Checkout::Retry(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use commerce_apis::forter::testkit::{example_config, Mock, ValidateOrder};
    use commerce_apis::forter::OrderType;
    use commerce_apis::support::testkit::Times;
    use commerce_apis::{ClientOptions, Credentials, RetryPolicy};

    // The spec's example of every required header (api-version, x-forter-siteid).
    fn config() -> forter::Config {
        example_config(Credentials::basic("test-key", ""))
    }

    fn order(id: &str) -> V3OrderRequest {
        serde_json::from_value(serde_json::json!({
            "orderId": id,
            "orderType": "WEB",
            "timeSentToForter": 1699916780000_i64,
            "checkoutTime": 1699916780,
            "authorizationStep": "PRE_AUTHORIZATION",
            "totalAmount": {"amountUSD": "99.95"},
            "cartItems": [{"basicItemData": {
                "name": "Handbag", "quantity": 1, "type": "TANGIBLE", "price": {"amountUSD": "99.95"}
            }}],
            "payment": [{}]
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn approved_orders_are_accepted() {
        let mock = Mock::new();
        mock.on_validate_order()
            .reply(ValidateOrder::approve())
            .expect(Times::Exactly(1));
        assert_eq!(
            checkout(&mock.client(config()), &order("A1")).await,
            Checkout::Accept
        );
        assert_eq!(mock.calls_to::<ValidateOrder>()[0].body.order_id, "A1");
    }

    #[tokio::test]
    async fn declined_orders_are_rejected() {
        let mock = Mock::new();
        mock.on_validate_order()
            .when(|call| call.id == "FRAUD-1")
            .reply(ValidateOrder::decline());
        let client = mock.client(config());
        assert_eq!(checkout(&client, &order("FRAUD-1")).await, Checkout::Reject);
    }

    // The paused clock skips the client's waits: the test takes no real time.
    #[tokio::test(start_paused = true)]
    async fn a_busy_forter_is_retried_after_what_retry_after_asks() {
        let mock = Mock::new();
        mock.on_validate_order()
            .status(503, Some(2))
            .times(1)
            .reply(ValidateOrder::approve());
        // validate_order is a POST: let the client repeat it.
        let mut options = ClientOptions::default();
        options.retry = RetryPolicy {
            retry_non_idempotent: true,
            jitter: false,
            ..options.retry
        };
        let client = mock.client_with_options(config(), &options);
        assert_eq!(checkout(&client, &order("A2")).await, Checkout::Accept);
        assert_eq!(mock.calls().len(), 2);
    }

    #[tokio::test]
    async fn the_kit_catches_a_request_the_spec_forbids() {
        let mock = Mock::new();
        // A value the crate does not know, let through on purpose: Forter would refuse it.
        let mut bad = order("A3");
        bad.order_type = OrderType::from_wire("KIOSK");
        let client = mock.client(config().allow_unrecognized_enum_values(true));
        assert!(matches!(checkout(&client, &bad).await, Checkout::Retry(_)));
        let problems = mock.take_violations();
        assert!(
            problems.iter().any(|p| p.pointer == "/orderType"),
            "{problems:?}"
        );
    }
}
