//! What an operation can fail with, and the helpers the generated `parse_*` functions use to turn
//! a response into one.

use std::fmt;

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
/// Their `Display` shows the HTTP status with its reason and the body's `Debug` (so the API's
/// message and error details show, and fields marked `x-sensitive` stay redacted).
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

/// Writes a documented error answer: `HTTP 400 Bad Request: ErrorResponse { .. }`.
// Used by the generated `Display` impls of the `<Operation>Error` enums.
#[doc(hidden)]
pub fn write_api_error(
    f: &mut fmt::Formatter<'_>,
    status: u16,
    body: Option<&dyn fmt::Debug>,
) -> fmt::Result {
    write_status(f, status)?;
    match body {
        Some(body) => write!(f, ": {body:?}"),
        None => Ok(()),
    }
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
    Api(E),
    /// The API answered with a status the spec does not document for this operation.
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The whole body as received; `Debug` shows only its length.
        body: Body,
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
            Error::Api(err) => Some(err.status()),
            Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Request(_) | Error::Transport(_) => None,
        }
    }
}

// `Request` and `Transport` are transparent (their own text, their source); `Api` shows the
// status and the documented body's redacted `Debug`, through `E`'s `Display`.
impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Request(err) => write!(f, "{err}"),
            Error::Api(err) => write!(f, "the API answered {err}"),
            Error::UnexpectedStatus { status, body } => {
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
            Error::Transport(err) => write!(f, "{err}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Request(err) => std::error::Error::source(err),
            Error::Transport(err) => std::error::Error::source(err),
            Error::Api(_) | Error::UnexpectedStatus { .. } | Error::Decode { .. } => None,
        }
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(err: RequestError) -> Self {
        Error::Request(err)
    }
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
}

impl TransportError {
    /// A transport error of `kind` (`connect`: no connection was made, so nothing was sent).
    #[doc(hidden)]
    pub fn new(kind: TransportErrorKind, connect: bool, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            connect,
            message: message.into(),
            source: None,
        }
    }

    /// The same error, caused by `source`.
    #[doc(hidden)]
    pub fn with_source(
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
                return write!(
                    f,
                    "the response body is larger than the limit of {limit} bytes (`ClientOptions::max_response_bytes`)"
                )
            }
            TransportErrorKind::Other => "transport error",
        };
        if self.message.is_empty() {
            f.write_str(what)
        } else {
            write!(f, "{what}: {}", self.message)
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

/// Parses a documented JSON body.
#[doc(hidden)]
pub fn decode<T: serde::de::DeserializeOwned, E>(
    status: u16,
    body: &[u8],
    expected: &'static str,
) -> Result<T, Error<E>> {
    serde_json::from_slice(body).map_err(|err| Error::Decode {
        status,
        expected,
        message: json_error_message(&err),
        body: Body::from(body),
    })
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
pub fn unexpected<E>(status: u16, body: &[u8]) -> Error<E> {
    Error::UnexpectedStatus {
        status,
        body: Body::from(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    enum LookupError {
        NotFound { code: u32 },
        Gone,
    }

    impl fmt::Display for LookupError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                LookupError::NotFound { code } => write_api_error(f, 404, Some(code)),
                LookupError::Gone => write_api_error(f, 410, None),
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
            show(Error::Api(LookupError::NotFound { code: 7 })),
            "the API answered HTTP 404 Not Found: 7"
        );
        assert_eq!(
            show(Error::Api(LookupError::Gone)),
            "the API answered HTTP 410 Gone"
        );
        assert_eq!(
            show(Error::UnexpectedStatus {
                status: 418,
                body: Body::from(b"teapot".to_vec())
            }),
            "the API answered HTTP 418 I'm a teapot, a status the spec does not document for this operation (body of 6 bytes, see `Error::raw_body`)"
        );
        assert_eq!(
            show(Error::Decode {
                status: 200,
                expected: "Order",
                message: "EOF".into(),
                body: Body::default(),
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
        let api: Error<LookupError> = Error::Api(LookupError::Gone);
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
        let outer: Error<LookupError> = Error::Api(LookupError::Gone);
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
        let err: Error<LookupError> = Error::Api(LookupError::Gone);
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
            "UnexpectedStatus { status: 503, body: Body(100000 bytes) }"
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
            }) => {
                assert!(message.contains("EOF"), "{message}");
                assert_eq!(&*body, b"[1,");
            }
            other => panic!("{other:?}"),
        }
    }
}
