//! Delivering an API's signed notification (webhook) to the user's receiving code: in process to
//! an async handler, or over a real HTTP/1.1 socket to a URL on 127.0.0.1. The generated kit
//! (`<api>::testkit`) makes the [`Notification`] from a typed payload or the spec's example; this
//! file signs its variants and carries them.

use std::fmt;
use std::future::Future;
use std::io::{self, BufReader, Write};
use std::marker::PhantomData;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use super::super::{signature, SignatureScheme, WebhookError};
use super::http1::{read_response, write_request};

/// Which request [`Notification::request`] makes: the correctly signed one, or one a receiver
/// must refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signing {
    /// Signed with the notification's secret, as the sender delivers it: a receiver accepts it.
    Valid,
    /// The valid signature over a body changed after signing (the case of its last ASCII letter
    /// swapped; a body without letters gets a `0` appended): a receiver must refuse it.
    TamperedBody,
    /// Signed with a secret the receiver does not hold (the notification's secret with `-wrong`
    /// appended): a receiver must refuse it.
    WrongSecret,
    /// Everything but the signature header: a receiver must refuse it.
    MissingSignature,
}

impl Signing {
    /// The variants a receiver must refuse.
    pub const REFUSED: [Signing; 3] = [
        Signing::TamperedBody,
        Signing::WrongSecret,
        Signing::MissingSignature,
    ];
}

/// A notification as the API's sender delivers it, signed with a secret the test chooses, and
/// its variants a receiver must refuse ([`Signing`]). `A` is the answer the spec documents
/// (`()` when it documents no body), read by [`Delivered::answer`].
///
/// Made by the generated kit (`<api>::testkit::<webhook>_notification(&payload, &headers,
/// secret)`, or `documented_<webhook>_notification(&headers, secret)` for the spec's example).
/// `Debug` shows neither the secret nor the body.
pub struct Notification<A = ()> {
    scheme: &'static SignatureScheme,
    method: http::Method,
    /// The signed headers (signature included).
    headers: http::HeaderMap,
    /// The signature under a wrong secret.
    wrong: http::HeaderValue,
    body: Vec<u8>,
    uri: http::Uri,
    answer: PhantomData<fn() -> A>,
}

impl<A> fmt::Debug for Notification<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notification")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("signature_header", &self.scheme.header)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl<A> Notification<A> {
    /// A notification from a request signed with `secret` under `scheme` (what the generated
    /// `sign_*_request` returns). Fails when the request does not hold the headers `scheme`
    /// signs.
    pub fn new(
        scheme: &'static SignatureScheme,
        signed: http::Request<Vec<u8>>,
        secret: &[u8],
    ) -> Result<Self, WebhookError> {
        let (parts, body) = signed.into_parts();
        let mut wrong_secret = secret.to_vec();
        wrong_secret.extend_from_slice(b"-wrong");
        let wrong = signature(scheme, &wrong_secret, &parts.headers, &body)?;
        let wrong =
            http::HeaderValue::from_str(&wrong).map_err(|_| WebhookError::MalformedHeader {
                header: scheme.header,
                reason: "is not visible ASCII",
            })?;
        Ok(Notification {
            scheme,
            method: parts.method,
            headers: parts.headers,
            wrong,
            body,
            uri: parts.uri,
            answer: PhantomData,
        })
    }

    /// The same notification sent to `uri` (`/` by default), for a handler in process that
    /// routes on the path (an axum `Router`). [`Notification::deliver_to`] sends to its URL's
    /// path instead.
    pub fn at(mut self, uri: http::Uri) -> Self {
        self.uri = uri;
        self
    }

    /// The body as signed.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The request of the `signing` variant, to the URI of [`Notification::at`] (`/` by
    /// default).
    pub fn request(&self, signing: Signing) -> http::Request<Vec<u8>> {
        let mut headers = self.headers.clone();
        let mut body = self.body.clone();
        match signing {
            Signing::Valid => {}
            Signing::TamperedBody => tamper(&mut body),
            Signing::WrongSecret => {
                headers.insert(self.scheme.header, self.wrong.clone());
            }
            Signing::MissingSignature => {
                headers.remove(self.scheme.header);
            }
        }
        let mut request = http::Request::new(body);
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = headers;
        request
    }

    /// Delivers the `signing` variant in process to `handler` (an async function from the
    /// request to a response, e.g. a closure calling an axum `Router` with `tower`'s
    /// `oneshot`), and returns its answer.
    pub async fn deliver<F, Fut, B>(&self, signing: Signing, handler: F) -> Delivered<A>
    where
        F: FnOnce(http::Request<Vec<u8>>) -> Fut,
        Fut: Future<Output = http::Response<B>>,
        B: Into<Vec<u8>>,
    {
        deliver(self.request(signing), handler).await
    }

    /// Delivers the `signing` variant over a real socket to `url` (`http://127.0.0.1:<port>/<path>`)
    /// with HTTP/1.1, and returns the answer. Blocking: from async code, call it inside
    /// `spawn_blocking` (or a thread) so that the server can run meanwhile.
    pub fn deliver_to(&self, signing: Signing, url: &str) -> io::Result<Delivered<A>> {
        deliver_to(url, self.request(signing))
    }
}

/// Changes `body` after signing: swaps the case of its last ASCII letter, or appends `0`.
fn tamper(body: &mut Vec<u8>) {
    match body.iter_mut().rev().find(|b| b.is_ascii_alphabetic()) {
        Some(letter) => *letter ^= 0x20,
        None => body.push(b'0'),
    }
}

/// What a receiver answered to a delivered notification: status, headers, body, and the body
/// read as the documented answer `A`.
pub struct Delivered<A = ()> {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: http::HeaderMap,
    /// The body bytes.
    pub body: Vec<u8>,
    answer: PhantomData<fn() -> A>,
}

impl<A> fmt::Debug for Delivered<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delivered")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl<A> Delivered<A> {
    /// A status 200-299: the sender counts the notification as delivered.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl<A: serde::de::DeserializeOwned> Delivered<A> {
    /// The body read as the documented answer (an empty body reads as JSON `null`, so as `()`
    /// when the spec documents no body).
    pub fn answer(&self) -> Result<A, serde_json::Error> {
        if self.body.is_empty() {
            serde_json::from_slice(b"null")
        } else {
            serde_json::from_slice(&self.body)
        }
    }
}

/// Delivers any `request` in process to `handler` and returns its answer (see
/// [`Notification::deliver`]).
pub async fn deliver<A, F, Fut, B>(request: http::Request<Vec<u8>>, handler: F) -> Delivered<A>
where
    F: FnOnce(http::Request<Vec<u8>>) -> Fut,
    Fut: Future<Output = http::Response<B>>,
    B: Into<Vec<u8>>,
{
    let (parts, body) = handler(request).await.into_parts();
    Delivered {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: body.into(),
        answer: PhantomData,
    }
}

/// Sends any `request` over a real socket to `url` with HTTP/1.1 (one request, then the
/// connection is closed) and returns the answer (see [`Notification::deliver_to`]). The
/// request's own URI is ignored: the path and query are the URL's. Only `http://` URLs.
pub fn deliver_to<A>(url: &str, request: http::Request<Vec<u8>>) -> io::Result<Delivered<A>> {
    let invalid = |message: &str| io::Error::new(io::ErrorKind::InvalidInput, message.to_owned());
    let uri: http::Uri = url
        .parse()
        .map_err(|_| invalid("not a URL: expected http://127.0.0.1:<port>/<path>"))?;
    if uri.scheme_str() != Some("http") {
        return Err(invalid("only http:// URLs are delivered to"));
    }
    let authority = uri
        .authority()
        .ok_or_else(|| invalid("a URL without a host"))?;
    let port = authority.port_u16().unwrap_or(80);
    let address = (authority.host(), port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| invalid("the host has no address"))?;
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let stream = TcpStream::connect_timeout(&address, Duration::from_secs(10))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let (parts, body) = request.into_parts();
    let mut writer = &stream;
    write_request(
        &mut writer,
        parts.method.as_str(),
        target,
        authority.as_str(),
        &parts.headers,
        &body,
    )?;
    writer.flush()?;
    let response = read_response(&mut BufReader::new(&stream))?;
    Ok(Delivered {
        status: response.status,
        headers: response.headers,
        body: response.body,
        answer: PhantomData,
    })
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;

    use super::super::http1::{read_request, write_head};
    use super::*;
    use crate::support::{
        sign_request, verify_signature, SignatureAlgorithm, SignatureEncoding, SignaturePart,
        WebhookSecrets,
    };

    static SCHEME: SignatureScheme = SignatureScheme {
        algorithm: SignatureAlgorithm::Sha256,
        header: "x-sig",
        encoding: SignatureEncoding::Hex,
        parts: &[
            SignaturePart::Secret,
            SignaturePart::Header("x-id"),
            SignaturePart::Body,
        ],
        required_headers: &["x-id"],
    };

    fn notification(body: &[u8]) -> Notification<serde_json::Value> {
        let signed = sign_request(
            &SCHEME,
            http::Method::POST,
            b"s3cret",
            &[("x-id", "site-1")],
            body.to_vec(),
        )
        .unwrap();
        Notification::new(&SCHEME, signed, b"s3cret").unwrap()
    }

    fn verify(request: &http::Request<Vec<u8>>) -> Result<(), WebhookError> {
        verify_signature(
            &SCHEME,
            request.headers(),
            request.body(),
            &WebhookSecrets::new("s3cret"),
        )
    }

    #[test]
    fn the_valid_variant_verifies_and_each_refused_one_fails_its_own_way() {
        let n = notification(br#"{"action":"approve"}"#);
        let valid = n.request(Signing::Valid);
        assert_eq!(valid.method(), http::Method::POST);
        assert_eq!(valid.uri(), "/");
        assert_eq!(valid.body(), br#"{"action":"approve"}"#);
        assert_eq!(verify(&valid), Ok(()));
        let tampered = n.request(Signing::TamperedBody);
        assert_eq!(tampered.body(), br#"{"action":"approvE"}"#);
        assert_eq!(tampered.headers()["x-sig"], valid.headers()["x-sig"]);
        assert_eq!(verify(&tampered), Err(WebhookError::BadSignature));
        let wrong = n.request(Signing::WrongSecret);
        assert_ne!(wrong.headers()["x-sig"], valid.headers()["x-sig"]);
        assert_eq!(wrong.body(), valid.body());
        assert_eq!(verify(&wrong), Err(WebhookError::BadSignature));
        // Under the wrong secret it is valid: it is a real signature, not garbage.
        let under_wrong = WebhookSecrets::new("s3cret-wrong");
        assert_eq!(
            verify_signature(&SCHEME, wrong.headers(), wrong.body(), &under_wrong),
            Ok(())
        );
        let n = n.at(http::Uri::from_static("/hooks/forter?x=1"));
        assert_eq!(n.request(Signing::WrongSecret).uri(), "/hooks/forter?x=1");
        let missing = n.request(Signing::MissingSignature);
        assert!(missing.headers().get("x-sig").is_none());
        assert_eq!(missing.headers()["x-id"], "site-1");
        assert_eq!(
            verify(&missing),
            Err(WebhookError::MissingHeader { header: "x-sig" })
        );
    }

    #[test]
    fn a_body_without_letters_is_tampered_by_appending() {
        let n = notification(b"[1,2]");
        assert_eq!(n.request(Signing::TamperedBody).body(), b"[1,2]0");
        assert_eq!(
            verify(&n.request(Signing::TamperedBody)),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn debug_shows_neither_secret_nor_body() {
        let text = format!("{:?}", notification(b"{\"card\":\"4111\"}"));
        assert!(!text.contains("4111") && !text.contains("s3cret"), "{text}");
        assert!(text.contains("x-sig"), "{text}");
    }

    #[test]
    fn a_request_without_the_signed_headers_is_refused() {
        let request = http::Request::new(b"{}".to_vec());
        let err = Notification::<()>::new(&SCHEME, request, b"k").unwrap_err();
        assert_eq!(err, WebhookError::MissingHeader { header: "x-id" });
    }

    /// A receiver on a real socket: verifies, answers 200 with JSON or 401 with text; sends back
    /// what it read (target, verdict) through a channel.
    #[test]
    fn delivery_over_a_socket_reaches_the_path_and_reads_the_answer() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://{}/hooks/decision?v=1",
            listener.local_addr().unwrap()
        );
        let (seen, saw) = std::sync::mpsc::channel();
        let server = std::thread::spawn(move || {
            for _ in 0..2 {
                let (stream, _) = listener.accept().unwrap();
                let request = read_request(&mut BufReader::new(&stream)).unwrap();
                let verdict = verify_signature(
                    &SCHEME,
                    &request.headers,
                    &request.body,
                    &WebhookSecrets::new("s3cret"),
                );
                seen.send((request.method, request.target, verdict.clone()))
                    .unwrap();
                let (status, body) = match verdict {
                    Ok(()) => (200, br#"{"action":"success"}"#.to_vec()),
                    Err(_) => (401, b"refused".to_vec()),
                };
                let mut writer = &stream;
                let headers = [("content-type".to_owned(), "application/json".to_owned())];
                write_head(&mut writer, status, &headers, body.len()).unwrap();
                writer.write_all(&body).unwrap();
            }
        });
        let n = notification(br#"{"action":"approve"}"#);
        let answer = n.deliver_to(Signing::Valid, &url).unwrap();
        assert_eq!(answer.status, 200);
        assert!(answer.is_success());
        assert_eq!(answer.headers["content-type"], "application/json");
        assert_eq!(
            answer.answer().unwrap(),
            serde_json::json!({"action": "success"})
        );
        let (method, target, verdict) = saw.recv().unwrap();
        assert_eq!(
            (method.as_str(), target.as_str(), verdict),
            ("POST", "/hooks/decision?v=1", Ok(()))
        );
        let refused = n.deliver_to(Signing::WrongSecret, &url).unwrap();
        assert_eq!((refused.status, &refused.body[..]), (401, &b"refused"[..]));
        assert!(!refused.is_success());
        assert_eq!(saw.recv().unwrap().2, Err(WebhookError::BadSignature));
        server.join().unwrap();
    }

    #[test]
    fn delivery_refuses_urls_it_cannot_send_to() {
        let n = notification(b"{}");
        for url in ["https://127.0.0.1:1/", "not a url", "/relative"] {
            let err = n.deliver_to(Signing::Valid, url).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{url}");
        }
    }
}
