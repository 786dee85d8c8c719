//! The client under faults: `Retry-After` (seconds, HTTP date, beyond the cap) and busy statuses
//! against the forte test kit in process (the client's real retry loop, on tokio's paused clock),
//! and against servers on 127.0.0.1: failing statuses, redirects to another host, a body that trickles
//! past the timeout, a TLS handshake with a server that does not speak TLS, a wrongly typed
//! sensitive value in a response, and the open client (a caller's reqwest client, status and
//! headers with the typed body). Every loop is bounded and every wait has a timeout.
//!
//! The oversized body has its own test binary (`oversized.rs`), which measures the heap.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

use commerce_apis::forte::testkit::{GetProduct, ListProducts};
use commerce_apis::forte::{self, GetProductError, ProductList};
use commerce_apis::support::testkit::{Reply as KitReply, Times};
use commerce_apis::{ClientOptions, Credentials, Error, RetryPolicy, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use common::mock::{MockServer, Reply};
use common::*;

const PRODUCT_ID: &str = "prd_ed27b047d3ccd1a6";

fn forte_config(base_url: &str) -> forte::Config {
    forte::Config::new(Credentials::basic(FORTE_SHOP_ID, FORTE_SECRET))
        .with_base_url(base_url)
        .expect("a valid base URL")
}

/// Retries with a short, fixed backoff: waits longer than it come from `Retry-After`.
fn retrying(max_retries: u32) -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(10),
            jitter: false,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

fn client(base_url: &str, options: &ClientOptions) -> forte::Client {
    forte::Client::with_options(forte_config(base_url), options).expect("client")
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) for `time`, written here independently of
/// the crate's parser.
fn http_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // 1970-01-01 was a Thursday.
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // H. Hinnant's civil_from_days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        MONTHS[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[test]
fn http_date_helper_is_right() {
    assert_eq!(
        http_date(UNIX_EPOCH + Duration::from_secs(784_111_777)),
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
    assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
}

// ---------------------------------------------------------------------------------------------
// 5xx and 429, with and without Retry-After.

// These run the client's real retry loop against the forte test kit, in process, on tokio's
// paused clock: the waits are exact and take no real time.

/// A forte client answered by `mock` in process.
fn kit_client(mock: &forte::testkit::Mock, options: &ClientOptions) -> forte::Client {
    mock.client_with_options(
        forte::Config::new(Credentials::basic(FORTE_SHOP_ID, FORTE_SECRET)),
        options,
    )
}

#[tokio::test(start_paused = true)]
async fn retry_after_in_seconds_is_honoured() {
    let mock = forte::testkit::Mock::new();
    mock.on_list_products()
        .status(503, Some(1))
        .times(1)
        .reply(ListProducts::ok());
    let started = Instant::now();
    let products = kit_client(&mock, &retrying(2))
        .list_products()
        .await
        .unwrap();
    let expected: ProductList = example_as(Api::Forte, "list_products.200.json");
    assert_eq!(products, expected);
    assert_eq!(mock.calls().len(), 2);
    // The backoff alone is 10 ms: the wait is the server's second.
    assert_eq!(started.elapsed(), Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn retry_after_as_an_http_date_is_honoured() {
    let mock = forte::testkit::Mock::new();
    mock.on_get_product()
        .reply_with(|_| {
            // Two seconds ahead (of the real clock, as the client reads it); the date has whole
            // seconds, so the wait is 1 to 2 s.
            let at = http_date(SystemTime::now() + Duration::from_secs(2));
            KitReply::status(429).header("retry-after", &at)
        })
        .times(1)
        .reply(GetProduct::ok());
    let started = Instant::now();
    kit_client(&mock, &retrying(2))
        .get_product(PRODUCT_ID)
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(mock.calls().len(), 2);
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed <= Duration::from_secs(2),
        "{elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_beyond_the_cap_returns_the_answer_at_once() {
    let mock = forte::testkit::Mock::new();
    mock.on_list_products().status(503, Some(3600));
    let started = Instant::now();
    let error = kit_client(&mock, &retrying(2))
        .list_products()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::UnexpectedStatus { status: 503, .. }),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(503));
    assert_eq!(mock.calls().len(), 1, "not retried");
    assert_eq!(started.elapsed(), Duration::ZERO);
    // The error keeps the wait and says why it came back early.
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    let attempts = error.attempts().expect("the client records its attempts");
    assert_eq!(attempts.count(), 1);
    assert_eq!(
        attempts.retry_after_not_waited(),
        Some(Duration::from_secs(3600))
    );
    let shown = error.to_string();
    assert!(
        shown.contains("Retry-After asks to wait 3600 s, more than `max_retry_after` (60 s)"),
        "{shown}"
    );
}

#[tokio::test]
async fn errors_after_retries_say_how_many_attempts_and_how_long() {
    let mock = MockServer::start(Api::Forte, |_| Reply::empty(503)).await;
    let error = client(&mock.base_url, &retrying(2))
        .list_products()
        .await
        .unwrap_err();
    assert_eq!(mock.request_count(), 3);
    let attempts = error.attempts().expect("the client records its attempts");
    assert_eq!(attempts.count(), 3);
    // Two waits of at least 10 and 20 ms.
    assert!(
        attempts.elapsed() >= Duration::from_millis(30),
        "{attempts:?}"
    );
    assert_eq!(attempts.retry_after_not_waited(), None);
    let shown = error.to_string();
    assert!(shown.contains("; after 3 attempts over "), "{shown}");
    // A connection that is refused every time: the transport error tells the same.
    let error = client("http://127.0.0.1:1", &retrying(2))
        .list_products()
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(error.attempts().map(|a| a.count()), Some(3));
    assert!(
        error.to_string().contains("; after 3 attempts over "),
        "{error}"
    );
}

#[tokio::test(start_paused = true)]
async fn busy_post_is_not_retried_even_with_retry_after() {
    let mock = forte::testkit::Mock::new();
    mock.on_create_product()
        .status(429, Some(0))
        .expect(Times::Exactly(1));
    let body: forte::CreateProductRequest =
        example_as(Api::Forte, "create_product.request.limited.json");
    let error = kit_client(&mock, &retrying(3))
        .create_product(&body)
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(429),
        "a POST that may have been processed"
    );
    // The caller reads the wait the server asked for.
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
}

#[tokio::test]
async fn server_errors_are_answers_and_not_retried() {
    let mock = MockServer::start(Api::Forte, |_| {
        Reply::raw(500, "<h1>Internal Server Error</h1>").header("content-type", "text/html")
    })
    .await;
    let error = client(&mock.base_url, &retrying(3))
        .list_products()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(mock.request_count(), 1);
    assert!(!error.to_string().contains("<h1>"), "{error}");
    assert_eq!(
        error.raw_body(),
        Some(&b"<h1>Internal Server Error</h1>"[..])
    );
}

#[tokio::test(start_paused = true)]
async fn repeated_busy_answers_end_after_max_retries_with_jittered_waits() {
    let mock = forte::testkit::Mock::new();
    mock.on_list_products()
        .status(502, None)
        .expect(Times::Exactly(4));
    let options = ClientOptions {
        retry: RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(40),
            jitter: true,
            ..RetryPolicy::default()
        },
        ..retrying(3)
    };
    let started = Instant::now();
    let error = kit_client(&mock, &options)
        .list_products()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.status(), Some(502));
    // Waits of 40, 80 and 160 ms, each cut by up to half: between 140 and 280 ms in all.
    assert!(
        elapsed >= Duration::from_millis(140) && elapsed <= Duration::from_millis(280),
        "{elapsed:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Redirects.

/// A 302 pointing at another host is returned to the caller, never followed: the other
/// server receives nothing.
#[tokio::test]
async fn redirect_to_another_host_is_not_followed() {
    let elsewhere = MockServer::start(Api::Forte, |seen| {
        Reply::documented(Api::Forte, &seen.operation, 200)
    })
    .await;
    let target = format!("{}/products", elsewhere.base_url);
    let origin = MockServer::start(Api::Forte, move |seen| {
        let reply = match seen.operation.as_str() {
            // Documented: a typed answer.
            "get_product" => Reply::documented(Api::Forte, "get_product", 302),
            // Not documented for this operation.
            _ => Reply::empty(302),
        };
        reply.header("location", &target)
    })
    .await;

    let own = client(&origin.base_url, &retrying(2));
    let redirecting_pool = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let callers = forte::Client::with_http_client(
        forte_config(&origin.base_url),
        redirecting_pool,
        &retrying(2),
    )
    .unwrap();
    for client in [&own, &callers] {
        match client.list_products().await {
            Err(error @ Error::UnexpectedStatus { status: 302, .. }) => {
                assert_eq!(error.status(), Some(302))
            }
            other => panic!("expected the 302, got {other:?}"),
        }
        match client.get_product(PRODUCT_ID).await {
            Err(Error::Api {
                error: error @ GetProductError::Found(_),
                ..
            }) => assert_eq!(error.status(), 302),
            other => panic!("expected the documented 302, got {other:?}"),
        }
        let answer = client.get_product_with_response(PRODUCT_ID).await;
        assert!(matches!(
            answer,
            Err(Error::Api {
                error: GetProductError::Found(_),
                ..
            })
        ));
    }
    assert_eq!(origin.request_count(), 6);
    assert_eq!(elsewhere.request_count(), 0, "a redirect was followed");
}

// ---------------------------------------------------------------------------------------------
// Raw TCP servers, for faults a well-behaved HTTP server cannot produce.

/// Accepts up to `connections` connections on 127.0.0.1; for each, reads the request head and
/// hands the socket to `reply`. Returns the base URL.
async fn raw_server<F, Fut>(connections: usize, reply: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        for _ in 0..connections {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            // A cut-off head still gets the reply under test.
            read_request_head(&mut socket).await;
            tokio::spawn(reply(socket));
        }
    });
    base_url
}

/// Headers at once, then a body that trickles one byte every 100 ms: the timeout covers the
/// whole answer, body included.
#[tokio::test]
async fn body_trickling_past_the_timeout_times_out() {
    let base_url = raw_server(1, |mut socket| async move {
        let head =
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n[";
        if socket.write_all(head).await.is_err() {
            return;
        }
        for _ in 0..99 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if socket.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    let options = ClientOptions {
        timeout: Duration::from_millis(400),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    let started = Instant::now();
    let error = client(&base_url, &options)
        .list_products()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), &TransportErrorKind::Timeout);
    assert!(
        elapsed >= Duration::from_millis(380) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

/// `https://` to a server that answers in plain HTTP: a TLS failure, told apart from a refused
/// connection, with its cause chain.
#[tokio::test]
async fn tls_handshake_failure_is_told_apart() {
    // The server reads the ClientHello (no `\r\n\r\n` in it) and answers in plain HTTP.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        if let Ok((mut socket, _)) = listener.accept().await {
            let mut hello = [0u8; 4096];
            let _ = socket.read(&mut hello).await;
            let _ = socket
                .write_all(
                    b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                )
                .await;
            let _ = socket.shutdown().await;
        }
    });
    let https = base_url.replace("http://", "https://");
    let options = ClientOptions {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    let error = client(&https, &options).list_products().await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), &TransportErrorKind::Tls, "{error}");
    assert!(error.is_connect() && !error.is_timeout());
    assert!(
        error
            .to_string()
            .starts_with("the TLS handshake with the server failed"),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());
}

// ---------------------------------------------------------------------------------------------
// Invalid JSON and sensitive values in responses.

#[tokio::test]
async fn invalid_json_never_shows_the_value_it_chokes_on() {
    let card = "4111111111111111";
    let mut wrong = example(Api::Forte, "get_product.200.json");
    wrong["amount"] = serde_json::json!(card);
    let wrong = serde_json::to_vec(&wrong).unwrap();
    let mock = MockServer::start(Api::Forte, move |seen| match seen.index {
        0 => Reply::raw(200, wrong.clone()),
        1 => Reply::raw(200, format!("{{\"id\": \"{card}")),
        _ => Reply::raw(200, "<html>not json</html>").header("content-type", "text/html"),
    })
    .await;
    let client = client(&mock.base_url, &retrying(0));
    for _ in 0..3 {
        let error = client.get_product(PRODUCT_ID).await.unwrap_err();
        let Error::Decode {
            status: 200,
            expected: "Product",
            message,
            ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert!(message.contains(" at line 1 column "), "{message}");
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!shown.contains(card), "the value shows: {shown}");
            assert!(!shown.contains("html"), "the body shows: {shown}");
        }
        assert!(error.raw_body().is_some_and(|body| !body.is_empty()));
    }
}

// ---------------------------------------------------------------------------------------------
// The open client.

#[tokio::test]
async fn a_callers_reqwest_client_is_used_with_the_options() {
    let mock = MockServer::start(Api::Forte, |seen| match seen.index {
        0 => Reply::empty(503),
        _ => Reply::documented(Api::Forte, "list_products", 200),
    })
    .await;
    let mut defaults = http::HeaderMap::new();
    defaults.insert("x-shared-pool", http::HeaderValue::from_static("yes"));
    let pool = reqwest::Client::builder()
        .default_headers(defaults)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let options = ClientOptions {
        user_agent: "commerce-apis/test shop/1.0".into(),
        ..retrying(1)
    };
    let client =
        forte::Client::with_http_client(forte_config(&mock.base_url), pool, &options).unwrap();
    client.list_products().await.unwrap();
    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "the options' retry policy applies");
    for seen in &requests {
        assert_eq!(seen.headers["x-shared-pool"], "yes", "the caller's client");
        assert_eq!(seen.headers["user-agent"], "commerce-apis/test shop/1.0");
    }
}

#[tokio::test]
async fn with_response_gives_status_and_headers_beside_the_body() {
    let mock = MockServer::start(Api::Forte, |seen| {
        let status = if seen.operation == "update_product" {
            204
        } else {
            200
        };
        Reply::documented(Api::Forte, &seen.operation, status)
            .header("x-request-id", &format!("req-{}", seen.index))
    })
    .await;
    let client = client(&mock.base_url, &retrying(0));
    let answer = client.get_product_with_response(PRODUCT_ID).await.unwrap();
    assert_eq!(answer.status, http::StatusCode::OK);
    assert_eq!(answer.headers["x-request-id"], "req-0");
    let expected: forte::Product = example_as(Api::Forte, "get_product.200.json");
    assert_eq!(answer.body, expected);

    let body: forte::UpdateProductRequest = example_as(Api::Forte, "update_product.request.json");
    let answer = client
        .update_product_with_response(PRODUCT_ID, &body)
        .await
        .unwrap();
    assert_eq!(answer.status, http::StatusCode::NO_CONTENT);
    assert_eq!(answer.headers["x-request-id"], "req-1");
    assert_eq!(answer.into_body(), ());
}
