//! What an operation can fail with, and the helpers the generated `parse_*` functions use to turn
//! a response into one.

use std::fmt;

use super::Violation;

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

// `E: Debug`, not `Display`: the documented error bodies are generated models, which derive (or,
// with sensitive fields, redact) `Debug` only.
impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Request(err) => write!(f, "{err}"),
            Error::Api(err) => write!(f, "the API returned an error: {err:?}"),
            Error::UnexpectedStatus { status, body } => {
                write!(f, "unexpected HTTP status {status}: {body}")
            }
            Error::Decode {
                status,
                expected,
                message,
            } => {
                write!(
                    f,
                    "HTTP {status}: expected a JSON body of type {expected}: {message}"
                )
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
    // The underlying client's message, not its error value: keeps reqwest out of the public API
    // and the type the same with and without the `client` feature.
    message: String,
}

impl TransportError {
    #[doc(hidden)]
    pub fn new(timed_out: bool, message: String) -> Self {
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
        message: err.to_string(),
    })
}

/// An undocumented status, with the start of the body for diagnosis.
#[doc(hidden)]
pub fn unexpected<E>(status: u16, body: &[u8]) -> Error<E> {
    // Enough of an error page to recognise it, without carrying megabytes into a log line.
    const SHOWN: usize = 512;
    let text = String::from_utf8_lossy(body);
    // Cut at a character boundary: slicing a `str` mid-character panics.
    let body = match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.into_owned(),
    };
    Error::UnexpectedStatus { status, body }
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

    #[test]
    fn error_display() {
        #[derive(Debug)]
        struct NotFound {
            #[allow(dead_code)] // read through `Debug` only
            code: u32,
        }
        let show = |err: Error<NotFound>| err.to_string();
        assert_eq!(
            show(Error::Api(NotFound { code: 7 })),
            "the API returned an error: NotFound { code: 7 }"
        );
        assert_eq!(
            show(Error::UnexpectedStatus {
                status: 418,
                body: "teapot".into()
            }),
            "unexpected HTTP status 418: teapot"
        );
        assert_eq!(
            show(Error::Decode {
                status: 200,
                expected: "Order",
                message: "EOF".into()
            }),
            "HTTP 200: expected a JSON body of type Order: EOF"
        );
        assert_eq!(
            show(RequestError::InvalidConfig("x".into()).into()),
            "invalid configuration: x"
        );
        assert_eq!(
            show(Error::Transport(TransportError::new(
                true,
                "after 30s".into()
            ))),
            "timed out: after 30s"
        );
        assert_eq!(
            show(Error::Transport(TransportError::new(
                false,
                "connection refused".into()
            ))),
            "transport error: connection refused"
        );
    }

    fn unexpected_body(body: &[u8]) -> String {
        match unexpected::<()>(500, body) {
            Error::UnexpectedStatus { status: 500, body } => body,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unexpected_keeps_a_short_body_whole() {
        assert_eq!(unexpected_body(b""), "");
        assert_eq!(
            unexpected_body(b"<h1>Bad Gateway</h1>"),
            "<h1>Bad Gateway</h1>"
        );
        let exactly = "x".repeat(512);
        assert_eq!(unexpected_body(exactly.as_bytes()), exactly);
    }

    #[test]
    fn unexpected_truncates_at_512_characters_on_a_char_boundary() {
        let long = "x".repeat(513);
        assert_eq!(
            unexpected_body(long.as_bytes()),
            format!("{}...", "x".repeat(512))
        );
        // Two bytes per character: a byte-based cut at 512 would also be a boundary, so use a
        // mix that puts byte 512 inside a character.
        let mixed = format!("a{}", "é".repeat(600));
        let body = unexpected_body(mixed.as_bytes());
        assert_eq!(body, format!("a{}...", "é".repeat(511)));
        assert_eq!(body.chars().count(), 512 + 3);
    }

    #[test]
    fn unexpected_replaces_invalid_utf8() {
        assert_eq!(unexpected_body(b"bad \xff byte"), "bad \u{fffd} byte");
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
            }) => assert!(message.contains("EOF"), "{message}"),
            other => panic!("{other:?}"),
        }
    }
}
