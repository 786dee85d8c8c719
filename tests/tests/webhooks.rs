//! Receiving Forter's decision notifications (`commerce_apis::forter::webhooks`), checked against
//! signatures computed outside the crate: `tests/vectors/forter/make-signatures.sh` hashes each
//! body with `sha256sum` (cross-checked with `openssl dgst`) and its output, `signatures.txt`, is
//! checked in. A valid notification parses; a tampered body, a wrong secret, a missing or a
//! malformed header each give their own error; several secrets rotate; no secret or body byte
//! reaches `Debug`, `Display` or an error. The README's axum handler is compiled and run here too.

use std::fs;
use std::path::{Path, PathBuf};

use commerce_apis::forter::webhooks::{
    receive_order_decision, receive_order_decision_request, sign_order_decision,
    sign_order_decision_request, OrderDecisionHeaders, ORDER_DECISION_SIGNATURE,
};
use commerce_apis::forter::{DecisionNotification, DecisionNotificationAction};
use commerce_apis::support::{WebhookError, WebhookSecrets};
use http::{HeaderMap, HeaderValue};

#[path = "examples/axum_webhook.rs"]
mod axum_webhook;

const SITE: &str = "X-Forter-SiteID";
const TOKEN: &str = "X-Forter-Token";
const SIGNATURE: &str = "X-Forter-Signature";

/// One line of `signatures.txt`, with its body.
struct Vector {
    case: String,
    secret: String,
    token: String,
    site: String,
    signature: String,
    body: Vec<u8>,
}

impl Vector {
    fn headers(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(SITE, HeaderValue::from_str(&self.site).unwrap());
        map.insert(TOKEN, HeaderValue::from_str(&self.token).unwrap());
        map.insert(SIGNATURE, HeaderValue::from_str(&self.signature).unwrap());
        map
    }

    fn secrets(&self) -> WebhookSecrets {
        WebhookSecrets::new(&self.secret)
    }

    fn receive(&self) -> Result<DecisionNotification, WebhookError> {
        receive_order_decision(&self.headers(), &self.body, &self.secrets())
    }
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors/forter")
}

fn vectors() -> Vec<Vector> {
    let dir = vectors_dir();
    let text = fs::read_to_string(dir.join("signatures.txt")).expect("signatures.txt");
    let vectors: Vec<Vector> = text
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split(' ').collect();
            assert_eq!(f.len(), 5, "signatures.txt: {line}");
            Vector {
                case: f[0].into(),
                secret: f[1].into(),
                token: f[2].into(),
                site: f[3].into(),
                signature: f[4].into(),
                body: fs::read(dir.join(format!("{}.body", f[0]))).expect("body"),
            }
        })
        .collect();
    assert!(vectors.len() >= 6, "signatures.txt lost cases");
    vectors
}

fn vector(case: &str) -> Vector {
    vectors()
        .into_iter()
        .find(|v| v.case == case)
        .unwrap_or_else(|| panic!("no vector {case}"))
}

#[test]
fn every_valid_vector_verifies_and_parses() {
    for v in vectors().iter().filter(|v| v.case != "missing_order_id") {
        let decision = v.receive().unwrap_or_else(|e| panic!("{}: {e}", v.case));
        let expected: serde_json::Value = serde_json::from_slice(&v.body).unwrap();
        assert_eq!(decision.order_id, expected["orderId"], "{}", v.case);
        assert_eq!(decision.action.as_str(), expected["action"], "{}", v.case);
    }
    assert_eq!(
        vector("decline").receive().unwrap().reason_code.as_deref(),
        Some("merchantPolicyLimitedItemAbuse")
    );
    assert_eq!(
        vector("not_reviewed").receive().unwrap().action,
        DecisionNotificationAction::NotReviewed
    );
}

#[test]
fn an_unknown_action_is_kept_not_refused() {
    let decision = vector("unknown_action").receive().unwrap();
    assert!(matches!(
        decision.action,
        DecisionNotificationAction::Unrecognized(_)
    ));
    assert_eq!(decision.action.as_str(), "escalate");
}

#[test]
fn the_raw_bytes_are_verified_not_a_re_encoding() {
    // Spaces, a `/`, `é` and a trailing newline: PHP's json_encode(json_decode(body)) would write
    // other bytes. The signature (computed by sha256sum over the file) holds for the raw bytes.
    let v = vector("raw_bytes");
    assert!(v.body.ends_with(b"\n") && v.body.contains(&b'/'));
    let decision = v.receive().unwrap();
    assert_eq!(decision.order_id, "web/2356-café");
    let compact =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&v.body).unwrap()).unwrap();
    assert_eq!(
        receive_order_decision(&v.headers(), &compact, &v.secrets()).unwrap_err(),
        WebhookError::BadSignature
    );
}

#[test]
fn a_tampered_body_is_a_bad_signature() {
    for v in vectors() {
        for at in [0, v.body.len() / 2, v.body.len() - 1] {
            let mut body = v.body.clone();
            body[at] ^= 0x01;
            assert_eq!(
                receive_order_decision(&v.headers(), &body, &v.secrets()).unwrap_err(),
                WebhookError::BadSignature,
                "{} byte {at}",
                v.case
            );
        }
        let mut longer = v.body.clone();
        longer.push(b' ');
        assert_eq!(
            receive_order_decision(&v.headers(), &longer, &v.secrets()).unwrap_err(),
            WebhookError::BadSignature
        );
    }
}

#[test]
fn a_wrong_secret_or_a_changed_signed_header_is_a_bad_signature() {
    let v = vector("approve");
    let wrong = WebhookSecrets::new(format!("{}x", v.secret));
    assert_eq!(
        receive_order_decision(&v.headers(), &v.body, &wrong).unwrap_err(),
        WebhookError::BadSignature
    );
    for (header, value) in [(SITE, "8b47c6d423bb"), (TOKEN, "t0k3n-9")] {
        let mut headers = v.headers();
        headers.insert(header, HeaderValue::from_static(value));
        assert_eq!(
            receive_order_decision(&headers, &v.body, &v.secrets()).unwrap_err(),
            WebhookError::BadSignature,
            "{header}"
        );
    }
}

#[test]
fn a_missing_header_is_named() {
    let v = vector("approve");
    for header in [SITE, TOKEN, SIGNATURE] {
        let mut headers = v.headers();
        headers.remove(header);
        assert_eq!(
            receive_order_decision(&headers, &v.body, &v.secrets()).unwrap_err(),
            WebhookError::MissingHeader { header },
        );
    }
}

#[test]
fn a_malformed_header_is_named() {
    let v = vector("approve");
    let malformed = |header: &str, value: HeaderValue| {
        let mut headers = v.headers();
        headers.insert(
            http::HeaderName::from_bytes(header.as_bytes()).unwrap(),
            value,
        );
        receive_order_decision(&headers, &v.body, &v.secrets()).unwrap_err()
    };
    let short = &v.signature[..62];
    let not_hex = format!("{}zz", &v.signature[..62]);
    for value in [short, not_hex.as_str(), ""] {
        let err = malformed(SIGNATURE, HeaderValue::from_str(value).unwrap());
        assert!(
            matches!(
                err,
                WebhookError::MalformedHeader {
                    header: SIGNATURE,
                    ..
                }
            ),
            "{value:?}: {err:?}"
        );
    }
    let err = malformed(TOKEN, HeaderValue::from_bytes(b"t\xf6ken").unwrap());
    assert!(
        matches!(err, WebhookError::MalformedHeader { header: TOKEN, .. }),
        "{err:?}"
    );
    // The same header twice is ambiguous: which value was signed?
    let mut twice = v.headers();
    twice.append(SITE, HeaderValue::from_static("8b47c6d423ba"));
    assert!(matches!(
        receive_order_decision(&twice, &v.body, &v.secrets()).unwrap_err(),
        WebhookError::MalformedHeader { header: SITE, .. }
    ));
    // Upper-case hex is the same digest.
    let mut upper = v.headers();
    upper.insert(
        SIGNATURE,
        HeaderValue::from_str(&v.signature.to_uppercase()).unwrap(),
    );
    assert!(receive_order_decision(&upper, &v.body, &v.secrets()).is_ok());
}

#[test]
fn a_signed_body_that_is_not_the_payload_is_a_bad_body() {
    let err = vector("missing_order_id").receive().unwrap_err();
    match &err {
        WebhookError::BadBody { expected, message } => {
            assert_eq!(*expected, "DecisionNotification");
            assert!(message.contains("missing field `orderId`"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), 400);
}

#[test]
fn any_of_several_secrets_verifies_during_rotation() {
    // `raw_bytes` is signed with the new secret, the others with the old one.
    let both = WebhookSecrets::new("6Rt1kSecretKeyOfSiteA").with("NewSecretAfterRotation");
    for v in vectors().iter().filter(|v| v.case != "missing_order_id") {
        receive_order_decision(&v.headers(), &v.body, &both)
            .unwrap_or_else(|e| panic!("{}: {e}", v.case));
    }
    let only_new = WebhookSecrets::new("NewSecretAfterRotation");
    let old = vector("approve");
    assert_eq!(
        receive_order_decision(&old.headers(), &old.body, &only_new).unwrap_err(),
        WebhookError::BadSignature
    );
}

#[test]
fn the_signing_helper_agrees_with_sha256sum() {
    for v in vectors() {
        let headers = OrderDecisionHeaders {
            forter_site_id: v.site.clone(),
            forter_token: v.token.clone(),
        };
        let signed = sign_order_decision(&headers, &v.body, &v.secret).unwrap();
        assert_eq!(signed[SIGNATURE], v.signature.as_str(), "{}", v.case);
        assert_eq!(signed[SITE], v.site.as_str());
        assert_eq!(signed[TOKEN], v.token.as_str());
        let request = sign_order_decision_request(&headers, v.body.clone(), &v.secret).unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.headers()["content-type"], "application/json");
        let received = receive_order_decision_request(&request, &v.secrets());
        assert_eq!(received.is_ok(), v.case != "missing_order_id", "{}", v.case);
    }
    assert_eq!(ORDER_DECISION_SIGNATURE.header, SIGNATURE);
}

#[test]
fn no_secret_or_body_in_debug_display_or_errors() {
    let v = vector("decline");
    let secrets = WebhookSecrets::new(&v.secret).with("AnotherSecretValue");
    let shown = format!("{secrets:?} {secrets:#?}");
    assert!(
        !shown.contains("6Rt1k") && !shown.contains("Another"),
        "{shown}"
    );
    let mut body = v.body.clone();
    body.push(b' ');
    let refusals = [
        receive_order_decision(&v.headers(), &body, &secrets).unwrap_err(),
        receive_order_decision(&HeaderMap::new(), &v.body, &secrets).unwrap_err(),
        vector("missing_order_id").receive().unwrap_err(),
    ];
    for err in refusals {
        for text in [format!("{err}"), format!("{err:?}")] {
            for leak in [
                v.secret.as_str(),
                "AnotherSecretValue",
                "merchantPolicy",
                &v.signature,
            ] {
                assert!(!text.contains(leak), "{text} shows {leak}");
            }
        }
    }
}

// The README example: a signed notification is stored once (a duplicate changes nothing) and
// answered 200 `success`; a tampered one is refused with 401 and nothing is stored.
#[tokio::test]
async fn the_readme_axum_handler_stores_then_answers() {
    use tower::ServiceExt as _;

    let app = axum_webhook::App {
        secrets: std::sync::Arc::new(WebhookSecrets::new("6Rt1kSecretKeyOfSiteA")),
        decisions: Default::default(),
    };
    let v = vector("approve");
    let send = |body: Vec<u8>| {
        let app = app.clone();
        let mut request = http::Request::new(axum::body::Body::from(body));
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = "/forter/decisions".parse().unwrap();
        *request.headers_mut() = v.headers();
        async move {
            let response = axum_webhook::router(app).oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
                .await
                .unwrap();
            (status, String::from_utf8(bytes.to_vec()).unwrap())
        }
    };
    let mut tampered = v.body.clone();
    tampered[3] ^= 1;
    let (status, text) = send(tampered).await;
    assert_eq!(status, 401, "{text}");
    assert!(app.decisions.lock().unwrap().is_empty());
    for _ in 0..2 {
        let (status, text) = send(v.body.clone()).await;
        assert_eq!(
            (status.as_u16(), text.as_str()),
            (200, r#"{"action":"success"}"#)
        );
    }
    let stored = app.decisions.lock().unwrap().clone();
    assert_eq!(
        stored.into_iter().collect::<Vec<_>>(),
        [("2356fdse0rr489".to_owned(), "approve".to_owned())]
    );
}

#[test]
fn the_readme_shows_the_compiled_axum_example() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
        .expect("README.md");
    let example = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples/axum_webhook.rs"),
    )
    .unwrap();
    // The README shows the file without its first two comment lines (which point here).
    let shown: String = example.lines().skip(2).map(|l| format!("{l}\n")).collect();
    assert!(
        readme.contains(&format!("```rust\n{shown}```")),
        "README.md's \"Receiving notifications\" must show tests/tests/examples/axum_webhook.rs (from its third line) verbatim"
    );
}

/// Whatever the body and the signature header hold, the receiver does not panic, accepts only
/// the signature the sender's scheme gives for that body, and then returns `Ok` exactly when the
/// body parses as the payload (seeded, 256 cases).
#[test]
fn any_body_or_signature_is_refused_or_accepted_as_the_scheme_says() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    let config = Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let v = vector("approve");
    let headers = OrderDecisionHeaders {
        forter_site_id: v.site.clone(),
        forter_token: v.token.clone(),
    };
    let bodies = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        Just(v.body.clone()),
        "[ -~]{0,40}"
            .prop_map(|s| format!(r#"{{"orderId":"{s}","action":"approve"}}"#).into_bytes()),
    ];
    let signatures = prop_oneof![Just(None), "[0-9a-fA-F]{0,70}".prop_map(Some)];
    runner
        .run(&(bodies, signatures), |(body, forged)| {
            let mut signed = sign_order_decision(&headers, &body, &v.secret).unwrap();
            let genuine = signed[SIGNATURE].to_str().unwrap().to_owned();
            if let Some(forged) = &forged {
                signed.insert(SIGNATURE, HeaderValue::from_str(forged).unwrap());
            }
            let result = receive_order_decision(&signed, &body, &v.secrets());
            let valid_signature = forged
                .as_deref()
                .is_none_or(|f| f.eq_ignore_ascii_case(&genuine));
            let parses = serde_json::from_slice::<DecisionNotification>(&body).is_ok();
            match &result {
                Ok(_) => prop_assert!(valid_signature && parses),
                Err(WebhookError::BadBody { .. }) => prop_assert!(valid_signature && !parses),
                Err(WebhookError::BadSignature | WebhookError::MalformedHeader { .. }) => {
                    prop_assert!(!valid_signature)
                }
                Err(other) => prop_assert!(false, "{other:?}"),
            }
            Ok(())
        })
        .unwrap();
}
