//! With the `tracing` feature, every client call is one span naming the operation, method, path
//! template, final status, number of attempts and elapsed time, and nothing in any span or event
//! carries a credential, a path parameter value or a body value.
//!
//! The subscriber is a minimal one written here (no tracing-subscriber): it records every span's
//! name and fields and every event's fields as text. The APIs are the generated test kits, in
//! process: the spans are the client's own, whatever carries the bytes.

mod common;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use commerce_apis::forte::testkit::GetProduct;
use commerce_apis::forter::testkit::ValidateOrder;
use commerce_apis::forter::{self, V3OrderRequest};
use commerce_apis::support::testkit::{Reply, Times};
use commerce_apis::{ClientOptions, Credentials, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use common::*;

/// One recorded span.
#[derive(Clone, Debug, Default)]
struct SpanSeen {
    name: String,
    target: String,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Seen {
    spans: Vec<SpanSeen>,
    events: Vec<BTreeMap<String, String>>,
}

/// Records spans and events; every span and event is enabled.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Seen>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut seen = SpanSeen {
            name: span.metadata().name().to_owned(),
            target: span.metadata().target().to_owned(),
            ..SpanSeen::default()
        };
        span.record(&mut Fields(&mut seen.fields));
        let mut all = self.0.lock().unwrap();
        all.spans.push(seen);
        Id::from_u64(all.spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut all = self.0.lock().unwrap();
        let seen = &mut all.spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(&mut seen.fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        // Only the crate's own events: reqwest and hyper have theirs.
        if !event.metadata().target().starts_with("commerce_apis") {
            return;
        }
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().events.push(fields);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

const ORDER_ID: &str = "2356fdse0rr489";

#[tokio::test(flavor = "current_thread")]
async fn one_span_per_call_with_status_attempts_and_no_secrets() {
    let recorder = Recorder::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(recorder.clone()));

    let mock = forter::testkit::Mock::new();
    let bad_request = documented_body(Api::Forter, "validate_order", 400).expect("a 400 body");
    mock.on_validate_order()
        .reply(ValidateOrder::ok())
        .times(1)
        .reply(Reply::json(400, &bad_request))
        .expect(Times::Exactly(2));
    let config = forter::Config::new(
        Credentials::basic(FORTER_KEY, ""),
        FORTER_API_VERSION,
        FORTER_SITE_ID,
    );
    let options = ClientOptions {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    };
    let client = mock.client_with_options(config, &options);
    let body: V3OrderRequest = example_as(Api::Forter, "validate_order.request.json");
    client.validate_order(ORDER_ID, &body).await.unwrap();
    client.validate_order(ORDER_ID, &body).await.unwrap_err();

    // A GET retried once: the span counts the attempts, an event tells of the retry.
    let forte = commerce_apis::forte::testkit::Mock::new();
    forte
        .on_get_product()
        .status(503, None)
        .times(1)
        .reply(GetProduct::ok())
        .expect(Times::Exactly(2));
    let config = commerce_apis::forte::Config::new(Credentials::basic(FORTE_SHOP_ID, FORTE_SECRET));
    let client = forte.client_with_options(config, &options);
    client.get_product("prd_ed27b047d3ccd1a6").await.unwrap();

    let seen = recorder.0.lock().unwrap();
    let calls: Vec<&SpanSeen> = seen.spans.iter().filter(|s| s.name == "api_call").collect();
    assert_eq!(calls.len(), 3, "one span per call: {:#?}", seen.spans);
    let field = |span: &SpanSeen, name: &str| span.fields.get(name).cloned().unwrap_or_default();
    for (span, status, attempts) in [(calls[0], "200", "1"), (calls[1], "400", "1")] {
        assert!(
            span.target.starts_with("commerce_apis::support::transport"),
            "{span:?}"
        );
        assert_eq!(field(span, "operation"), "validate_order");
        assert_eq!(field(span, "method"), "POST");
        assert_eq!(field(span, "path"), "/v3/orders/{id}");
        assert_eq!(field(span, "status"), status);
        assert_eq!(field(span, "attempt"), attempts);
        assert!(field(span, "elapsed_ms").parse::<u64>().is_ok(), "{span:?}");
    }
    let get = calls[2];
    assert_eq!(field(get, "operation"), "get_product");
    assert_eq!(field(get, "method"), "GET");
    assert_eq!(field(get, "path"), "/products/{product_id}");
    assert_eq!(field(get, "status"), "200");
    assert_eq!(field(get, "attempt"), "2");
    assert!(
        seen.events
            .iter()
            .any(|e| e.get("attempt").map(String::as_str) == Some("1") && e.contains_key("wait_ms")),
        "{:#?}",
        seen.events
    );

    // Nothing recorded holds a credential, a path parameter value or a body value.
    let token = Api::Forter.authorization();
    let forbidden = [
        FORTER_KEY,
        FORTE_SECRET,
        token.trim_start_matches("Basic "),
        ORDER_ID,
        "prd_ed27b047d3ccd1a6",
        "john_s@test.com",
        "10.0.0.127",
    ];
    let everything: Vec<String> = calls
        .iter()
        .flat_map(|s| s.fields.values().cloned())
        .chain(seen.events.iter().flat_map(|e| e.values().cloned()))
        .collect();
    for text in &everything {
        for secret in forbidden {
            assert!(!text.contains(secret), "{secret} recorded in {text:?}");
        }
    }
}
