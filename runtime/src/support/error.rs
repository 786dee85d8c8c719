//! What an operation can fail with, and the helpers the generated `parse_*` functions use to turn
//! a response into one.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{Body, Violation};

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
                write!(
                    f,
                    "the request breaks {} constraint(s) of the spec",
                    violations.len()
                )?;
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

/// A documented error answer of an operation: the generated `<Operation>Error` enums.
///
/// Their `Display` is a bounded summary: the HTTP status with its reason and the variant's name,
/// never the body (which may echo what the request sent, an e-mail address in a validation
/// message); the body is the variant's value, and its `Debug` redacts fields marked
/// `x-sensitive`.
pub trait ApiError: fmt::Debug + fmt::Display {
    /// The HTTP status of the answer.
    fn status(&self) -> u16;
}

/// Operations without documented error statuses have `Error<Infallible>`.
impl ApiError for std::convert::Infallible {
    fn status(&self) -> u16 {
        match *self {}
    }
}

/// Writes a documented error answer: `HTTP 400 Bad Request (ValidateOrderError::BadRequest)`.
/// The body stays out: its length and content are the server's, and it may echo the request.
// Used by the generated `Display` impls of the `<Operation>Error` enums.
#[doc(hidden)]
pub fn write_api_error(f: &mut fmt::Formatter<'_>, status: u16, variant: &str) -> fmt::Result {
    write_status(f, status)?;
    write!(f, " ({variant})")
}

/// `HTTP 404 Not Found`, or `HTTP 599` for a status without a registered reason.
fn write_status(f: &mut fmt::Formatter<'_>, status: u16) -> fmt::Result {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason());
    match reason {
        Some(reason) => write!(f, "HTTP {status} {reason}"),
        None => write!(f, "HTTP {status}"),
    }
}

/// Everything an operation can fail with. `E` is the operation's documented API errors (its
/// `<Operation>Error` enum, or `Infallible` when it documents none).
///
/// Nothing in `Display` or `Debug` carries a credential, a response body or a value of the
/// request: response bodies are kept as [`Body`], whose `Debug` shows only the length (read them
/// with [`Error::raw_body`]), and JSON decoding errors keep serde's category and position but not
/// the offending value.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request was refused before sending.
    Request(RequestError),
    /// The API answered with a documented error status and body.
    Api {
        /// The documented answer: the operation's `<Operation>Error` variant of the status, with
        /// the typed body.
        error: E,
        /// The answer's headers (`Retry-After`, request ids) and the client's attempts.
        response: ResponseInfo,
    },
    /// The API answered with a status the spec does not document for this operation.
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The whole body as received; `Debug` shows only its length.
        body: Body,
        /// The answer's headers (`Retry-After`, request ids) and the client's attempts.
        response: ResponseInfo,
    },
    /// A documented status came with a body that does not parse as documented.
    Decode {
        /// HTTP status.
        status: u16,
        /// The type the body should have been.
        expected: &'static str,
        /// What the JSON parser said: its category, what was wrong and where (line and column),
        /// without the offending value (which may be sensitive).
        message: String,
        /// The whole body as received; `Debug` shows only its length.
        body: Body,
        /// The answer's headers (`Retry-After`, request ids) and the client's attempts.
        response: ResponseInfo,
    },
    /// No usable response: connection, DNS, TLS, timeout, an oversized body or another transport
    /// failure. [`TransportError::kind`] says which; the cause is its `source()`.
    Transport(TransportError),
}

impl<E> Error<E> {
    /// The raw response body of an [`Error::UnexpectedStatus`] or [`Error::Decode`], for
    /// diagnosis. It is never part of `Display` or `Debug`: it may hold anything the server sent.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The documented error answer, for [`Error::Api`].
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The headers and attempts of the answer, when the API answered: for [`Error::Api`],
    /// [`Error::UnexpectedStatus`] and [`Error::Decode`].
    pub fn response(&self) -> Option<&ResponseInfo> {
        match self {
            Error::Api { response, .. }
            | Error::UnexpectedStatus { response, .. }
            | Error::Decode { response, .. } => Some(response),
            Error::Request(_) | Error::Transport(_) => None,
        }
    }

    /// The answer's headers, when the API answered (see [`Error::response`]).
    pub fn headers(&self) -> Option<&http::HeaderMap> {
        self.response().map(ResponseInfo::headers)
    }

    /// How long the answer's `Retry-After` header asks to wait before trying again (seconds or
    /// an HTTP date), when the API answered with one: the wait of a `503` or `429` that was not
    /// retried (a POST is never repeated once it may have reached the server) or that asked for
    /// longer than `RetryPolicy::max_retry_after`.
    pub fn retry_after(&self) -> Option<Duration> {
        self.response().and_then(ResponseInfo::retry_after)
    }

    /// The request id the server gave the answer (see [`ResponseInfo::request_id`]), for a
    /// support ticket.
    pub fn request_id(&self) -> Option<&str> {
        self.response().and_then(ResponseInfo::request_id)
    }

    /// How the client got this answer or gave up: attempts, time spent, a `Retry-After` it did
    /// not wait for. `None` without the client (the sans-IO `parse_*` of a response from
    /// elsewhere) and for a request refused before sending.
    pub fn attempts(&self) -> Option<&Attempts> {
        match self {
            Error::Transport(err) => err.attempts(),
            _ => self.response().and_then(ResponseInfo::attempts),
        }
    }

    /// True when the request timed out (it may have reached the server).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(err) if err.is_timeout())
    }

    /// True when no connection could be made (refused, DNS, TLS handshake, connect timeout):
    /// the request was not sent.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(err) if err.is_connect())
    }
}

impl<E: ApiError> Error<E> {
    /// The HTTP status the API answered with, if it answered: for [`Error::Api`],
    /// [`Error::UnexpectedStatus`] and [`Error::Decode`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { error, .. } => Some(error.status()),
            Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Request(_) | Error::Transport(_) => None,
        }
    }
}

// `Request` and `Transport` are transparent (their own text, their source); `Api` shows the
// status and the variant through `E`'s `Display` (a bounded summary, never the body). Answers end
// with what the client did: the attempts when there were several, a `Retry-After` not waited for.
impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Request(err) => write!(f, "{err}"),
            Error::Api { error, .. } => write!(f, "the API answered {error}"),
            Error::UnexpectedStatus { status, body, .. } => {
                f.write_str("the API answered ")?;
                write_status(f, *status)?;
                write!(
                    f,
                    ", a status the spec does not document for this operation (body of {} bytes, see `Error::raw_body`)",
                    body.len()
                )
            }
            Error::Decode {
                status,
                expected,
                message,
                ..
            } => {
                f.write_str("the API answered ")?;
                write_status(f, *status)?;
                write!(f, " with a body that is not a valid {expected}: {message}")
            }
            // Its own `Display` tells its attempts.
            Error::Transport(err) => return write!(f, "{err}"),
        }?;
        match self.response().and_then(ResponseInfo::attempts) {
            Some(attempts) => attempts.write_summary(f),
            None => Ok(()),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Request(err) => std::error::Error::source(err),
            Error::Transport(err) => std::error::Error::source(err),
            Error::Api { .. } | Error::UnexpectedStatus { .. } | Error::Decode { .. } => None,
        }
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(err: RequestError) -> Self {
        Error::Request(err)
    }
}

/// How the client got an answer, or gave up: the attempts it made, the time they took, and a
/// `Retry-After` it did not wait for. The client puts it in the `http::Response`'s extensions;
/// the `parse_*` functions carry it into [`Error`] (see [`Error::attempts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempts {
    count: u32,
    elapsed: Duration,
    // The wait a `Retry-After` asked for and the `max_retry_after` it exceeded.
    not_waited: Option<(Duration, Duration)>,
}

impl Attempts {
    /// `count` attempts (the first included) over `elapsed`.
    #[doc(hidden)]
    pub fn new(count: u32, elapsed: Duration) -> Self {
        Attempts {
            count,
            elapsed,
            not_waited: None,
        }
    }

    /// The last answer asked (`Retry-After`) for a wait of `asked`, longer than `cap`
    /// (`RetryPolicy::max_retry_after`), so the client returned it instead of retrying.
    #[doc(hidden)]
    pub fn with_retry_after_not_waited(mut self, asked: Duration, cap: Duration) -> Self {
        self.not_waited = Some((asked, cap));
        self
    }

    /// The number of attempts, the first included (1 when nothing was retried).
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The time from the first attempt's start to the last one's end, waits included.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The wait the last answer's `Retry-After` asked for, when it was longer than
    /// `RetryPolicy::max_retry_after` and the client therefore returned the answer early instead
    /// of waiting and retrying.
    pub fn retry_after_not_waited(&self) -> Option<Duration> {
        self.not_waited.map(|(asked, _)| asked)
    }

    /// `; after 3 attempts over 2.1 s`, and `; it asked to retry after 120 s, more than ...`.
    fn write_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.count > 1 {
            write!(
                f,
                "; after {} attempts over {:.1} s",
                self.count,
                self.elapsed.as_secs_f64()
            )?;
        }
        if let Some((asked, cap)) = self.not_waited {
            write!(
                f,
                "; its Retry-After asks to wait {} s, more than `max_retry_after` ({} s), so it was returned without retrying",
                asked.as_secs(),
                cap.as_secs()
            )?;
        }
        Ok(())
    }
}

/// What an error keeps of the API's answer besides status and body: the headers (a
/// `Retry-After`, a request id, rate-limit counters) and how the client got it.
///
/// `Debug` lists the header names, not their values (a `Set-Cookie` is the server's secret);
/// read them with [`ResponseInfo::headers`].
// Boxed: one pointer in every `Error` variant, so `Result<T, Error<E>>` stays small.
#[derive(Clone, Default)]
pub struct ResponseInfo(Box<ResponseParts>);

#[derive(Clone, Default)]
struct ResponseParts {
    headers: http::HeaderMap,
    attempts: Option<Attempts>,
}

impl ResponseInfo {
    /// The headers of `response` and the attempts the client recorded in its extensions.
    #[doc(hidden)]
    pub fn of<B>(response: &http::Response<B>) -> Self {
        ResponseInfo(Box::new(ResponseParts {
            headers: response.headers().clone(),
            attempts: response.extensions().get::<Attempts>().copied(),
        }))
    }

    /// The answer's headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.0.headers
    }

    /// How the client got the answer (`None` for a response parsed without the client).
    pub fn attempts(&self) -> Option<&Attempts> {
        self.0.attempts.as_ref()
    }

    /// The wait the `Retry-After` header asks for: delay-seconds (`120`) or an HTTP date (a
    /// date in the past asks for none). `None` without the header or when it is neither.
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self
            .headers()
            .get(http::header::RETRY_AFTER)?
            .to_str()
            .ok()?;
        parse_retry_after(value, SystemTime::now())
    }

    /// The request id the server gave the answer: the first of the conventional headers
    /// `x-request-id`, `request-id` and `x-correlation-id` that is present and printable. The
    /// API's own header, if it uses another name, is in [`ResponseInfo::headers`].
    pub fn request_id(&self) -> Option<&str> {
        ["x-request-id", "request-id", "x-correlation-id"]
            .iter()
            .find_map(|name| self.headers().get(*name)?.to_str().ok())
    }
}

impl fmt::Debug for ResponseInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers().keys().map(|name| name.as_str()).collect();
        f.debug_struct("ResponseInfo")
            .field("headers", &names)
            .field("attempts", &self.0.attempts)
            .finish()
    }
}

/// The wait a `Retry-After` value asks for: delay-seconds (`120`) or an HTTP date
/// (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`; a date in the past asks for no wait).
/// `None` when it is neither.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still "a very long time".
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let date = parse_http_date(value)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An IMF-fixdate (RFC 9110 section 5.6.7), the HTTP date format senders must use.
pub(crate) fn parse_http_date(value: &str) -> Option<SystemTime> {
    // `Sun, 06 Nov 1994 08:49:37 GMT`
    let (weekday, rest) = value.split_once(", ")?;
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    if !WEEKDAYS.contains(&weekday) {
        return None;
    }
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts[..] else {
        return None;
    };
    let number = |text: &str, digits: usize| -> Option<u64> {
        (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    let day = number(day, 2)?;
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let year = number(year, 4)?;
    let clock: Vec<&str> = time.split(':').collect();
    let [hour, minute, second] = clock[..] else {
        return None;
    };
    let (hour, minute, second) = (number(hour, 2)?, number(minute, 2)?, number(second, 2)?);
    if year < 1970 || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = (era * 146_097 + day_of_era).checked_sub(719_468)?;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// What kind of transport failure a [`TransportError`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, reset, unreachable): the request was not sent.
    Connect,
    /// The server's host name could not be resolved: the request was not sent.
    Dns,
    /// The TLS handshake failed (certificate, protocol): the request was not sent.
    Tls,
    /// The configured timeout expired; the request may have reached the server.
    Timeout,
    /// The connection failed while the response body was read.
    ResponseBody,
    /// The response body is larger than `ClientOptions::max_response_bytes`; reading stopped
    /// there.
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Any other failure of the HTTP client.
    Other,
}

/// A transport failure: the request may or may not have reached the server.
///
/// [`TransportError::kind`] classifies it; `source()` is the HTTP client's error with its whole
/// chain (for a refused connection it ends in the operating system's "connection refused").
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    connect: bool,
    // The most specific text of the cause (the innermost error of its chain), so `Display` alone
    // says what happened; the chain itself is `source()`.
    message: String,
    // The HTTP client's error as a trait object: keeps reqwest out of the public API and the type
    // the same with and without the `client` feature.
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    // Set by the client's retry loop; boxed to keep the error small.
    attempts: Option<Box<Attempts>>,
}

impl TransportError {
    /// A transport error of `kind` (`connect`: no connection was made, so nothing was sent).
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(super) fn new(kind: TransportErrorKind, connect: bool, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            connect,
            message: message.into(),
            source: None,
            attempts: None,
        }
    }

    /// The same error, after `attempts`.
    #[doc(hidden)]
    pub fn with_attempts(mut self, attempts: Attempts) -> Self {
        self.attempts = Some(Box::new(attempts));
        self
    }

    /// How many attempts the client made before giving up, over how long (`None` outside the
    /// client's retry loop).
    pub fn attempts(&self) -> Option<&Attempts> {
        self.attempts.as_deref()
    }

    /// The same error, caused by `source`.
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(super) fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> &TransportErrorKind {
        &self.kind
    }

    /// True when the configured timeout expired (the request may have reached the server).
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// True when no connection could be made (refused, DNS, TLS, connect timeout): nothing was
    /// sent.
    pub fn is_connect(&self) -> bool {
        self.connect
            || matches!(
                self.kind,
                TransportErrorKind::Connect | TransportErrorKind::Dns | TransportErrorKind::Tls
            )
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.kind {
            TransportErrorKind::Connect => "could not connect to the server",
            TransportErrorKind::Dns => "could not resolve the server's host name",
            TransportErrorKind::Tls => "the TLS handshake with the server failed",
            TransportErrorKind::Timeout if self.connect => "timed out connecting to the server",
            TransportErrorKind::Timeout => "timed out waiting for the server",
            TransportErrorKind::ResponseBody => "the connection failed while reading the response",
            TransportErrorKind::BodyTooLarge { limit } => {
                write!(
                    f,
                    "the response body is larger than the limit of {limit} bytes (`ClientOptions::max_response_bytes`)"
                )?;
                return match &self.attempts {
                    Some(attempts) => attempts.write_summary(f),
                    None => Ok(()),
                };
            }
            TransportErrorKind::Other => "transport error",
        };
        if self.message.is_empty() {
            f.write_str(what)?;
        } else {
            write!(f, "{what}: {}", self.message)?;
        }
        match &self.attempts {
            Some(attempts) => attempts.write_summary(f),
            None => Ok(()),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|err| err as &(dyn std::error::Error + 'static))
    }
}

/// Parses the documented JSON body of `response`.
#[doc(hidden)]
pub fn decode<T: serde::de::DeserializeOwned, E>(
    response: &http::Response<Vec<u8>>,
    expected: &'static str,
) -> Result<T, Error<E>> {
    let body = response.body();
    serde_json::from_slice(body).map_err(|err| Error::Decode {
        status: response.status().as_u16(),
        expected,
        message: json_error_message(&err),
        body: Body::from(body.as_slice()),
        response: ResponseInfo::of(response),
    })
}

/// A documented error answer, with the response's headers and attempts.
#[doc(hidden)]
pub fn api_error<E>(response: &http::Response<Vec<u8>>, error: E) -> Error<E> {
    Error::Api {
        error,
        response: ResponseInfo::of(response),
    }
}

/// serde_json's message without the values it quotes: `invalid type: string "4111...", expected
/// u32` becomes `invalid type: string, expected u32`. Category, line and column are kept.
pub(super) fn json_error_message(err: &serde_json::Error) -> String {
    let category = match err.classify() {
        serde_json::error::Category::Io => "I/O error",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "data error",
        serde_json::error::Category::Eof => "unexpected end of input",
    };
    let text = err.to_string();
    // serde_json appends ` at line L column C`; it is rebuilt below from the numbers.
    let position = format!(" at line {} column {}", err.line(), err.column());
    let text = text.strip_suffix(&position).unwrap_or(&text);
    format!("{category}: {}{position}", without_values(text))
}

/// A serde error message without the values it quotes.
///
/// serde's messages put the offending value (from the data) before `, expected ...` (from the
/// type, no data): `invalid type: string "x", expected ...`, `unknown variant `x`, expected
/// ...`. The last `, expected ` is the type's (a value may contain the words itself), so the part
/// before it is cut at its first quote. Without `, expected `, the messages that carry a value
/// (`invalid type`, `invalid value`, `unknown variant`, `unknown field`) are cut at their first
/// quote; the rest (syntax errors, `missing field `name``, the generated code's own messages)
/// hold no data and are kept.
fn without_values(text: &str) -> String {
    const QUOTES: [char; 2] = ['"', '`'];
    const CARRY_VALUES: [&str; 4] = [
        "invalid type: ",
        "invalid value: ",
        "unknown variant ",
        "unknown field ",
    ];
    let cut = |part: &str| -> String {
        match part.find(QUOTES) {
            Some(at) => part[..at].trim_end().to_owned(),
            None => part.to_owned(),
        }
    };
    if let Some(at) = text.rfind(", expected ") {
        return format!("{}{}", cut(&text[..at]), &text[at..]);
    }
    if CARRY_VALUES.iter().any(|prefix| text.starts_with(prefix)) {
        return cut(text);
    }
    text.to_owned()
}

/// An undocumented status; the body is kept whole behind [`Error::raw_body`].
#[doc(hidden)]
pub fn unexpected<E>(response: &http::Response<Vec<u8>>) -> Error<E> {
    Error::UnexpectedStatus {
        status: response.status().as_u16(),
        body: Body::from(response.body().as_slice()),
        response: ResponseInfo::of(response),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A response as the client hands it to `parse_*`.
    fn answer(status: u16, body: &[u8]) -> http::Response<Vec<u8>> {
        let mut response = http::Response::new(body.to_vec());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        response
    }

    fn unexpected<E>(status: u16, body: &[u8]) -> Error<E> {
        super::unexpected(&answer(status, body))
    }

    fn decode<T: serde::de::DeserializeOwned, E>(
        status: u16,
        body: &[u8],
        expected: &'static str,
    ) -> Result<T, Error<E>> {
        super::decode(&answer(status, body), expected)
    }

    fn api<E>(error: E) -> Error<E> {
        api_error(&answer(200, b""), error)
    }

    fn violation(path: &str, message: &str) -> Violation {
        Violation {
            path: path.to_owned(),
            message: message.to_owned(),
        }
    }

    #[test]
    fn request_error_display_lists_every_violation() {
        let err = RequestError::InvalidRequest(vec![
            violation("orderId", "must not be empty"),
            violation("", "is wrong"),
        ]);
        assert_eq!(
            err.to_string(),
            "the request breaks 2 constraint(s) of the spec; orderId: must not be empty; (body): is wrong"
        );
        assert_eq!(
            RequestError::InvalidConfig("bad base URL".into()).to_string(),
            "invalid configuration: bad base URL"
        );
    }

    /// A documented error enum, as generated.
    #[derive(Debug)]
    #[allow(dead_code)] // the body is read through `Debug` only
    enum LookupError {
        NotFound { code: u32 },
        Gone,
    }

    impl fmt::Display for LookupError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                LookupError::NotFound { .. } => write_api_error(f, 404, "LookupError::NotFound"),
                LookupError::Gone => write_api_error(f, 410, "LookupError::Gone"),
            }
        }
    }

    impl ApiError for LookupError {
        fn status(&self) -> u16 {
            match self {
                LookupError::NotFound { .. } => 404,
                LookupError::Gone => 410,
            }
        }
    }

    #[test]
    fn error_display() {
        let show = |err: Error<LookupError>| err.to_string();
        assert_eq!(
            show(api(LookupError::NotFound { code: 7 })),
            "the API answered HTTP 404 Not Found (LookupError::NotFound)"
        );
        assert_eq!(
            show(api(LookupError::Gone)),
            "the API answered HTTP 410 Gone (LookupError::Gone)"
        );
        assert_eq!(
            show(unexpected(418, b"teapot")),
            "the API answered HTTP 418 I'm a teapot, a status the spec does not document for this operation (body of 6 bytes, see `Error::raw_body`)"
        );
        assert_eq!(
            show(Error::Decode {
                status: 200,
                expected: "Order",
                message: "EOF".into(),
                body: Body::default(),
                response: ResponseInfo::default(),
            }),
            "the API answered HTTP 200 OK with a body that is not a valid Order: EOF"
        );
        assert_eq!(
            show(RequestError::InvalidConfig("x".into()).into()),
            "invalid configuration: x"
        );
        assert_eq!(
            show(Error::Transport(TransportError::new(
                TransportErrorKind::Timeout,
                false,
                "operation timed out"
            ))),
            "timed out waiting for the server: operation timed out"
        );
        assert_eq!(
            show(Error::Transport(TransportError::new(
                TransportErrorKind::Connect,
                true,
                "Connection refused (os error 111)"
            ))),
            "could not connect to the server: Connection refused (os error 111)"
        );
        assert_eq!(
            show(Error::Transport(TransportError::new(
                TransportErrorKind::BodyTooLarge { limit: 10 },
                false,
                ""
            ))),
            "the response body is larger than the limit of 10 bytes (`ClientOptions::max_response_bytes`)"
        );
        // A status without a registered reason.
        assert_eq!(
            show(unexpected(599, b"")),
            "the API answered HTTP 599, a status the spec does not document for this operation (body of 0 bytes, see `Error::raw_body`)"
        );
    }

    #[test]
    fn status_timeout_and_connect() {
        let api: Error<LookupError> = super::tests::api(LookupError::Gone);
        assert_eq!(api.status(), Some(410));
        assert_eq!(unexpected::<LookupError>(503, b"").status(), Some(503));
        let decode = decode::<u32, LookupError>(200, b"x", "u32").unwrap_err();
        assert_eq!(decode.status(), Some(200));
        let request: Error<LookupError> = RequestError::InvalidConfig("x".into()).into();
        assert_eq!(request.status(), None);
        let timeout: Error<LookupError> =
            Error::Transport(TransportError::new(TransportErrorKind::Timeout, false, ""));
        assert_eq!(timeout.status(), None);
        assert!(timeout.is_timeout() && !timeout.is_connect());
        for kind in [
            TransportErrorKind::Connect,
            TransportErrorKind::Dns,
            TransportErrorKind::Tls,
        ] {
            let err: Error<LookupError> = Error::Transport(TransportError::new(kind, false, ""));
            assert!(err.is_connect() && !err.is_timeout());
        }
        // A connect timeout is both.
        let err: Error<()> =
            Error::Transport(TransportError::new(TransportErrorKind::Timeout, true, ""));
        assert!(err.is_connect() && err.is_timeout());
        assert!(!api.is_timeout() && !api.is_connect());
        // Operations without documented errors.
        let none: Error<std::convert::Infallible> = unexpected(500, b"");
        assert_eq!(none.status(), Some(500));
    }

    #[test]
    fn transport_error_keeps_its_source_chain() {
        use std::error::Error as _;
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        let err = TransportError::new(TransportErrorKind::Connect, true, "connection refused")
            .with_source(io);
        assert_eq!(err.source().unwrap().to_string(), "connection refused");
        // `Error::Transport` is transparent: its source is the transport error's.
        let outer: Error<LookupError> = Error::Transport(err);
        assert_eq!(outer.source().unwrap().to_string(), "connection refused");
        let outer: Error<LookupError> = api(LookupError::Gone);
        assert!(outer.source().is_none());
    }

    #[test]
    fn bodies_stay_out_of_display_and_debug() {
        let secret = b"{\"cardNumber\":\"4111111111111111\"}";
        for err in [
            unexpected::<LookupError>(500, secret),
            decode::<Vec<u32>, LookupError>(200, secret, "Vec<u32>").unwrap_err(),
        ] {
            for shown in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
                assert!(!shown.contains("4111"), "{shown}");
            }
            assert_eq!(err.raw_body(), Some(&secret[..]));
        }
        let err: Error<LookupError> = api(LookupError::Gone);
        assert_eq!(err.raw_body(), None);
    }

    fn decode_message(body: &str) -> String {
        match decode::<Card, ()>(200, body.as_bytes(), "Card") {
            Err(Error::Decode { message, .. }) => message,
            other => panic!("{other:?}"),
        }
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // read through `Debug` only
    struct Card {
        number: u64,
        kind: Kind,
    }

    #[derive(Debug, serde::Deserialize)]
    enum Kind {
        Visa,
    }

    #[test]
    fn decode_errors_do_not_quote_the_value() {
        let cases = [
            (
                r#"{"number": "4111111111111111", "kind": "Visa"}"#,
                "data error: invalid type: string, expected u64 at line 1 column 29",
            ),
            (
                r#"{"number": -4111111111111111, "kind": "Visa"}"#,
                "data error: invalid value: integer, expected u64 at line 1 column 28",
            ),
            (
                r#"{"number": 1, "kind": "4111111111111111"}"#,
                "data error: unknown variant, expected `Visa` at line 1 column 40",
            ),
            // A value holding the words that separate value and type.
            (
                r#"{"number": "41, expected 11", "kind": "Visa"}"#,
                "data error: invalid type: string, expected u64 at line 1 column 28",
            ),
            (
                r#"{"number": 1}"#,
                "data error: missing field `kind` at line 1 column 13",
            ),
            (
                r#"{"number": 1,"#,
                "unexpected end of input: EOF while parsing a value at line 1 column 13",
            ),
            (
                r#"{"number": 4111x}"#,
                "syntax error: expected `,` or `}` at line 1 column 16",
            ),
        ];
        for (body, expected) in cases {
            let message = decode_message(body);
            assert_eq!(message, expected, "{body}");
            assert!(!message.contains("4111") && !message.contains("41,"));
        }
    }

    #[test]
    fn without_values_keeps_messages_that_carry_none() {
        assert_eq!(
            without_values("`quantity` is required unless `infinite` is true"),
            "`quantity` is required unless `infinite` is true"
        );
        assert_eq!(without_values("unknown field `secret`"), "unknown field");
        assert_eq!(
            without_values("invalid length 3, expected an array of 2"),
            "invalid length 3, expected an array of 2"
        );
        assert_eq!(
            without_values("data did not match any variant of untagged enum Amount"),
            "data did not match any variant of untagged enum Amount"
        );
    }

    #[test]
    fn unexpected_keeps_the_whole_body_behind_raw_body() {
        let long = "x".repeat(100_000);
        let err = unexpected::<()>(503, long.as_bytes());
        assert_eq!(err.raw_body(), Some(long.as_bytes()));
        assert_eq!(
            format!("{err:?}"),
            "UnexpectedStatus { status: 503, body: Body(100000 bytes), response: ResponseInfo { headers: [], attempts: None } }"
        );
    }

    #[test]
    fn decode_names_the_expected_type_on_failure() {
        let ok: Result<Vec<u32>, Error<()>> = decode(200, b"[1,2]", "Vec<u32>");
        assert_eq!(ok.unwrap(), [1, 2]);
        match decode::<Vec<u32>, ()>(201, b"[1,", "Vec<u32>") {
            Err(Error::Decode {
                status: 201,
                expected: "Vec<u32>",
                message,
                body,
                ..
            }) => {
                assert!(message.contains("EOF"), "{message}");
                assert_eq!(&*body, b"[1,");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn answered_errors_keep_headers_retry_after_and_request_id() {
        let mut response = answer(503, b"busy");
        response
            .headers_mut()
            .insert("retry-after", http::HeaderValue::from_static("120"));
        response
            .headers_mut()
            .insert("x-request-id", http::HeaderValue::from_static("req-42"));
        let errors: [Error<LookupError>; 3] = [
            api_error(&response, LookupError::Gone),
            super::unexpected(&response),
            super::decode::<u32, LookupError>(&response, "u32").unwrap_err(),
        ];
        for err in &errors {
            assert_eq!(err.retry_after(), Some(Duration::from_secs(120)), "{err:?}");
            assert_eq!(err.request_id(), Some("req-42"));
            assert_eq!(err.headers().unwrap()["retry-after"], "120");
            // Not from the client: no attempts recorded.
            assert_eq!(err.attempts(), None);
            // Debug names the headers, never their values.
            let shown = format!("{err:?}");
            assert!(
                shown.contains("\"retry-after\"") && !shown.contains("req-42"),
                "{shown}"
            );
        }
        assert!(matches!(errors[0].api(), Some(LookupError::Gone)));
        // Another request-id header, an HTTP date, none at all.
        let mut response = answer(429, b"");
        response
            .headers_mut()
            .insert("request-id", http::HeaderValue::from_static("r-7"));
        response.headers_mut().insert(
            "retry-after",
            http::HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"),
        );
        let err = super::unexpected::<()>(&response);
        assert_eq!(err.request_id(), Some("r-7"));
        assert_eq!(err.retry_after(), Some(Duration::ZERO));
        let err = unexpected::<()>(500, b"");
        assert_eq!((err.request_id(), err.retry_after()), (None, None));
        let refused: Error<()> = RequestError::InvalidConfig("x".into()).into();
        assert!(refused.headers().is_none() && refused.retry_after().is_none());
    }

    #[test]
    fn errors_say_how_many_attempts_and_a_retry_after_not_waited_for() {
        let mut response = answer(503, b"");
        response.extensions_mut().insert(
            Attempts::new(3, Duration::from_millis(2100))
                .with_retry_after_not_waited(Duration::from_secs(120), Duration::from_secs(60)),
        );
        let err = super::unexpected::<LookupError>(&response);
        let attempts = err.attempts().unwrap();
        assert_eq!(attempts.count(), 3);
        assert_eq!(attempts.elapsed(), Duration::from_millis(2100));
        assert_eq!(
            attempts.retry_after_not_waited(),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            err.to_string(),
            "the API answered HTTP 503 Service Unavailable, a status the spec does not document for this operation (body of 0 bytes, see `Error::raw_body`); after 3 attempts over 2.1 s; its Retry-After asks to wait 120 s, more than `max_retry_after` (60 s), so it was returned without retrying"
        );
        // One attempt says nothing more.
        let mut response = answer(410, b"");
        response
            .extensions_mut()
            .insert(Attempts::new(1, Duration::from_millis(5)));
        let err = api_error(&response, LookupError::Gone);
        assert_eq!(
            err.to_string(),
            "the API answered HTTP 410 Gone (LookupError::Gone)"
        );
        assert_eq!(err.attempts().map(Attempts::count), Some(1));
        // Transport failures after retries.
        let err: Error<LookupError> = Error::Transport(
            TransportError::new(TransportErrorKind::Connect, true, "Connection refused")
                .with_attempts(Attempts::new(3, Duration::from_millis(600))),
        );
        assert_eq!(
            err.to_string(),
            "could not connect to the server: Connection refused; after 3 attempts over 0.6 s"
        );
        assert_eq!(err.attempts().map(Attempts::count), Some(3));
    }

    #[test]
    fn api_error_display_is_bounded_and_echoes_no_body() {
        /// An error whose body echoes the request, as a validation message may.
        #[derive(Debug)]
        struct Echo(String);
        impl fmt::Display for Echo {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_api_error(f, 400, "ValidateOrderError::BadRequest")
            }
        }
        let long = format!("jane@example.com {}", "x".repeat(10_000));
        let err = api(Echo(long));
        let shown = err.to_string();
        assert_eq!(
            shown,
            "the API answered HTTP 400 Bad Request (ValidateOrderError::BadRequest)"
        );
        // The details stay in the typed value.
        assert!(err.api().unwrap().0.starts_with("jane@example.com"));
    }
}
