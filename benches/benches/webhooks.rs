//! Verifying a Forter decision notification (`forter::webhooks::receive_order_decision`): a valid
//! one, and forged ones whose signature differs from the right one in the first or in the last
//! hex digit. With the constant-time comparison (`subtle`) the three take the same time within
//! the noise: where two signatures differ does not show. Also the cost of each further secret
//! (rotation tries every secret). Numbers in BENCHMARKS.md; nothing here fails on a time.

use commerce_apis::forter::webhooks::{
    receive_order_decision, sign_order_decision, OrderDecisionHeaders,
};
use commerce_apis::http::{HeaderMap, HeaderValue};
use commerce_apis::support::WebhookSecrets;
use divan::{black_box, Bencher};

const SECRET: &str = "6Rt1kSecretKeyOfSiteA";
const BODY: &[u8] = br#"{"orderId":"2356fdse0rr489","action":"decline","reasonCode":"merchantPolicyLimitedItemAbuse"}"#;

fn main() {
    divan::main();
}

/// The signed headers, with the signature's hex digit at `flip` changed (`None`: left valid).
fn headers(flip: Option<usize>) -> HeaderMap {
    let given = OrderDecisionHeaders {
        forter_site_id: "8b47c6d423ba".into(),
        forter_token: "t0k3n-2".into(),
    };
    let mut headers = sign_order_decision(&given, BODY, SECRET).expect("sign");
    if let Some(at) = flip {
        let mut signature = headers["x-forter-signature"]
            .to_str()
            .unwrap()
            .to_owned()
            .into_bytes();
        signature[at] = if signature[at] == b'0' { b'1' } else { b'0' };
        let signature = String::from_utf8(signature).unwrap();
        headers.insert(
            "x-forter-signature",
            HeaderValue::from_str(&signature).unwrap(),
        );
    }
    headers
}

#[divan::bench(args = ["valid", "wrong first digit", "wrong last digit"])]
fn verify(bencher: Bencher, case: &str) {
    let headers = headers(match case {
        "valid" => None,
        "wrong first digit" => Some(0),
        _ => Some(63),
    });
    let secrets = WebhookSecrets::new(SECRET);
    bencher.bench_local(|| {
        receive_order_decision(black_box(&headers), black_box(BODY), &secrets).is_ok()
    });
}

#[divan::bench(args = [1, 2, 4])]
fn secrets_tried(bencher: Bencher, count: usize) {
    let headers = headers(None);
    let mut secrets = WebhookSecrets::new(SECRET);
    for n in 1..count {
        secrets = secrets.with(format!("older-secret-{n}"));
    }
    bencher.bench_local(|| {
        receive_order_decision(black_box(&headers), black_box(BODY), &secrets).is_ok()
    });
}
