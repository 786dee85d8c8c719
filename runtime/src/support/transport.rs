//! Sending requests over HTTP (cargo feature `client`).
//!
//! The sans-IO half (`build_*`, `parse_*`) does not depend on this module; it is the one place
//! that knows about reqwest and tokio.

use std::time::Duration;

use super::TransportError;

/// When to try a request again.
///
/// Retries happen after a connection failure (the request never reached the server) and,
/// for idempotent methods (GET, PUT, ...) only, after a 429, 502, 503 or 504 answer or a
/// timeout. A POST is never repeated after it may have reached the server, unless
/// `retry_non_idempotent` is set.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// Also repeat non-idempotent requests (POST) that may have reached the server.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
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

    /// Whether to try again after attempt number `attempt` (0 for the first) ended in `outcome`,
    /// and if so after how long.
    // Pure, so the decision is tested without a network; `Transport::send` only sleeps and loops.
    fn retry_after(&self, attempt: u32, idempotent: bool, outcome: Outcome) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        // "May have reached the server" outcomes repeat only what is safe to repeat.
        let repeatable = idempotent || self.retry_non_idempotent;
        let retry = match outcome {
            // 429 and 502-504 say "not processed, try later"; other statuses are answers.
            Outcome::Status(status) => repeatable && matches!(status, 429 | 502 | 503 | 504),
            // A failed connection never reached the server: safe for any method.
            Outcome::Failed {
                connect_failed,
                timed_out,
            } => connect_failed || (repeatable && timed_out),
        };
        // Exponential backoff: initial, 2 x initial, 4 x initial, ...
        retry.then(|| self.initial_backoff * 2u32.saturating_pow(attempt))
    }
}

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Clone, Copy, Debug)]
enum Outcome {
    /// The server answered with this status.
    Status(u16),
    /// No response.
    Failed {
        /// The connection could not be established, so nothing was sent.
        connect_failed: bool,
        /// The timeout expired (the request may have been processed).
        timed_out: bool,
    },
}

/// Timeouts, user agent and retries of a client.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Limit for one whole attempt (connect, send, receive). Default 30 s.
    pub timeout: Duration,
    /// Limit for establishing a connection. Default 10 s.
    pub connect_timeout: Duration,
    /// When to retry.
    pub retry: RetryPolicy,
    /// The `User-Agent` header. Default: `commerce-apis/<version>`.
    pub user_agent: String,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            // The name and version of the crate this file is compiled in: the generated crate's.
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// The HTTP client shared by the API clients: reqwest with rustls, redirects not
/// followed (a documented 302 is an answer, not a hop).
#[derive(Clone, Debug)]
pub struct Transport {
    http: reqwest::Client,
    retry: RetryPolicy,
}

impl Transport {
    /// A transport with `options`.
    pub fn new(options: &ClientOptions) -> Result<Self, TransportError> {
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .user_agent(options.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| TransportError::new(false, err.to_string()))?;
        Ok(Transport {
            http,
            retry: options.retry.clone(),
        })
    }

    /// Sends a request built by an operation's `build_*` function, retrying per policy.
    pub async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let idempotent = request.method().is_idempotent();
        let mut attempt = 0;
        loop {
            // reqwest consumes the request, so every attempt sends a copy of the original.
            let outcome = self.attempt(clone_request(&request)).await;
            let summary = match &outcome {
                Ok(response) => Outcome::Status(response.status().as_u16()),
                Err((err, connect_failed)) => Outcome::Failed {
                    connect_failed: *connect_failed,
                    timed_out: err.timed_out,
                },
            };
            let Some(backoff) = self.retry.retry_after(attempt, idempotent, summary) else {
                return outcome.map_err(|(err, _)| err);
            };
            tokio::time::sleep(backoff).await;
            attempt += 1;
        }
    }

    /// One attempt; the error says whether the connection itself failed.
    async fn attempt(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, (TransportError, bool)> {
        let fail = |err: reqwest::Error| {
            // reqwest's message names the URL but never the Authorization header.
            (
                TransportError::new(err.is_timeout(), err.to_string()),
                err.is_connect(),
            )
        };
        let request = reqwest::Request::try_from(request).map_err(fail)?;
        let response = self.http.execute(request).await.map_err(fail)?;
        let mut builder = http::Response::builder().status(response.status());
        for (name, value) in response.headers() {
            builder = builder.header(name, value);
        }
        let body = response.bytes().await.map_err(fail)?;
        builder
            .body(body.to_vec())
            .map_err(|err| (TransportError::new(false, err.to_string()), false))
    }
}

// `http::Request` is not `Clone` (its extensions may not be); ours carry none, so method, URI,
// headers and body are the whole request.
fn clone_request(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
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

    fn policy(max_retries: u32) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(100),
            retry_non_idempotent: false,
        }
    }

    fn retries(policy: &RetryPolicy, idempotent: bool, outcome: Outcome) -> bool {
        policy.retry_after(0, idempotent, outcome).is_some()
    }

    #[test]
    fn a_post_is_not_repeated_once_it_may_have_reached_the_server() {
        let p = policy(3);
        for status in [429, 502, 503, 504] {
            assert!(!retries(&p, POST, Outcome::Status(status)), "{status}");
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
        for status in [429, 502, 503, 504] {
            assert!(retries(&p, IDEMPOTENT, Outcome::Status(status)), "{status}");
        }
        assert!(retries(&p, IDEMPOTENT, TIMED_OUT));
        assert!(!retries(&p, IDEMPOTENT, OTHER_FAILURE));
    }

    #[test]
    fn answers_are_never_retried() {
        let p = policy(3);
        for status in [200, 201, 204, 302, 400, 401, 404, 409, 500, 501, 505] {
            assert!(
                !retries(&p, IDEMPOTENT, Outcome::Status(status)),
                "{status}"
            );
        }
    }

    #[test]
    fn retry_non_idempotent_opts_posts_in() {
        let p = RetryPolicy {
            retry_non_idempotent: true,
            ..policy(3)
        };
        assert!(retries(&p, POST, Outcome::Status(503)));
        assert!(retries(&p, POST, TIMED_OUT));
        assert!(!retries(&p, POST, Outcome::Status(500)));
    }

    #[test]
    fn max_retries_is_respected() {
        let p = policy(2);
        assert!(p.retry_after(0, IDEMPOTENT, CONNECT_FAILED).is_some());
        assert!(p.retry_after(1, IDEMPOTENT, CONNECT_FAILED).is_some());
        assert!(p.retry_after(2, IDEMPOTENT, CONNECT_FAILED).is_none());
        assert!(RetryPolicy::none()
            .retry_after(0, IDEMPOTENT, CONNECT_FAILED)
            .is_none());
    }

    #[test]
    fn backoff_doubles() {
        let p = policy(10);
        let waits: Vec<u64> = (0..4)
            .map(|attempt| {
                p.retry_after(attempt, IDEMPOTENT, Outcome::Status(503))
                    .unwrap()
                    .as_millis() as u64
            })
            .collect();
        assert_eq!(waits, [100, 200, 400, 800]);
    }

    #[test]
    fn defaults() {
        let p = RetryPolicy::default();
        assert_eq!(
            (p.max_retries, p.initial_backoff, p.retry_non_idempotent),
            (2, Duration::from_millis(200), false)
        );
        let options = ClientOptions::default();
        assert_eq!(options.timeout, Duration::from_secs(30));
        assert_eq!(options.connect_timeout, Duration::from_secs(10));
        assert_eq!(
            options.user_agent,
            format!("{}/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn clone_request_copies_method_uri_headers_and_body() {
        let request = http::Request::builder()
            .method(http::Method::POST)
            .uri("https://example.com/x?y=1")
            .header("x-a", "1")
            .body(b"body".to_vec())
            .unwrap();
        let copy = clone_request(&request);
        assert_eq!(copy.method(), request.method());
        assert_eq!(copy.uri(), request.uri());
        assert_eq!(copy.headers(), request.headers());
        assert_eq!(copy.body(), request.body());
    }
}
