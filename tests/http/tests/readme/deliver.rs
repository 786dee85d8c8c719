use std::future::IntoFuture;
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use commerce_apis::forter::testkit::documented_order_decision_notification;
use commerce_apis::forter::webhooks::OrderDecisionHeaders;
use commerce_apis::forter::DecisionNotificationAnswerAction;
use commerce_apis::support::testkit::Signing;
use commerce_apis::support::WebhookSecrets;
use tower::ServiceExt;

use super::{router, App};

#[tokio::test]
async fn forter_decisions_are_stored_once_and_forgeries_refused() {
    let app = App {
        secrets: Arc::new(WebhookSecrets::new("test-secret")),
        decisions: Default::default(),
    };
    // Forter's documented notification (the spec's example), signed as Forter signs it.
    let headers = OrderDecisionHeaders {
        forter_site_id: "8b47c6d423ba".into(),
        forter_token: "t-1".into(),
    };
    let notification = documented_order_decision_notification(&headers, "test-secret")
        .unwrap()
        .at("/forter/decisions".parse().unwrap());

    // In process: the router called through tower's `oneshot`, no socket.
    let handler = |request: http::Request<Vec<u8>>| {
        let router = router(app.clone());
        async move {
            let response = router.oneshot(request.map(Body::from)).await.unwrap();
            let (parts, body) = response.into_parts();
            http::Response::from_parts(parts, to_bytes(body, 1 << 20).await.unwrap())
        }
    };
    let delivered = notification.deliver(Signing::Valid, handler).await;
    assert_eq!(delivered.status, 200);
    let answer = delivered.answer().unwrap();
    assert_eq!(answer.action, DecisionNotificationAnswerAction::Success);
    // A tampered body, a wrong secret, no signature: refused, nothing stored.
    for refused in Signing::REFUSED {
        let delivered = notification.deliver(refused, handler).await;
        assert_eq!(delivered.status, 401, "{refused:?}");
    }

    // Over a real socket: the same router served on 127.0.0.1 (the delivery blocks, so it runs
    // beside the server in `spawn_blocking`). A retry (duplicate) stores nothing new.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/forter/decisions", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, router(app.clone())).into_future());
    let delivered =
        tokio::task::spawn_blocking(move || notification.deliver_to(Signing::Valid, &url).unwrap())
            .await
            .unwrap();
    assert!(delivered.is_success());

    let stored = app.decisions.lock().unwrap().clone();
    let expected = ("2356fdse0rr489".to_owned(), "approve".to_owned());
    assert_eq!(stored.into_iter().collect::<Vec<_>>(), [expected]);
}
