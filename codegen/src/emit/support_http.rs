//! The request/response half of the generated `support` module: constraint checking, credentials,
//! path encoding, errors, and (behind the `client` feature) sending with timeouts and retries.

use proc_macro2::TokenStream;
use quote::quote;

pub fn validation() -> TokenStream {
    quote! {
        /// One constraint of the spec that a value breaks.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Violation {
            /// Where: wire keys and array indexes from the body's root, e.g. `cartItems[0].name`.
            pub path: String,
            /// What is wrong.
            pub message: String,
        }

        impl fmt::Display for Violation {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let path = if self.path.is_empty() { "(body)" } else { &self.path };
                write!(f, "{path}: {}", self.message)
            }
        }

        /// Checks a value against the constraints of its schema (lengths, patterns, formats, ranges,
        /// item counts) before it is sent.
        pub trait Validate {
            /// Appends every violation under `path` to `out`.
            fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>);

            /// Every violation, or `Ok(())`.
            fn validate(&self) -> Result<(), Vec<Violation>> {
                let mut out = Vec::new();
                self.validate_at(&mut FieldPath::default(), &mut out);
                if out.is_empty() { Ok(()) } else { Err(out) }
            }
        }

        impl<T: Validate> Validate for Box<T> {
            fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>) {
                (**self).validate_at(path, out);
            }
        }

        /// The path of the value being checked.
        #[derive(Clone, Debug, Default)]
        pub struct FieldPath(Vec<PathSegment>);

        #[derive(Clone, Debug)]
        enum PathSegment {
            Key(String),
            Index(usize),
        }

        impl FieldPath {
            #[doc(hidden)] pub fn key(&mut self, key: &str) -> &mut Self {
                self.0.push(PathSegment::Key(key.to_owned()));
                self
            }

            #[doc(hidden)] pub fn index(&mut self, index: usize) -> &mut Self {
                self.0.push(PathSegment::Index(index));
                self
            }

            #[doc(hidden)] pub fn pop(&mut self) {
                self.0.pop();
            }

            #[doc(hidden)] pub fn violation(&self, out: &mut Vec<Violation>, message: String) {
                out.push(Violation { path: self.to_string(), message });
            }
        }

        impl fmt::Display for FieldPath {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                for (i, segment) in self.0.iter().enumerate() {
                    match segment {
                        PathSegment::Key(key) if i == 0 => f.write_str(key)?,
                        PathSegment::Key(key) => write!(f, ".{key}")?,
                        PathSegment::Index(index) => write!(f, "[{index}]")?,
                    }
                }
                Ok(())
            }
        }

        /// String formats (JSON Schema `format`) the generated checks know.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Format {
            /// RFC 3339 date-time.
            DateTime,
            /// `YYYY-MM-DD`.
            Date,
            /// An absolute URI (`scheme:rest`).
            Uri,
            /// An email address.
            Email,
            /// An IPv4 address.
            Ipv4,
            /// An IPv6 address.
            Ipv6,
        }

        impl Format {
            /// Whether `value` has this format.
            pub fn matches(self, value: &str) -> bool {
                format_matches(self, value)
            }
        }

        /// Constraints on a string value.
        #[derive(Clone, Copy, Debug, Default)]
        #[doc(hidden)] pub struct StrRules {
            pub min_length: Option<usize>,
            pub max_length: Option<usize>,
            pub pattern: Option<&'static str>,
            pub format: Option<Format>,
        }

        #[doc(hidden)] pub fn check_str(value: &str, rules: &StrRules, path: &FieldPath, out: &mut Vec<Violation>) {
            let length = value.chars().count();
            if let Some(min) = rules.min_length.filter(|min| length < *min) {
                path.violation(out, format!("is {length} characters long, shorter than the minimum of {min}"));
            }
            if let Some(max) = rules.max_length.filter(|max| length > *max) {
                path.violation(out, format!("is {length} characters long, longer than the maximum of {max}"));
            }
            if let Some(pattern) = rules.pattern {
                match pattern_matches(pattern, value) {
                    Ok(true) => {}
                    Ok(false) => path.violation(out, format!("does not match the pattern `{pattern}`")),
                    Err(err) => path.violation(out, format!("cannot be checked: the spec's pattern `{pattern}` is invalid ({err})")),
                }
            }
            if let Some(format) = rules.format.filter(|format| !format_matches(*format, value)) {
                path.violation(out, format!("is not a valid {}", format_name(format)));
            }
        }

        #[doc(hidden)] pub fn check_number(value: f64, minimum: Option<f64>, maximum: Option<f64>, path: &FieldPath, out: &mut Vec<Violation>) {
            if let Some(min) = minimum.filter(|min| value < *min) {
                path.violation(out, format!("is {value}, less than the minimum of {min}"));
            }
            if let Some(max) = maximum.filter(|max| value > *max) {
                path.violation(out, format!("is {value}, more than the maximum of {max}"));
            }
        }

        #[doc(hidden)] pub fn check_items(count: usize, min_items: Option<usize>, max_items: Option<usize>, path: &FieldPath, out: &mut Vec<Violation>) {
            if let Some(min) = min_items.filter(|min| count < *min) {
                path.violation(out, format!("has {count} items, fewer than the minimum of {min}"));
            }
            if let Some(max) = max_items.filter(|max| count > *max) {
                path.violation(out, format!("has {count} items, more than the maximum of {max}"));
            }
        }

        fn pattern_matches(pattern: &'static str, value: &str) -> Result<bool, regex_lite::Error> {
            use std::collections::HashMap;
            use std::sync::{Mutex, OnceLock};
            // Compiled once per pattern for the life of the process.
            static CACHE: OnceLock<Mutex<HashMap<&'static str, regex_lite::Regex>>> = OnceLock::new();
            let mut cache = CACHE.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(regex) = cache.get(pattern) {
                return Ok(regex.is_match(value));
            }
            let regex = regex_lite::Regex::new(pattern)?;
            let matched = regex.is_match(value);
            cache.insert(pattern, regex);
            Ok(matched)
        }

        fn format_name(format: Format) -> &'static str {
            match format {
                Format::DateTime => "RFC 3339 date-time",
                Format::Date => "date (YYYY-MM-DD)",
                Format::Uri => "absolute URI",
                Format::Email => "email address",
                Format::Ipv4 => "IPv4 address",
                Format::Ipv6 => "IPv6 address",
            }
        }

        fn format_matches(format: Format, value: &str) -> bool {
            match format {
                Format::DateTime => is_date_time(value),
                Format::Date => is_date(value),
                Format::Uri => is_uri(value),
                Format::Email => is_email(value),
                Format::Ipv4 => value.parse::<std::net::Ipv4Addr>().is_ok(),
                Format::Ipv6 => value.parse::<std::net::Ipv6Addr>().is_ok(),
            }
        }

        fn digits(value: &str, count: usize) -> bool {
            value.len() == count && value.bytes().all(|b| b.is_ascii_digit())
        }

        fn is_date(value: &str) -> bool {
            let parts: Vec<&str> = value.split('-').collect();
            matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2)
                && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u8>().unwrap_or(0)))
        }

        /// RFC 3339: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`.
        fn is_date_time(value: &str) -> bool {
            let Some((date, time)) = value.split_once(['T', 't']) else { return false };
            let (clock, offset) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
                (clock, "00:00")
            } else {
                match time.rfind(['+', '-']) {
                    Some(at) => (&time[..at], &time[at + 1..]),
                    None => return false,
                }
            };
            let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
                if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) { "" } else { whole }
            });
            let hms: Vec<&str> = clock.split(':').collect();
            let hm: Vec<&str> = offset.split(':').collect();
            is_date(date)
                && matches!(hms.as_slice(), [h, m, s] if digits(h, 2) && digits(m, 2) && digits(s, 2))
                && matches!(hm.as_slice(), [h, m] if digits(h, 2) && digits(m, 2))
        }

        fn is_uri(value: &str) -> bool {
            let Some((scheme, rest)) = value.split_once(':') else { return false };
            let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
            scheme_ok && !rest.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        }

        fn is_email(value: &str) -> bool {
            match value.rsplit_once('@') {
                Some((local, domain)) => {
                    !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
                        && !value.chars().any(char::is_whitespace)
                }
                None => false,
            }
        }
    }
}

pub fn http_support() -> TokenStream {
    quote! {
        /// HTTP basic credentials. `Debug` and `Display` never show them.
        #[derive(Clone, PartialEq, Eq)]
        pub struct Credentials {
            user_name: String,
            password: String,
        }

        impl Credentials {
            /// Credentials from a user name and a password; what each is for an API is described on
            /// that API's `Config`.
            pub fn basic(user_name: impl Into<String>, password: impl Into<String>) -> Self {
                Credentials { user_name: user_name.into(), password: password.into() }
            }

            /// The `Authorization` header value.
            #[doc(hidden)] pub fn header_value(&self) -> http::HeaderValue {
                use base64::Engine as _;
                let token = base64::engine::general_purpose::STANDARD
                    .encode(format!("{}:{}", self.user_name, self.password));
                let mut value = http::HeaderValue::try_from(format!("Basic {token}"))
                    .expect("base64 is always a valid header value");
                value.set_sensitive(true);
                value
            }
        }

        impl fmt::Debug for Credentials {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Credentials(*** redacted ***)")
            }
        }

        impl fmt::Display for Credentials {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("*** redacted ***")
            }
        }

        /// Characters left as they are in a path segment: RFC 3986 "unreserved".
        const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');

        /// Percent-encodes a path parameter so it stays exactly one path segment (`/`, `?`, `#`,
        /// `%` and spaces are encoded; a segment of only dots is encoded too, so it cannot be
        /// resolved as `.` or `..`).
        pub fn encode_path_segment(value: &str) -> String {
            if !value.is_empty() && value.bytes().all(|b| b == b'.') {
                return "%2E".repeat(value.len());
            }
            percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
        }

        /// Why a request could not be built.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum RequestError {
            /// The body or a parameter breaks the spec's constraints: every violation, with its path.
            InvalidRequest(Vec<Violation>),
            /// The configuration cannot make a valid request (base URL, header value).
            InvalidConfig(String),
        }

        impl fmt::Display for RequestError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    RequestError::InvalidRequest(violations) => {
                        write!(f, "the request breaks {} constraint(s) of the spec", violations.len())?;
                        for violation in violations {
                            write!(f, "; {violation}")?;
                        }
                        Ok(())
                    }
                    RequestError::InvalidConfig(message) => write!(f, "invalid configuration: {message}"),
                }
            }
        }

        impl std::error::Error for RequestError {}

        /// Everything an operation can fail with. `E` is the operation's documented API errors.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error<E> {
            /// The request was refused before sending.
            Request(RequestError),
            /// The API answered with a documented error status and body.
            Api(E),
            /// The API answered with a status the spec does not document for this operation.
            UnexpectedStatus {
                /// HTTP status.
                status: u16,
                /// The start of the body, for diagnosis.
                body: String,
            },
            /// A documented status came with a body that does not parse as documented.
            Decode {
                /// HTTP status.
                status: u16,
                /// The type the body should have been.
                expected: &'static str,
                /// What the JSON parser said.
                message: String,
            },
            /// No usable response: connection, TLS, timeout or other transport failure.
            Transport(TransportError),
        }

        impl<E: fmt::Debug> fmt::Display for Error<E> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Error::Request(err) => write!(f, "{err}"),
                    Error::Api(err) => write!(f, "the API returned an error: {err:?}"),
                    Error::UnexpectedStatus { status, body } => write!(f, "unexpected HTTP status {status}: {body}"),
                    Error::Decode { status, expected, message } => {
                        write!(f, "HTTP {status}: expected a JSON body of type {expected}: {message}")
                    }
                    Error::Transport(err) => write!(f, "{err}"),
                }
            }
        }

        impl<E: fmt::Debug> std::error::Error for Error<E> {}

        impl<E> From<RequestError> for Error<E> {
            fn from(err: RequestError) -> Self {
                Error::Request(err)
            }
        }

        /// A transport failure: the request may or may not have reached the server.
        #[derive(Debug)]
        pub struct TransportError {
            /// True when the configured timeout expired.
            pub timed_out: bool,
            message: String,
        }

        impl TransportError {
            #[doc(hidden)] pub fn new(timed_out: bool, message: String) -> Self {
                TransportError { timed_out, message }
            }
        }

        impl fmt::Display for TransportError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if self.timed_out {
                    write!(f, "timed out: {}", self.message)
                } else {
                    write!(f, "transport error: {}", self.message)
                }
            }
        }

        impl std::error::Error for TransportError {}

        /// Joins the base URL and an already encoded path.
        #[doc(hidden)] pub fn url(base_url: &str, path: &str) -> String {
            format!("{}{path}", base_url.trim_end_matches('/'))
        }

        /// Starts a JSON request with method, URL, content negotiation and authorization.
        #[doc(hidden)] pub fn request_builder(method: http::Method, url: &str, credentials: &Credentials) -> http::request::Builder {
            http::Request::builder()
                .method(method)
                .uri(url)
                .header(http::header::ACCEPT, "application/json")
                .header(http::header::AUTHORIZATION, credentials.header_value())
        }

        /// A header value from configuration, refusing characters HTTP does not allow.
        #[doc(hidden)] pub fn config_header(name: &str, value: &str) -> Result<http::HeaderValue, RequestError> {
            http::HeaderValue::from_str(value)
                .map_err(|_| RequestError::InvalidConfig(format!("the value for header `{name}` contains characters not allowed in HTTP headers")))
        }

        /// Finishes a request; fails only on an invalid URL.
        #[doc(hidden)] pub fn finish(builder: http::request::Builder, body: Vec<u8>) -> Result<http::Request<Vec<u8>>, RequestError> {
            builder.body(body).map_err(|err| RequestError::InvalidConfig(format!("cannot build the request: {err}")))
        }

        /// Serializes a validated JSON body.
        #[doc(hidden)] pub fn json_body<T: serde::Serialize + Validate>(body: &T) -> Result<Vec<u8>, RequestError> {
            body.validate().map_err(RequestError::InvalidRequest)?;
            serde_json::to_vec(body).map_err(|err| RequestError::InvalidConfig(format!("cannot serialize the body: {err}")))
        }

        /// Refuses path parameters that would address another resource: empty, `.` or `..` (URL
        /// parsers resolve `%2E%2E` like `..`, so no encoding keeps those in their segment).
        #[doc(hidden)] pub fn path_param(name: &str, value: &str) -> Result<String, RequestError> {
            let message = match value {
                "" => "must not be empty",
                "." | ".." => "must not be `.` or `..`",
                _ => return Ok(encode_path_segment(value)),
            };
            Err(RequestError::InvalidRequest(vec![Violation { path: name.to_owned(), message: message.to_owned() }]))
        }

        /// Parses a documented JSON body.
        #[doc(hidden)] pub fn decode<T: serde::de::DeserializeOwned, E>(status: u16, body: &[u8], expected: &'static str) -> Result<T, Error<E>> {
            serde_json::from_slice(body).map_err(|err| Error::Decode { status, expected, message: err.to_string() })
        }

        /// An undocumented status, with the start of the body for diagnosis.
        #[doc(hidden)] pub fn unexpected<E>(status: u16, body: &[u8]) -> Error<E> {
            const SHOWN: usize = 512;
            let text = String::from_utf8_lossy(body);
            let body = match text.char_indices().nth(SHOWN) {
                Some((cut, _)) => format!("{}...", &text[..cut]),
                None => text.into_owned(),
            };
            Error::UnexpectedStatus { status, body }
        }
    }
}

pub fn client_support() -> TokenStream {
    quote! {
        /// Sending requests over HTTP (cargo feature `client`).
        #[cfg(feature = "client")]
        pub mod transport {
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
                    RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(200), retry_non_idempotent: false }
                }
            }

            impl RetryPolicy {
                /// Never retry.
                pub fn none() -> Self {
                    RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
                }
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
                    Ok(Transport { http, retry: options.retry.clone() })
                }

                /// Sends a request built by an operation's `build_*` function, retrying per policy.
                pub async fn send(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> {
                    let idempotent = request.method().is_idempotent();
                    let mut attempt = 0;
                    loop {
                        let outcome = self.attempt(clone_request(&request)).await;
                        let retry = attempt < self.retry.max_retries
                            && match &outcome {
                                Ok(response) => {
                                    (idempotent || self.retry.retry_non_idempotent)
                                        && matches!(response.status().as_u16(), 429 | 502 | 503 | 504)
                                }
                                Err((err, connect_failed)) => {
                                    *connect_failed || ((idempotent || self.retry.retry_non_idempotent) && err.timed_out)
                                }
                            };
                        if !retry {
                            return outcome.map_err(|(err, _)| err);
                        }
                        tokio::time::sleep(self.retry.initial_backoff * 2u32.saturating_pow(attempt)).await;
                        attempt += 1;
                    }
                }

                /// One attempt; the error says whether the connection itself failed.
                async fn attempt(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, (TransportError, bool)> {
                    let fail = |err: reqwest::Error| {
                        // reqwest's message names the URL but never the Authorization header.
                        (TransportError::new(err.is_timeout(), err.to_string()), err.is_connect())
                    };
                    let request = reqwest::Request::try_from(request).map_err(fail)?;
                    let response = self.http.execute(request).await.map_err(fail)?;
                    let mut builder = http::Response::builder().status(response.status());
                    for (name, value) in response.headers() {
                        builder = builder.header(name, value);
                    }
                    let body = response.bytes().await.map_err(fail)?;
                    builder.body(body.to_vec()).map_err(|err| (TransportError::new(false, err.to_string()), false))
                }
            }

            fn clone_request(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
                let mut copy = http::Request::new(request.body().clone());
                *copy.method_mut() = request.method().clone();
                *copy.uri_mut() = request.uri().clone();
                *copy.headers_mut() = request.headers().clone();
                copy
            }
        }
    }
}
