//! Sending requests over HTTP (cargo feature `client`).
//!
//! The sans-IO half (`build_*`, `parse_*`) does not depend on this module; it is the one place
//! that knows about reqwest and tokio. With the `tracing` feature, every call is one span.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[cfg(test)]
use super::error::parse_http_date;
use super::error::parse_retry_after;
use super::{Attempts, Body, TransportError, TransportErrorKind};

/// When to try a request again, and how long to wait.
///
/// Retries happen after a connection failure (the request never reached the server) and,
/// for idempotent methods (GET, PUT, ...) only, after a 429, 502, 503 or 504 answer or a
/// timeout. A POST is never repeated after it may have reached the server, unless
/// `retry_non_idempotent` is set.
///
/// The wait doubles from `initial_backoff` up to `max_backoff`, with random jitter (between half
/// and all of it) so that clients do not retry in lockstep. A `Retry-After` header (seconds or an
/// HTTP date) on a 429/503 answer is honoured: the wait is at least what it asks, and an answer
/// asking for more than `max_retry_after` is not retried but returned to the caller.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// The longest wait between attempts the doubling reaches.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client waits for; an answer asking for more is returned as
    /// it is.
    pub max_retry_after: Duration,
    /// Randomise each wait between half and all of it.
    pub jitter: bool,
    /// Also repeat non-idempotent requests (POST) that may have reached the server.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The wait before the next attempt, when [`RetryPolicy::decide`] retries.
    #[cfg(test)]
    fn retry_after(
        &self,
        attempt: u32,
        idempotent: bool,
        outcome: Outcome,
        random: f64,
    ) -> Option<Duration> {
        match self.decide(attempt, idempotent, outcome, random) {
            Decision::Retry(wait) => Some(wait),
            Decision::Stop | Decision::RetryAfterTooLong(_) => None,
        }
    }

    /// Whether to try again after attempt number `attempt` (0 for the first) ended in `outcome`,
    /// and if so after how long. `random` in `[0, 1)` draws the jitter.
    // Pure, so the decision is tested without a network or a clock; `Transport::send` only
    // sleeps and loops.
    fn decide(&self, attempt: u32, idempotent: bool, outcome: Outcome, random: f64) -> Decision {
        if attempt >= self.max_retries {
            return Decision::Stop;
        }
        // "May have reached the server" outcomes repeat only what is safe to repeat.
        let repeatable = idempotent || self.retry_non_idempotent;
        let (retry, asked) = match outcome {
            // 429 and 502-504 say "not processed, try later"; other statuses are answers.
            Outcome::Status {
                status,
                retry_after,
            } => (
                repeatable && matches!(status, 429 | 502 | 503 | 504),
                retry_after,
            ),
            // A failed connection never reached the server: safe for any method.
            Outcome::Failed {
                connect_failed,
                timed_out,
            } => (connect_failed || (repeatable && timed_out), None),
        };
        if !retry {
            return Decision::Stop;
        }
        // Exponential backoff: initial, 2 x initial, 4 x initial, ... up to the maximum.
        let backoff = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt))
            .min(self.max_backoff);
        let wait = if self.jitter {
            backoff.saturating_sub(backoff.mul_f64(random.clamp(0.0, 1.0) / 2.0))
        } else {
            backoff
        };
        match asked {
            Some(asked) if asked > self.max_retry_after => Decision::RetryAfterTooLong(asked),
            Some(asked) => Decision::Retry(wait.max(asked)),
            None => Decision::Retry(wait),
        }
    }
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    /// Try again after this wait.
    Retry(Duration),
    /// Return the outcome: it is an answer, it may not be repeated, or the retries are spent.
    Stop,
    /// A retryable answer whose `Retry-After` asks for this wait, longer than
    /// `max_retry_after`: return it early, saying so (`Attempts::retry_after_not_waited`).
    RetryAfterTooLong(Duration),
}

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Clone, Copy, Debug)]
enum Outcome {
    /// The server answered with this status.
    Status {
        /// The status.
        status: u16,
        /// The wait its `Retry-After` header asks for.
        retry_after: Option<Duration>,
    },
    /// No response.
    Failed {
        /// The connection could not be established, so nothing was sent.
        connect_failed: bool,
        /// The timeout expired (the request may have been processed).
        timed_out: bool,
    },
}

/// A tiny xorshift64* generator for backoff jitter: not for anything that needs real
/// randomness, which jitter does not.
struct Jitter(u64);

impl Jitter {
    /// Seeded from the clock and a counter, so two transports started together still differ.
    fn seeded() -> Self {
        static CALLS: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos() as u64)
            .unwrap_or_default();
        let count = CALLS.fetch_add(1, Ordering::Relaxed);
        // Never zero: xorshift stays at zero forever.
        Jitter((nanos ^ count.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1)
    }

    /// A number in `[0, 1)`.
    fn next_unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        let value = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (value >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Timeouts, user agent, response size limit and retries of a client.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Limit for one whole attempt (connect, send, receive the whole body). Default 30 s.
    pub timeout: Duration,
    /// Limit for establishing a connection. Default 10 s. Not applied to a caller's
    /// `reqwest::Client` (see `Client::with_http_client`): set it on that client's builder.
    pub connect_timeout: Duration,
    /// When to retry.
    pub retry: RetryPolicy,
    /// The `User-Agent` header, sent with every request. Default: `commerce-apis/<version>`.
    pub user_agent: String,
    /// The largest response body read, in bytes; a larger one fails with
    /// [`TransportErrorKind::BodyTooLarge`] without being read further (a `Content-Length`
    /// above it fails before reading anything). Default 10 MiB.
    pub max_response_bytes: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            // The name and version of the crate this file is compiled in: the generated crate's.
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_response_bytes: 10 * 1024 * 1024,
        }
    }
}

/// What a request is for: named in the `tracing` span of the call (feature `tracing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The operation's name (`validate_order`).
    pub name: &'static str,
    /// Its path template as in the spec (`/v3/orders/{id}`): no parameter values.
    pub path_template: &'static str,
}

impl Operation {
    /// A request not made by a generated client method.
    const UNNAMED: Operation = Operation {
        name: "(unnamed)",
        path_template: "(unknown)",
    };
}

/// What one attempt of a [`Backend`] gives back: the whole response, or a transport failure.
pub type BackendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send + 'a>>;

/// Something that answers one attempt in place of reqwest: an in-process test server (the
/// `test-kit` feature's mock), a recorder, another HTTP stack.
///
/// The client's own code path stays in charge around it: the `User-Agent` header is set before
/// the request reaches the backend, each attempt is bounded by `ClientOptions::timeout`, a body
/// (or a declared `Content-Length`) above `ClientOptions::max_response_bytes` fails with
/// [`TransportErrorKind::BodyTooLarge`], and retries, backoff and `Retry-After` follow the
/// [`RetryPolicy`], exactly as for a request sent over the network.
pub trait Backend: Send + Sync + 'static {
    /// Answers one attempt of `request`.
    fn send(&self, request: http::Request<Body>) -> BackendFuture<'_>;
}

/// Where attempts go.
#[derive(Clone)]
enum Sender {
    /// Over the network.
    Http(reqwest::Client),
    /// To a [`Backend`].
    Backend(Arc<dyn Backend>),
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sender::Http(client) => client.fmt(f),
            Sender::Backend(_) => f.write_str("Backend"),
        }
    }
}

/// The HTTP client shared by the API clients: reqwest with rustls, redirects not
/// followed (a documented 302 is an answer, not a hop).
#[derive(Clone, Debug)]
pub struct Transport {
    http: Sender,
    retry: RetryPolicy,
    timeout: Duration,
    user_agent: http::HeaderValue,
    max_response_bytes: usize,
}

impl Transport {
    /// A transport with its own reqwest client, configured by `options`.
    pub fn new(options: &ClientOptions) -> Result<Self, TransportError> {
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| transport_error(err, false))?;
        Self::with_http_client(http, options)
    }

    /// A transport over a caller's reqwest client (its proxy, TLS roots and identity,
    /// connection pool, redirect policy and default headers are used as they are). From
    /// `options`, the timeout, user agent, response size limit and retry policy apply to each
    /// request; `connect_timeout` belongs to the reqwest client's builder.
    ///
    /// Build the client with `redirect(reqwest::redirect::Policy::none())`: reqwest follows
    /// redirects by default, so documented 3xx answers would not reach `parse_*`.
    pub fn with_http_client(
        http: reqwest::Client,
        options: &ClientOptions,
    ) -> Result<Self, TransportError> {
        Self::with_sender(Sender::Http(http), options)
    }

    /// A transport whose attempts go to `backend` instead of the network; the timeout, user
    /// agent, response size limit and retry policy of `options` apply as they do over HTTP.
    pub fn with_backend(
        backend: Arc<dyn Backend>,
        options: &ClientOptions,
    ) -> Result<Self, TransportError> {
        Self::with_sender(Sender::Backend(backend), options)
    }

    fn with_sender(http: Sender, options: &ClientOptions) -> Result<Self, TransportError> {
        let user_agent = http::HeaderValue::from_str(&options.user_agent).map_err(|_| {
            TransportError::new(
                TransportErrorKind::Other,
                false,
                "the user agent contains characters not allowed in HTTP headers",
            )
        })?;
        Ok(Transport {
            http,
            retry: options.retry.clone(),
            timeout: options.timeout,
            user_agent,
            max_response_bytes: options.max_response_bytes,
        })
    }

    /// Sends a request built by an operation's `build_*` function, retrying per policy.
    pub async fn send(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        self.send_operation(Operation::UNNAMED, request).await
    }

    /// [`Transport::send`], naming the operation in the `tracing` span of the call.
    pub async fn send_operation(
        &self,
        operation: Operation,
        request: http::Request<Body>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let span = trace::span(operation, request.method());
        trace::instrument(&span, self.send_with_retries(request, &span)).await
    }

    async fn send_with_retries(
        &self,
        request: http::Request<Body>,
        span: &trace::Span,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let started = Instant::now();
        let idempotent = request.method().is_idempotent();
        let mut jitter = Jitter::seeded();
        let mut attempt = 0;
        loop {
            trace::record(span, "attempt", u64::from(attempt) + 1);
            // reqwest consumes the request, so every attempt sends a copy of the original.
            let outcome = self.attempt(clone_request(&request)).await;
            let summary = match &outcome {
                Ok(response) => {
                    trace::record(span, "status", u64::from(response.status().as_u16()));
                    let retry_after = response
                        .headers()
                        .get(http::header::RETRY_AFTER)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|value| parse_retry_after(value, SystemTime::now()));
                    Outcome::Status {
                        status: response.status().as_u16(),
                        retry_after,
                    }
                }
                Err(err) => Outcome::Failed {
                    connect_failed: err.is_connect(),
                    timed_out: err.is_timeout(),
                },
            };
            let decision = self
                .retry
                .decide(attempt, idempotent, summary, jitter.next_unit());
            let wait = match decision {
                Decision::Retry(wait) => wait,
                Decision::Stop | Decision::RetryAfterTooLong(_) => {
                    let elapsed = started.elapsed();
                    trace::record(span, "elapsed_ms", elapsed.as_millis() as u64);
                    // The error or the response says how it was got: `parse_*` carries the
                    // response's extension into `Error`.
                    let mut attempts = Attempts::new(attempt + 1, elapsed);
                    if let Decision::RetryAfterTooLong(asked) = decision {
                        attempts =
                            attempts.with_retry_after_not_waited(asked, self.retry.max_retry_after);
                    }
                    return match outcome {
                        Ok(mut response) => {
                            response.extensions_mut().insert(attempts);
                            Ok(response)
                        }
                        Err(err) => Err(err.with_attempts(attempts)),
                    };
                }
            };
            trace::retrying(attempt + 1, wait);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt: the request, then the body read in chunks up to the size limit.
    async fn attempt(
        &self,
        request: http::Request<Body>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let http = match &self.http {
            Sender::Http(http) => http,
            Sender::Backend(backend) => return self.attempt_backend(backend, request).await,
        };
        let (parts, body) = request.into_parts();
        let request = http::Request::from_parts(parts, body.into_bytes());
        let mut request =
            reqwest::Request::try_from(request).map_err(|err| transport_error(err, false))?;
        *request.timeout_mut() = Some(self.timeout);
        request
            .headers_mut()
            .entry(http::header::USER_AGENT)
            .or_insert_with(|| self.user_agent.clone());
        let mut response = http
            .execute(request)
            .await
            .map_err(|err| transport_error(err, false))?;
        let limit = self.max_response_bytes;
        let too_large =
            || TransportError::new(TransportErrorKind::BodyTooLarge { limit }, false, "");
        // A declared length above the limit fails before a byte of the body is read.
        let declared = response.content_length().unwrap_or(0);
        if declared > limit as u64 {
            return Err(too_large());
        }
        let mut body = Vec::with_capacity(declared as usize);
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| transport_error(err, true))?
        {
            if chunk.len() > limit - body.len() {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let mut out = http::Response::new(body);
        *out.status_mut() = response.status();
        *out.version_mut() = response.version();
        *out.headers_mut() = std::mem::take(response.headers_mut());
        Ok(out)
    }
}

impl Transport {
    /// One attempt through a [`Backend`]: the same user agent, timeout and size limit as over
    /// HTTP.
    async fn attempt_backend(
        &self,
        backend: &Arc<dyn Backend>,
        mut request: http::Request<Body>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        request
            .headers_mut()
            .entry(http::header::USER_AGENT)
            .or_insert_with(|| self.user_agent.clone());
        let response = tokio::time::timeout(self.timeout, backend.send(request))
            .await
            .map_err(|_| {
                TransportError::new(TransportErrorKind::Timeout, false, "operation timed out")
            })??;
        within_limit(response, self.max_response_bytes)
    }
}

/// `response` when its declared `Content-Length` and its body are within `limit` bytes.
fn within_limit(
    response: http::Response<Vec<u8>>,
    limit: usize,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    let declared = response
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or(0);
    if declared > limit as u64 || response.body().len() > limit {
        return Err(TransportError::new(
            TransportErrorKind::BodyTooLarge { limit },
            false,
            "",
        ));
    }
    Ok(response)
}

/// A reqwest error as a [`TransportError`], classified, with the reqwest error as its source.
fn transport_error(err: reqwest::Error, reading_body: bool) -> TransportError {
    let connect = err.is_connect();
    let kind = classify(err.is_timeout(), connect, reading_body, &err);
    // reqwest's messages name the URL but never the Authorization header; the base URL cannot
    // hold credentials (`Config::with_base_url` refuses them).
    let message = innermost(&err);
    TransportError::new(kind, connect, message).with_source(err)
}

/// The text of the innermost cause of `err`: the most specific one ("Connection refused (os
/// error 111)" rather than "error sending request").
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// What kind of failure a client error is, from its flags and its chain of causes.
fn classify(
    timed_out: bool,
    connect: bool,
    reading_body: bool,
    err: &(dyn std::error::Error + 'static),
) -> TransportErrorKind {
    if timed_out {
        return TransportErrorKind::Timeout;
    }
    if !connect {
        return match reading_body {
            true => TransportErrorKind::ResponseBody,
            false => TransportErrorKind::Other,
        };
    }
    let mut chain = Some(err);
    let mut text = String::new();
    while let Some(cause) = chain {
        // An I/O error's `source()` skips the error it wraps (it returns that one's source), so
        // wrapped I/O errors (`Other` around rustls' `InvalidData`) are unpacked here.
        let mut io = cause.downcast_ref::<std::io::Error>();
        while let Some(err) = io {
            match err.kind() {
                std::io::ErrorKind::ConnectionRefused
                | std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted => return TransportErrorKind::Connect,
                // rustls reports handshake failures as invalid data.
                std::io::ErrorKind::InvalidData => return TransportErrorKind::Tls,
                _ => {}
            }
            io = err
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<std::io::Error>());
        }
        text.push_str(&cause.to_string().to_ascii_lowercase());
        text.push('\n');
        chain = cause.source();
    }
    // hyper-util's connector says "dns error"; TLS libraries name certificates and handshakes.
    if text.contains("dns error") || text.contains("failed to lookup address") {
        TransportErrorKind::Dns
    } else if ["tls", "certificate", "handshake"]
        .iter()
        .any(|word| text.contains(word))
    {
        TransportErrorKind::Tls
    } else {
        TransportErrorKind::Connect
    }
}

// `http::Request` is not `Clone` (its extensions may not be); ours carry none, so method, URI,
// headers and body are the whole request.
fn clone_request(request: &http::Request<Body>) -> http::Request<Body> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// One span per call (feature `tracing`): operation, method, path template, then the final
/// status, the number of attempts and the elapsed milliseconds. Never a header or body value.
#[cfg(feature = "tracing")]
mod trace {
    use std::future::Future;
    use std::time::Duration;

    use super::Operation;

    pub(super) use tracing::Span;

    pub(super) fn span(operation: Operation, method: &http::Method) -> Span {
        tracing::info_span!(
            "api_call",
            operation = operation.name,
            method = method.as_str(),
            path = operation.path_template,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        )
    }

    pub(super) async fn instrument<F: Future>(span: &Span, future: F) -> F::Output {
        tracing::Instrument::instrument(future, span.clone()).await
    }

    pub(super) fn record(span: &Span, field: &'static str, value: u64) {
        span.record(field, value);
    }

    pub(super) fn retrying(attempt: u32, wait: Duration) {
        tracing::debug!(
            attempt,
            wait_ms = wait.as_millis() as u64,
            "retrying after a retryable outcome"
        );
    }
}

/// Without the `tracing` feature: nothing.
#[cfg(not(feature = "tracing"))]
mod trace {
    use std::future::Future;
    use std::time::Duration;

    use super::Operation;

    pub(super) struct Span;

    pub(super) fn span(_: Operation, _: &http::Method) -> Span {
        Span
    }

    pub(super) async fn instrument<F: Future>(_: &Span, future: F) -> F::Output {
        future.await
    }

    pub(super) fn record(_: &Span, _: &'static str, _: u64) {}

    pub(super) fn retrying(_: u32, _: Duration) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONNECT_FAILED: Outcome = Outcome::Failed {
        connect_failed: true,
        timed_out: false,
    };
    const TIMED_OUT: Outcome = Outcome::Failed {
        connect_failed: false,
        timed_out: true,
    };
    const OTHER_FAILURE: Outcome = Outcome::Failed {
        connect_failed: false,
        timed_out: false,
    };
    const IDEMPOTENT: bool = true;
    const POST: bool = false;

    fn status(status: u16) -> Outcome {
        Outcome::Status {
            status,
            retry_after: None,
        }
    }

    fn asking(status: u16, seconds: u64) -> Outcome {
        Outcome::Status {
            status,
            retry_after: Some(Duration::from_secs(seconds)),
        }
    }

    fn policy(max_retries: u32) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(100),
            jitter: false,
            ..RetryPolicy::default()
        }
    }

    fn retries(policy: &RetryPolicy, idempotent: bool, outcome: Outcome) -> bool {
        policy.retry_after(0, idempotent, outcome, 0.0).is_some()
    }

    fn millis(wait: Option<Duration>) -> u64 {
        wait.expect("a retry").as_millis() as u64
    }

    #[test]
    fn a_post_is_not_repeated_once_it_may_have_reached_the_server() {
        let p = policy(3);
        for code in [429, 502, 503, 504] {
            assert!(!retries(&p, POST, status(code)), "{code}");
            assert!(!retries(&p, POST, asking(code, 1)), "{code}");
        }
        assert!(!retries(&p, POST, TIMED_OUT));
        assert!(!retries(&p, POST, OTHER_FAILURE));
    }

    #[test]
    fn a_connect_failure_is_retried_for_every_method() {
        let p = policy(3);
        assert!(retries(&p, POST, CONNECT_FAILED));
        assert!(retries(&p, IDEMPOTENT, CONNECT_FAILED));
        // A connect timeout is both: still nothing was sent.
        let connect_timeout = Outcome::Failed {
            connect_failed: true,
            timed_out: true,
        };
        assert!(retries(&p, POST, connect_timeout));
    }

    #[test]
    fn busy_statuses_and_timeouts_are_retried_for_idempotent_methods() {
        let p = policy(3);
        for code in [429, 502, 503, 504] {
            assert!(retries(&p, IDEMPOTENT, status(code)), "{code}");
        }
        assert!(retries(&p, IDEMPOTENT, TIMED_OUT));
        assert!(!retries(&p, IDEMPOTENT, OTHER_FAILURE));
    }

    #[test]
    fn answers_are_never_retried() {
        let p = policy(3);
        for code in [200, 201, 204, 302, 400, 401, 404, 409, 500, 501, 505] {
            assert!(!retries(&p, IDEMPOTENT, status(code)), "{code}");
            // Not even when they carry a Retry-After.
            assert!(!retries(&p, IDEMPOTENT, asking(code, 1)), "{code}");
        }
    }

    #[test]
    fn retry_non_idempotent_opts_posts_in() {
        let p = RetryPolicy {
            retry_non_idempotent: true,
            ..policy(3)
        };
        assert!(retries(&p, POST, status(503)));
        assert!(retries(&p, POST, TIMED_OUT));
        assert!(!retries(&p, POST, status(500)));
    }

    #[test]
    fn max_retries_is_respected() {
        let p = policy(2);
        assert!(p.retry_after(0, IDEMPOTENT, CONNECT_FAILED, 0.0).is_some());
        assert!(p.retry_after(1, IDEMPOTENT, CONNECT_FAILED, 0.0).is_some());
        assert!(p.retry_after(2, IDEMPOTENT, CONNECT_FAILED, 0.0).is_none());
        assert!(RetryPolicy::none()
            .retry_after(0, IDEMPOTENT, CONNECT_FAILED, 0.0)
            .is_none());
    }

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let p = RetryPolicy {
            max_backoff: Duration::from_millis(500),
            ..policy(10)
        };
        let waits: Vec<u64> = (0..5)
            .map(|attempt| millis(p.retry_after(attempt, IDEMPOTENT, status(503), 0.0)))
            .collect();
        assert_eq!(waits, [100, 200, 400, 500, 500]);
        // No overflow on absurd attempt numbers.
        assert_eq!(millis(p.retry_after(9, IDEMPOTENT, status(503), 0.0)), 500);
    }

    #[test]
    fn jitter_waits_between_half_and_all_of_the_backoff() {
        let p = RetryPolicy {
            jitter: true,
            ..policy(10)
        };
        let wait = |random: f64| millis(p.retry_after(1, IDEMPOTENT, status(503), random));
        assert_eq!(wait(0.0), 200);
        assert_eq!(wait(0.5), 150);
        assert_eq!(wait(0.999_999), 100);
        // Out-of-range draws are clamped, never a negative or longer wait.
        assert_eq!(wait(7.0), 100);
        assert_eq!(wait(-1.0), 200);
        // The generator covers the range.
        let mut jitter = Jitter::seeded();
        let draws: Vec<f64> = (0..1000).map(|_| jitter.next_unit()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        assert!(draws.iter().any(|d| *d < 0.1) && draws.iter().any(|d| *d > 0.9));
        assert_ne!(Jitter::seeded().next_unit(), Jitter::seeded().next_unit());
    }

    #[test]
    fn retry_after_is_honoured_up_to_its_cap() {
        let p = RetryPolicy {
            max_retry_after: Duration::from_secs(30),
            ..policy(3)
        };
        // Longer than the backoff: wait what the server asks.
        assert_eq!(
            millis(p.retry_after(0, IDEMPOTENT, asking(429, 2), 0.0)),
            2000
        );
        assert_eq!(
            millis(p.retry_after(0, IDEMPOTENT, asking(503, 30), 0.0)),
            30_000
        );
        // Shorter: the backoff still applies.
        assert_eq!(
            millis(p.retry_after(0, IDEMPOTENT, asking(503, 0), 0.0)),
            100
        );
        // Beyond the cap: the answer goes back to the caller, saying why.
        assert_eq!(p.retry_after(0, IDEMPOTENT, asking(503, 31), 0.0), None);
        assert_eq!(
            p.decide(0, IDEMPOTENT, asking(503, 31), 0.0),
            Decision::RetryAfterTooLong(Duration::from_secs(31))
        );
        // Not retryable anyway (a POST): an ordinary stop, the header is in the error.
        assert_eq!(p.decide(0, POST, asking(503, 31), 0.0), Decision::Stop);
        assert_eq!(
            p.retry_after(0, IDEMPOTENT, asking(429, u64::MAX), 0.0),
            None
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        // 1994-11-06T08:49:37Z
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
        let parse = |value: &str| parse_retry_after(value, now);
        assert_eq!(parse("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            parse("99999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:50:07 GMT"),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse("Mon, 07 Nov 1994 08:49:37 GMT"),
            Some(Duration::from_secs(86_400))
        );
        // In the past: no wait.
        assert_eq!(parse("Thu, 01 Jan 1970 00:00:00 GMT"), Some(Duration::ZERO));
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn http_dates_match_the_calendar() {
        let at = |value: &str| {
            parse_http_date(value)
                .unwrap()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs()
        };
        assert_eq!(at("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
        assert_eq!(at("Sun, 06 Nov 1994 08:49:37 GMT"), 784_111_777);
        assert_eq!(at("Tue, 29 Feb 2000 00:00:00 GMT"), 951_782_400);
        assert_eq!(at("Fri, 31 Dec 2038 23:59:59 GMT"), 2_177_452_799);
    }

    #[test]
    fn defaults() {
        let p = RetryPolicy::default();
        assert_eq!(
            (
                p.max_retries,
                p.initial_backoff,
                p.max_backoff,
                p.max_retry_after,
                p.jitter,
                p.retry_non_idempotent
            ),
            (
                2,
                Duration::from_millis(200),
                Duration::from_secs(10),
                Duration::from_secs(60),
                true,
                false
            )
        );
        let options = ClientOptions::default();
        assert_eq!(options.timeout, Duration::from_secs(30));
        assert_eq!(options.connect_timeout, Duration::from_secs(10));
        assert_eq!(options.max_response_bytes, 10 * 1024 * 1024);
        assert_eq!(
            options.user_agent,
            format!("{}/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn a_backend_answer_is_held_to_the_size_limit() {
        let answer = |declared: Option<&str>, body: usize| {
            let mut response = http::Response::new(vec![b' '; body]);
            if let Some(declared) = declared {
                response.headers_mut().insert(
                    http::header::CONTENT_LENGTH,
                    http::HeaderValue::from_str(declared).unwrap(),
                );
            }
            within_limit(response, 10).map(|r| r.body().len())
        };
        assert_eq!(answer(None, 10).unwrap(), 10);
        assert_eq!(answer(Some("10"), 10).unwrap(), 10);
        let too_large = |result: Result<usize, TransportError>| {
            *result.unwrap_err().kind() == TransportErrorKind::BodyTooLarge { limit: 10 }
        };
        // A declared length above the limit fails even before a byte is there.
        assert!(too_large(answer(Some("11"), 0)));
        assert!(too_large(answer(None, 11)));
        assert!(too_large(answer(Some("5"), 11)));
        // An unreadable Content-Length is not a size.
        assert_eq!(answer(Some("lots"), 3).unwrap(), 3);
    }

    #[test]
    fn clone_request_copies_method_uri_headers_and_body() {
        let request = http::Request::builder()
            .method(http::Method::POST)
            .uri("https://example.com/x?y=1")
            .header("x-a", "1")
            .body(Body::from(b"body".to_vec()))
            .unwrap();
        let copy = clone_request(&request);
        assert_eq!(copy.method(), request.method());
        assert_eq!(copy.uri(), request.uri());
        assert_eq!(copy.headers(), request.headers());
        assert_eq!(copy.body(), request.body());
    }

    /// An error with a message and a cause, like the layers of a client error.
    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<dyn std::error::Error + 'static>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref()
        }
    }

    fn chain(top: &'static str, cause: impl std::error::Error + 'static) -> Layer {
        Layer(top, Some(Box::new(cause)))
    }

    #[test]
    fn failures_are_classified_from_their_cause_chain() {
        use std::io::{Error as Io, ErrorKind};
        let refused = chain(
            "error sending request",
            chain("tcp connect error", Io::from(ErrorKind::ConnectionRefused)),
        );
        let dns = chain(
            "error sending request",
            chain(
                "dns error",
                Io::other("failed to lookup address information"),
            ),
        );
        // As hyper-rustls reports it: `Other` wrapping `InvalidData`.
        let tls = chain(
            "error sending request",
            Io::other(Io::new(ErrorKind::InvalidData, "received corrupt message")),
        );
        let certificate = chain(
            "error sending request",
            Layer("invalid peer certificate: UnknownIssuer", None),
        );
        let unknown = Layer("error sending request", None);
        let kind = |timed_out, connect, body, err: &Layer| classify(timed_out, connect, body, err);
        assert_eq!(
            kind(false, true, false, &refused),
            TransportErrorKind::Connect
        );
        assert_eq!(kind(false, true, false, &dns), TransportErrorKind::Dns);
        assert_eq!(kind(false, true, false, &tls), TransportErrorKind::Tls);
        assert_eq!(
            kind(false, true, false, &certificate),
            TransportErrorKind::Tls
        );
        assert_eq!(
            kind(false, true, false, &unknown),
            TransportErrorKind::Connect
        );
        assert_eq!(
            kind(true, true, false, &refused),
            TransportErrorKind::Timeout
        );
        assert_eq!(
            kind(true, false, true, &unknown),
            TransportErrorKind::Timeout
        );
        assert_eq!(
            kind(false, false, true, &unknown),
            TransportErrorKind::ResponseBody
        );
        assert_eq!(
            kind(false, false, false, &unknown),
            TransportErrorKind::Other
        );
        assert_eq!(
            innermost(&refused),
            Io::from(ErrorKind::ConnectionRefused).to_string()
        );
        assert_eq!(innermost(&unknown), "error sending request");
    }
}
