//! What a rule answers: a typed reply, a raw HTTP response, or a fault.

use std::time::Duration;

use super::engine::Operation;

/// A failure of the connection or of the answer that a client must survive.
///
/// Through the in-process transport each fault becomes what the client would see over the
/// network (a `TransportError` of the same kind); over the socket server it really happens on
/// the connection. The sans-IO [`MockApi::handle`](super::MockApi::handle) cannot express a
/// broken connection and panics on [`Fault::Reset`] and [`Fault::TruncatedBody`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// The connection is reset once the request has been read: no response at all.
    Reset,
    /// The answer's headers announce the whole body (`Content-Length`), but only the first
    /// half is sent before the connection closes.
    TruncatedBody,
    /// A `200` whose body has this many bytes (a JSON string of spaces): more than
    /// `ClientOptions::max_response_bytes` must fail with `BodyTooLarge`.
    OversizedBody(usize),
}

/// A fixed HTTP answer: status, headers and body bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canned {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Canned {
    /// A JSON answer (`content-type: application/json`), or an empty one for `None`.
    pub fn json(status: u16, body: Option<Vec<u8>>) -> Self {
        match body {
            Some(body) => Canned {
                status,
                headers: vec![("content-type".into(), "application/json".into())],
                body,
            },
            None => Canned {
                status,
                headers: Vec::new(),
                body: Vec::new(),
            },
        }
    }

    /// As an `http::Response` (a header that is not valid HTTP is left out).
    pub fn to_response(&self) -> http::Response<Vec<u8>> {
        let mut response = http::Response::new(self.body.clone());
        *response.status_mut() =
            http::StatusCode::from_u16(self.status).unwrap_or(http::StatusCode::OK);
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(value),
            ) {
                response.headers_mut().append(name, value);
            }
        }
        response
    }

    pub(crate) fn from_response(response: &http::Response<Vec<u8>>) -> Self {
        Canned {
            status: response.status().as_u16(),
            headers: response
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: response.body().clone(),
        }
    }
}

/// What the engine does with one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Answer this, after `delay`.
    Respond {
        canned: Canned,
        delay: Option<Duration>,
    },
    /// Break the connection (after `delay`).
    Fault {
        fault: Fault,
        /// The answer a truncated body is cut from.
        canned: Canned,
        delay: Option<Duration>,
    },
}

impl Answer {
    pub(crate) fn status(&self) -> Option<u16> {
        match self {
            Answer::Respond { canned, .. } => Some(canned.status),
            Answer::Fault { .. } => None,
        }
    }

    pub(crate) fn delay(&self) -> Option<Duration> {
        match self {
            Answer::Respond { delay, .. } | Answer::Fault { delay, .. } => *delay,
        }
    }
}

/// One answer of a rule for operation `O`: its typed success body, one of its documented errors,
/// a raw HTTP response or a [`Fault`]; optionally after a delay.
/// For example `Reply::status(503).retry_after(1)`, `Reply::fault(Fault::Reset)`,
/// `Reply::status(504).after(Duration::from_secs(40))`; the generated kit adds one constructor
/// per documented example (`ValidateOrder::approve()`).
pub struct Reply<O: Operation> {
    pub(crate) kind: ReplyKind<O>,
    pub(crate) delay: Option<Duration>,
}

pub(crate) enum ReplyKind<O: Operation> {
    Ok(O::Output),
    Err(O::Error),
    Http(Canned),
    Fault(Fault, Option<Canned>),
}

impl<O: Operation> Reply<O> {
    /// The typed success body, with the status the spec documents for it.
    pub fn ok(output: O::Output) -> Self {
        Reply::from_kind(ReplyKind::Ok(output))
    }

    /// A documented error of the operation (its error enum), with that error's status.
    pub fn error(error: O::Error) -> Self {
        Reply::from_kind(ReplyKind::Err(error))
    }

    /// A raw HTTP response, sent as it is (also undocumented statuses or malformed bodies).
    pub fn http(response: http::Response<Vec<u8>>) -> Self {
        Reply::from_kind(ReplyKind::Http(Canned::from_response(&response)))
    }

    /// A response with `status` and an empty body; add headers with [`Reply::header`] and
    /// [`Reply::retry_after`].
    pub fn status(status: u16) -> Self {
        Reply::from_kind(ReplyKind::Http(Canned::json(status, None)))
    }

    /// A JSON response with `status` and `body` as written (not checked against the spec).
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        Reply::from_kind(ReplyKind::Http(Canned::json(status, Some(bytes))))
    }

    /// A [`Fault`] instead of an answer.
    pub fn fault(fault: Fault) -> Self {
        Reply::from_kind(ReplyKind::Fault(fault, None))
    }

    /// Adds a header to a raw, status or JSON reply (ignored on typed replies: use
    /// [`Reply::http`] to control headers of a documented body).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let ReplyKind::Http(canned) = &mut self.kind {
            canned
                .headers
                .push((name.to_ascii_lowercase(), value.to_owned()));
        }
        self
    }

    /// Adds `Retry-After: <seconds>`.
    pub fn retry_after(self, seconds: u64) -> Self {
        self.header("retry-after", &seconds.to_string())
    }

    /// Answers only after `delay` (a delay longer than the client's timeout makes it time out).
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    fn from_kind(kind: ReplyKind<O>) -> Self {
        Reply { kind, delay: None }
    }

    /// The engine's view of this reply.
    pub(crate) fn into_answer(self) -> Answer {
        let delay = self.delay;
        let canned = match self.kind {
            ReplyKind::Ok(output) => O::encode_output(&output),
            ReplyKind::Err(error) => O::encode_error(&error),
            ReplyKind::Http(canned) => canned,
            ReplyKind::Fault(fault, canned) => {
                let canned = canned.unwrap_or_else(|| fault_body(&fault));
                return Answer::Fault {
                    fault,
                    canned,
                    delay,
                };
            }
        };
        Answer::Respond { canned, delay }
    }
}

/// The answer a fault starts from: an oversized body is a real `200`; a truncated one is cut
/// from a small JSON body.
fn fault_body(fault: &Fault) -> Canned {
    match fault {
        Fault::OversizedBody(size) => {
            let mut body = vec![b' '; (*size).max(2)];
            body[0] = b'"';
            let last = body.len() - 1;
            body[last] = b'"';
            Canned::json(200, Some(body))
        }
        _ => Canned::json(
            200,
            Some(br#"{"testKit":"this body is cut off by a fault"}"#.to_vec()),
        ),
    }
}

impl Answer {
    /// An oversized fault is an ordinary (large) answer; the others stay faults.
    pub(crate) fn normalize(self) -> Answer {
        match self {
            Answer::Fault {
                fault: Fault::OversizedBody(_),
                canned,
                delay,
            } => Answer::Respond { canned, delay },
            other => other,
        }
    }
}
