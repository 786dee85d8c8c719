//! Receiving the notifications (webhooks) an API sends: checking their signature over the raw
//! request, then reading the payload.
//!
//! A generated receiver describes its scheme as a [`SignatureScheme`] constant (read from the
//! spec's `x-signature`) and calls [`verify_signature`] then [`parse_payload`]. The signing side
//! ([`signature`], [`sign_request`]) exists for tests: it builds the notification the API would
//! send, so a user's handler can be exercised end to end.
//!
//! Security properties (see `docs/decisions/013-webhooks.md`):
//! - the digest is computed over the **raw** body bytes and the raw header values, never over a
//!   re-encoded JSON value;
//! - the comparison is constant-time (`subtle`), and every secret is tried, whatever the outcome
//!   of the others, so rotation ([`WebhookSecrets`] holds several) does not leak which one matched;
//! - secrets appear in no `Debug` output and in no error; errors never quote the body.

use std::fmt;

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

/// The length of a SHA-256 digest, and so of every signature this module checks.
const DIGEST_LEN: usize = 32;

/// How the signature is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// SHA-256 of the message parts, the secret being one of them (a plain digest, not a MAC).
    Sha256,
    /// HMAC-SHA256 keyed with the secret, over the other message parts.
    HmacSha256,
}

/// How the signature header spells the digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureEncoding {
    /// Hexadecimal; upper or lower case is accepted, lower case is written.
    Hex,
    /// Standard base64 with padding (RFC 4648 section 4).
    Base64,
}

/// One part of the signed message, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignaturePart {
    /// The shared secret (only with [`SignatureAlgorithm::Sha256`]).
    Secret,
    /// The value of this request header, as sent.
    Header(&'static str),
    /// The raw request body, as received.
    Body,
}

/// A notification's signature scheme, as the spec declares it (`x-signature`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureScheme {
    /// The digest algorithm.
    pub algorithm: SignatureAlgorithm,
    /// The header carrying the signature.
    pub header: &'static str,
    /// How the header spells the digest.
    pub encoding: SignatureEncoding,
    /// The parts of the signed message, in order.
    pub parts: &'static [SignaturePart],
    /// Every header the sender always sets (the signature header and the signed ones included):
    /// a notification without one of them is refused before anything else is looked at.
    pub required_headers: &'static [&'static str],
}

/// The secrets a notification may be signed with: usually one, several while a secret is being
/// rotated (the old and the new one are both accepted until the sender has switched).
///
/// An empty secret verifies nothing (a secret read from an unset variable must not turn the check
/// into a digest anyone can compute). `Debug` shows how many there are, never their bytes.
#[derive(Clone)]
pub struct WebhookSecrets {
    secrets: Vec<Vec<u8>>,
}

impl WebhookSecrets {
    /// The secret `secret` alone.
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        WebhookSecrets {
            secrets: vec![secret.as_ref().to_vec()],
        }
    }

    /// Also accepts `secret` (for rotation: keep the old secret until the sender uses the new one).
    pub fn with(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.secrets.push(secret.as_ref().to_vec());
        self
    }

    /// How many secrets are accepted.
    pub fn len(&self) -> usize {
        self.secrets.len()
    }

    /// Always `false`: there is at least the secret given to [`WebhookSecrets::new`].
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }
}

impl fmt::Debug for WebhookSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSecrets")
            .field("count", &self.secrets.len())
            .finish_non_exhaustive()
    }
}

/// Why a notification was refused. Each kind is its own variant, so a handler can answer (and
/// log) them differently; none holds a secret or the body's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the sender always sets is absent.
    MissingHeader {
        /// The header's name, as the spec spells it.
        header: &'static str,
    },
    /// A header is present but unusable: sent twice, not visible ASCII, or (the signature) not a
    /// digest in the declared encoding and length.
    MalformedHeader {
        /// The header's name, as the spec spells it.
        header: &'static str,
        /// What is wrong with it (never its value).
        reason: &'static str,
    },
    /// The signature does not match the request under any of the secrets: a wrong secret, or a
    /// body or signed header changed on the way.
    BadSignature,
    /// The signature is valid but the body does not parse as the documented payload.
    BadBody {
        /// The type the body should have been.
        expected: &'static str,
        /// What the JSON parser said: what was wrong (the field it names) and where (line and
        /// column), without the offending value.
        message: String,
    },
}

impl WebhookError {
    /// The HTTP status to answer the sender with: `401` for a missing, malformed or wrong
    /// signature or signed header, `400` for a body that does not parse. Neither is a 2xx, so a
    /// sender that retries will send the notification again.
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::BadBody { .. } => 400,
            _ => 401,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader { header } => {
                write!(f, "notification refused: header `{header}` is missing")
            }
            WebhookError::MalformedHeader { header, reason } => {
                write!(f, "notification refused: header `{header}` {reason}")
            }
            WebhookError::BadSignature => f.write_str(
                "notification refused: the signature does not match the request under any accepted secret",
            ),
            WebhookError::BadBody { expected, message } => write!(
                f,
                "notification signed correctly, but its body is not a valid {expected}: {message}"
            ),
        }
    }
}

impl std::error::Error for WebhookError {}

/// Checks the signature of a notification: every required header present (once, visible ASCII),
/// the signature header a digest in the declared encoding, and equal, in constant time, to the
/// digest of the message under one of `secrets`.
pub fn verify_signature(
    scheme: &SignatureScheme,
    headers: &http::HeaderMap,
    body: &[u8],
    secrets: &WebhookSecrets,
) -> Result<(), WebhookError> {
    for header in scheme.required_headers {
        header_value(headers, header)?;
    }
    let given = decode_signature(scheme, header_value(headers, scheme.header)?)?;
    let mut matched = Choice::from(0);
    // Every secret is tried, without stopping at the first match.
    for secret in &secrets.secrets {
        let expected = digest(scheme, secret, headers, body)?;
        matched |= expected.ct_eq(&given) & Choice::from(u8::from(!secret.is_empty()));
    }
    if bool::from(matched) {
        Ok(())
    } else {
        Err(WebhookError::BadSignature)
    }
}

/// Reads a verified body as the payload type `T` (`expected` names it in errors).
pub fn parse_payload<T: serde::de::DeserializeOwned>(
    body: &[u8],
    expected: &'static str,
) -> Result<T, WebhookError> {
    serde_json::from_slice(body).map_err(|err| WebhookError::BadBody {
        expected,
        message: super::error::json_error_message(&err),
    })
}

/// The signature of a message as the sender computes it, in the scheme's encoding: what the
/// signature header of a notification with these `headers` and `body` must hold.
pub fn signature(
    scheme: &SignatureScheme,
    secret: &[u8],
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<String, WebhookError> {
    let digest = digest(scheme, secret, headers, body)?;
    Ok(match scheme.encoding {
        SignatureEncoding::Hex => digest.iter().map(|b| format!("{b:02x}")).collect(),
        SignatureEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode(digest),
    })
}

/// A notification as the sender would deliver it, for tests: `method` to path `/`, the given
/// header values (name, value) and `content-type: application/json`, the signature header
/// computed with `secret`, and `body`.
pub fn sign_request(
    scheme: &SignatureScheme,
    method: http::Method,
    secret: &[u8],
    headers: &[(&'static str, &str)],
    body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, WebhookError> {
    let mut map = http::HeaderMap::new();
    map.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    for (name, value) in headers {
        map.insert(header_name(name)?, visible_value(name, value)?);
    }
    let signed = signature(scheme, secret, &map, &body)?;
    map.insert(
        header_name(scheme.header)?,
        visible_value(scheme.header, &signed)?,
    );
    let mut request = http::Request::new(body);
    *request.method_mut() = method;
    *request.headers_mut() = map;
    Ok(request)
}

/// A JSON answer to a notification: `status`, `content-type: application/json` and `body`.
pub fn json_answer<T: serde::Serialize>(status: u16, body: &T) -> http::Response<Vec<u8>> {
    // The generated answer types are plain structs with string keys: serializing them cannot fail.
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = http::Response::new(bytes);
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

/// An answer without a body: `status` alone.
pub fn empty_answer(status: u16) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(Vec::new());
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// The single value of header `name`, which must be visible ASCII.
fn header_value<'h>(
    headers: &'h http::HeaderMap,
    name: &'static str,
) -> Result<&'h [u8], WebhookError> {
    let mut values = headers.get_all(name).iter();
    let value = values
        .next()
        .ok_or(WebhookError::MissingHeader { header: name })?;
    if values.next().is_some() {
        return Err(WebhookError::MalformedHeader {
            header: name,
            reason: "is sent more than once",
        });
    }
    value
        .to_str()
        .map(str::as_bytes)
        .map_err(|_| WebhookError::MalformedHeader {
            header: name,
            reason: "holds characters other than visible ASCII",
        })
}

/// The digest carried by the signature header.
fn decode_signature(
    scheme: &SignatureScheme,
    value: &[u8],
) -> Result<[u8; DIGEST_LEN], WebhookError> {
    let malformed = |reason| WebhookError::MalformedHeader {
        header: scheme.header,
        reason,
    };
    let bytes = match scheme.encoding {
        SignatureEncoding::Hex => decode_hex(value).ok_or(malformed(
            "is not a hexadecimal SHA-256 digest (64 hex digits)",
        ))?,
        SignatureEncoding::Base64 => base64::engine::general_purpose::STANDARD
            .decode(value)
            .map_err(|_| malformed("is not base64"))?,
    };
    bytes
        .try_into()
        .map_err(|_| malformed("does not hold a SHA-256 digest (32 bytes)"))
}

/// Hexadecimal text, either case, to bytes.
fn decode_hex(text: &[u8]) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

/// The digest of the message of `scheme` under `secret`.
fn digest(
    scheme: &SignatureScheme,
    secret: &[u8],
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<[u8; DIGEST_LEN], WebhookError> {
    let mut parts = Vec::with_capacity(scheme.parts.len());
    for part in scheme.parts {
        parts.push(match part {
            SignaturePart::Secret => secret,
            SignaturePart::Header(name) => header_value(headers, name)?,
            SignaturePart::Body => body,
        });
    }
    Ok(match scheme.algorithm {
        SignatureAlgorithm::Sha256 => {
            let mut hasher = Sha256::new();
            parts.iter().for_each(|part| hasher.update(part));
            hasher.finalize().into()
        }
        SignatureAlgorithm::HmacSha256 => {
            // HMAC takes a key of any length (longer ones are hashed first): this cannot fail.
            let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(secret)
                .map_err(|_| WebhookError::BadSignature)?;
            parts.iter().for_each(|part| mac.update(part));
            mac.finalize().into_bytes().into()
        }
    })
}

fn header_name(name: &'static str) -> Result<http::HeaderName, WebhookError> {
    http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| WebhookError::MalformedHeader {
        header: name,
        reason: "is not a valid header name",
    })
}

fn visible_value(name: &'static str, value: &str) -> Result<http::HeaderValue, WebhookError> {
    http::HeaderValue::from_str(value)
        .ok()
        .filter(|v| v.to_str().is_ok())
        .ok_or(WebhookError::MalformedHeader {
            header: name,
            reason: "holds characters other than visible ASCII",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors computed outside this crate with coreutils and OpenSSL:
    //   printf '%s' 'keyabc{}' | sha256sum
    //   printf '%s' '{}' | openssl dgst -sha256 -hmac key -binary | base64
    // (the workspace-level tests check the Forter vectors of tests/vectors/, made by a script).
    const SHA_KEY_ABC_EMPTY_OBJECT: &str =
        "6da3b6f3f05083f30f66e820b1a7aff7ee769bdbbed6b1aebb544a223b1e67b5";

    const PLAIN: SignatureScheme = SignatureScheme {
        algorithm: SignatureAlgorithm::Sha256,
        header: "X-Signature",
        encoding: SignatureEncoding::Hex,
        parts: &[
            SignaturePart::Secret,
            SignaturePart::Header("X-Token"),
            SignaturePart::Body,
        ],
        required_headers: &["X-Signature", "X-Token"],
    };

    const HMAC: SignatureScheme = SignatureScheme {
        algorithm: SignatureAlgorithm::HmacSha256,
        header: "X-Signature",
        encoding: SignatureEncoding::Base64,
        parts: &[SignaturePart::Body],
        required_headers: &["X-Signature"],
    };

    fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, http::HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn plain_digest_matches_sha256sum() {
        let map = headers(&[("x-token", "abc")]);
        let hex = signature(&PLAIN, b"key", &map, b"{}").unwrap();
        assert_eq!(hex, SHA_KEY_ABC_EMPTY_OBJECT);
    }

    #[test]
    fn a_valid_signature_verifies_in_either_hex_case() {
        let secrets = WebhookSecrets::new("key");
        for sig in [
            SHA_KEY_ABC_EMPTY_OBJECT.to_owned(),
            SHA_KEY_ABC_EMPTY_OBJECT.to_uppercase(),
        ] {
            let map = headers(&[("X-Token", "abc"), ("X-Signature", &sig)]);
            assert_eq!(verify_signature(&PLAIN, &map, b"{}", &secrets), Ok(()));
        }
    }

    #[test]
    fn each_failure_has_its_own_error() {
        let secrets = WebhookSecrets::new("key");
        let good = [
            ("X-Token", "abc"),
            ("X-Signature", SHA_KEY_ABC_EMPTY_OBJECT),
        ];
        let check = |pairs: &[(&'static str, &str)], body: &[u8]| {
            verify_signature(&PLAIN, &headers(pairs), body, &secrets)
        };
        assert_eq!(
            check(&good[..1], b"{}"),
            Err(WebhookError::MissingHeader {
                header: "X-Signature"
            })
        );
        assert_eq!(
            check(&good[1..], b"{}"),
            Err(WebhookError::MissingHeader { header: "X-Token" })
        );
        assert!(matches!(
            check(&[good[0], ("X-Signature", "zz")], b"{}"),
            Err(WebhookError::MalformedHeader {
                header: "X-Signature",
                ..
            })
        ));
        assert!(matches!(
            check(&[good[0], ("X-Signature", "abcd")], b"{}"),
            Err(WebhookError::MalformedHeader {
                header: "X-Signature",
                ..
            })
        ));
        assert!(matches!(
            check(&[good[0], good[0], good[1]], b"{}"),
            Err(WebhookError::MalformedHeader {
                header: "X-Token",
                ..
            })
        ));
        assert_eq!(check(&good, b"{ }"), Err(WebhookError::BadSignature));
        assert_eq!(
            check(&[("X-Token", "abd"), good[1]], b"{}"),
            Err(WebhookError::BadSignature)
        );
        let other = WebhookSecrets::new("other");
        assert_eq!(
            verify_signature(&PLAIN, &headers(&good), b"{}", &other),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn a_header_that_is_not_visible_ascii_is_malformed() {
        let mut map = headers(&[("X-Signature", SHA_KEY_ABC_EMPTY_OBJECT)]);
        map.insert("X-Token", http::HeaderValue::from_bytes(b"ab\xe9").unwrap());
        let err = verify_signature(&PLAIN, &map, b"{}", &WebhookSecrets::new("key")).unwrap_err();
        assert!(
            matches!(
                err,
                WebhookError::MalformedHeader {
                    header: "X-Token",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn any_of_several_secrets_verifies() {
        let map = headers(&[
            ("X-Token", "abc"),
            ("X-Signature", SHA_KEY_ABC_EMPTY_OBJECT),
        ]);
        let rotating = WebhookSecrets::new("new").with("key");
        assert_eq!(rotating.len(), 2);
        assert_eq!(verify_signature(&PLAIN, &map, b"{}", &rotating), Ok(()));
        let rotated = WebhookSecrets::new("key").with("new");
        assert_eq!(verify_signature(&PLAIN, &map, b"{}", &rotated), Ok(()));
        let neither = WebhookSecrets::new("a").with("b");
        assert_eq!(
            verify_signature(&PLAIN, &map, b"{}", &neither),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn hmac_base64_round_trips_through_sign_request() {
        let request = sign_request(&HMAC, http::Method::POST, b"key", &[], b"{}".to_vec()).unwrap();
        // printf '%s' '{}' | openssl dgst -sha256 -hmac key -binary | base64
        assert_eq!(
            request.headers()["x-signature"],
            "p3dyTZQ+tI3Gm8qKSm1XoE2z+ex+HeTlgehgJlvfMDI="
        );
        let secrets = WebhookSecrets::new("key");
        assert_eq!(
            verify_signature(&HMAC, request.headers(), request.body(), &secrets),
            Ok(())
        );
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.headers()["content-type"], "application/json");
    }

    #[test]
    fn an_empty_secret_verifies_nothing() {
        // printf '%s' 'abc{}' | sha256sum: what anyone can compute without a secret.
        let unkeyed = "98f50e6bf7b9a0dce0cdde1f0ce07a62e0266188e6b69d202dbfcfb9946e7b2c";
        let map = headers(&[("X-Token", "abc"), ("X-Signature", unkeyed)]);
        assert_eq!(
            verify_signature(&PLAIN, &map, b"{}", &WebhookSecrets::new("")),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(signature(&PLAIN, b"", &map, b"{}").unwrap(), unkeyed);
        assert_eq!(
            verify_signature(&PLAIN, &map, b"{}", &WebhookSecrets::new("").with("key")),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn no_secret_in_debug_or_errors() {
        let secrets = WebhookSecrets::new("s3cr3t-value").with("0ther-s3cr3t");
        let shown = format!("{secrets:?}");
        assert_eq!(shown, "WebhookSecrets { count: 2, .. }");
        let map = headers(&[
            ("X-Token", "abc"),
            ("X-Signature", SHA_KEY_ABC_EMPTY_OBJECT),
        ]);
        let err = verify_signature(&PLAIN, &map, b"{\"card\":\"4111\"}", &secrets).unwrap_err();
        for text in [format!("{err}"), format!("{err:?}")] {
            assert!(!text.contains("s3cr3t"), "{text}");
            assert!(!text.contains("4111"), "{text}");
        }
    }

    #[test]
    fn a_bad_body_names_the_problem_not_the_value() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Payload {
            #[serde(rename = "orderId")]
            order_id: String,
        }
        let err =
            parse_payload::<Payload>(br#"{"orderId": 4111111111111111}"#, "Payload").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("Payload") && text.contains("line 1"),
            "{text}"
        );
        assert!(!text.contains("4111"), "{text}");
        let err = parse_payload::<Payload>(b"{}", "Payload").unwrap_err();
        assert!(err.to_string().contains("missing field `orderId`"), "{err}");
        assert_eq!(err.status(), 400);
        assert_eq!(WebhookError::BadSignature.status(), 401);
    }

    #[test]
    fn json_answer_sets_status_and_content_type() {
        let response = json_answer(200, &serde_json::json!({"action": "success"}));
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.body(), br#"{"action":"success"}"#);
    }
}
