//! Webhooks in the change report: what changed in a notification a user receives, and what it
//! means for their code. Self-contained (one `ChangeKind::Webhook` carries a [`WebhookChange`]),
//! so the diff and classification code can move without touching this file. The payload's and
//! the answer's fields are component types, compared with the other types.

use std::collections::{BTreeMap, BTreeSet};

use super::classify::Class;
use codegen::summary::model::WebhookSummary;

/// One difference in a webhook.
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookChange {
    Added,
    Removed {
        functions: Vec<String>,
    },
    /// The method the sender uses (the signing helpers build requests with it).
    MethodChanged {
        old: String,
        new: String,
    },
    /// The headers the sender sets (`wire: rust (required)`); the fields of the headers struct
    /// are the `rust` names.
    HeadersChanged {
        old: Vec<String>,
        new: Vec<String>,
    },
    PayloadChanged {
        old: String,
        new: String,
    },
    AnswerChanged {
        old: String,
        new: String,
    },
    /// Algorithm, encoding, signature header or signed parts.
    SignatureChanged {
        old: String,
        new: String,
    },
    DocChanged,
}

/// The changes from `old` to `new`, by webhook (`webhook <operationId>` subjects), in name order.
pub fn diff_webhooks(
    old: &BTreeMap<String, WebhookSummary>,
    new: &BTreeMap<String, WebhookSummary>,
) -> Vec<(String, WebhookChange)> {
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for name in names {
        let subject = format!("webhook {name}");
        match (old.get(name), new.get(name)) {
            (None, Some(_)) => out.push((subject, WebhookChange::Added)),
            (Some(o), None) => out.push((
                subject,
                WebhookChange::Removed {
                    functions: o.functions.clone(),
                },
            )),
            (Some(o), Some(n)) => {
                let mut push = |change| out.push((subject.clone(), change));
                if o.method != n.method {
                    push(WebhookChange::MethodChanged {
                        old: o.method.clone(),
                        new: n.method.clone(),
                    });
                }
                if o.headers != n.headers {
                    push(WebhookChange::HeadersChanged {
                        old: o.headers.clone(),
                        new: n.headers.clone(),
                    });
                }
                if o.payload != n.payload {
                    push(WebhookChange::PayloadChanged {
                        old: o.payload.clone(),
                        new: n.payload.clone(),
                    });
                }
                if o.answer != n.answer {
                    push(WebhookChange::AnswerChanged {
                        old: o.answer.clone(),
                        new: n.answer.clone(),
                    });
                }
                if o.signature != n.signature {
                    push(WebhookChange::SignatureChanged {
                        old: o.signature.clone(),
                        new: n.signature.clone(),
                    });
                }
                if o.doc != n.doc {
                    push(WebhookChange::DocChanged);
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// The fields of the headers struct, from `wire: rust (...)` entries (the signature header has
/// no field).
fn header_fields(headers: &[String]) -> BTreeSet<&str> {
    headers
        .iter()
        .filter_map(|h| h.split_once(": ")?.1.split(' ').next())
        .filter(|rust| *rust != "(signature)")
        .collect()
}

impl WebhookChange {
    /// Breaking where code that compiled stops compiling (a function or a header field gone or
    /// added to the struct users build, a payload or answer type changed); a behaviour change
    /// where the same code verifies or answers differently.
    pub fn class(&self) -> Class {
        match self {
            WebhookChange::Added | WebhookChange::DocChanged => Class::Compatible,
            WebhookChange::Removed { .. } | WebhookChange::PayloadChanged { .. } => Class::Breaking,
            WebhookChange::HeadersChanged { old, new } => {
                if header_fields(old) != header_fields(new) {
                    Class::Breaking
                } else {
                    Class::Behaviour
                }
            }
            // The answer's type is the argument of `answer_*`; a status alone is behaviour.
            WebhookChange::AnswerChanged { old, new } => {
                let ty = |a: &str| a.split_once(' ').map(|(_, t)| t.to_owned());
                if ty(old) != ty(new) {
                    Class::Breaking
                } else {
                    Class::Behaviour
                }
            }
            WebhookChange::MethodChanged { .. } | WebhookChange::SignatureChanged { .. } => {
                Class::Behaviour
            }
        }
    }

    /// One sentence saying what changed and what it does to a receiver.
    pub fn describe(&self) -> String {
        let list = |items: &[String]| {
            if items.is_empty() {
                "none".to_owned()
            } else {
                items
                    .iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        match self {
            WebhookChange::Added => "notification added: its receiver, answer and signing functions are new".to_owned(),
            WebhookChange::Removed { functions } => {
                format!("notification removed: {} are gone", list(functions))
            }
            WebhookChange::MethodChanged { old, new } => {
                format!("the sender now uses {new} instead of {old} (the signing helpers follow)")
            }
            WebhookChange::HeadersChanged { old, new } => format!(
                "headers the sender sets {} -> {}: a notification without a required header is refused",
                list(old),
                list(new)
            ),
            WebhookChange::PayloadChanged { old, new } => {
                format!("the receiver now returns `{new}` instead of `{old}`")
            }
            WebhookChange::AnswerChanged { old, new } => {
                format!("the answer changed from `{old}` to `{new}`")
            }
            WebhookChange::SignatureChanged { old, new } => format!(
                "signature scheme changed from `{old}` to `{new}`: notifications signed the old way are refused"
            ),
            WebhookChange::DocChanged => "docs changed".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> WebhookSummary {
        WebhookSummary {
            name: "orderDecision".into(),
            method: "POST".into(),
            functions: vec!["receive_order_decision".into()],
            headers: vec![
                "X-Site: site (required)".into(),
                "X-Sig: (signature)".into(),
            ],
            payload: "Decision".into(),
            answer: "200 Answer".into(),
            signature: "sha256 hex in X-Sig over secret + header:X-Site + body".into(),
            doc: None,
        }
    }

    fn classes(old: Option<WebhookSummary>, new: Option<WebhookSummary>) -> Vec<(Class, String)> {
        let map = |s: Option<WebhookSummary>| {
            s.into_iter()
                .map(|s| ("orderDecision".to_owned(), s))
                .collect()
        };
        diff_webhooks(&map(old), &map(new))
            .into_iter()
            .map(|(subject, change)| {
                assert_eq!(subject, "webhook orderDecision");
                (change.class(), change.describe())
            })
            .collect()
    }

    #[test]
    fn adding_is_compatible_and_removing_breaks() {
        assert_eq!(classes(None, Some(summary()))[0].0, Class::Compatible);
        let removed = classes(Some(summary()), None);
        assert_eq!(removed[0].0, Class::Breaking);
        assert!(
            removed[0].1.contains("`receive_order_decision`"),
            "{}",
            removed[0].1
        );
        assert!(classes(Some(summary()), Some(summary())).is_empty());
    }

    #[test]
    fn a_new_header_field_breaks_a_changed_requirement_is_behaviour() {
        let mut added = summary();
        added.headers.push("X-Token: token (required)".into());
        assert_eq!(classes(Some(summary()), Some(added))[0].0, Class::Breaking);
        let mut optional = summary();
        optional.headers[0] = "X-Site: site (optional)".into();
        assert_eq!(
            classes(Some(summary()), Some(optional))[0].0,
            Class::Behaviour
        );
    }

    #[test]
    fn signature_payload_and_answer_changes() {
        let mut scheme = summary();
        scheme.signature = "hmac-sha256 hex in X-Sig over body".into();
        let found = classes(Some(summary()), Some(scheme));
        assert_eq!(found[0].0, Class::Behaviour);
        assert!(found[0].1.contains("refused"), "{}", found[0].1);
        let mut payload = summary();
        payload.payload = "Other".into();
        assert_eq!(
            classes(Some(summary()), Some(payload))[0].0,
            Class::Breaking
        );
        let mut status = summary();
        status.answer = "202 Answer".into();
        assert_eq!(
            classes(Some(summary()), Some(status))[0].0,
            Class::Behaviour
        );
        let mut body = summary();
        body.answer = "200".into();
        assert_eq!(classes(Some(summary()), Some(body))[0].0, Class::Breaking);
    }
}
