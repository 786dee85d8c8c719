// The README's "Receiving notifications" example, compiled and run by tests/tests/webhooks.rs
// (which also checks that the README shows exactly this text).
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use commerce_apis::forter::webhooks::{answer_order_decision, receive_order_decision};
use commerce_apis::forter::{DecisionNotificationAnswer, DecisionNotificationAnswerAction};
use commerce_apis::support::WebhookSecrets;

/// What the handler needs: the accepted secrets and somewhere to store decisions.
#[derive(Clone)]
pub struct App {
    pub secrets: Arc<WebhookSecrets>,
    /// Stands in for a database table with a unique key (order id, decision).
    pub decisions: Arc<Mutex<HashSet<(String, String)>>>,
}

pub fn router(app: App) -> Router {
    Router::new()
        .route("/forter/decisions", post(forter_decision))
        .with_state(app)
}

/// Takes the body as raw `Bytes`: the signature covers the bytes exactly as sent.
async fn forter_decision(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let decision = match receive_order_decision(&headers, &body, &app.secrets) {
        Ok(decision) => decision,
        // Missing or malformed header, bad signature: 401; signed but unreadable body: 400.
        // The error names the problem, never a secret or the body.
        Err(refused) => {
            let status = StatusCode::from_u16(refused.status()).unwrap_or(StatusCode::BAD_REQUEST);
            return (status, refused.to_string()).into_response();
        }
    };
    // Store first, idempotently: a retried (duplicate) notification inserts nothing new.
    let stored = app.decisions.lock().map(|mut decisions| {
        decisions.insert((
            decision.order_id.clone(),
            decision.action.as_str().to_owned(),
        ));
    });
    if stored.is_err() {
        // Not stored: anything but 2xx, and Forter sends the notification again.
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    // Only now answer 2xx: Forter counts the notification as delivered.
    let answer = DecisionNotificationAnswer::builder()
        .action(DecisionNotificationAnswerAction::Success)
        .build();
    answer_order_decision(&answer)
        .map(Body::from)
        .into_response()
}
