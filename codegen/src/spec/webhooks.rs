//! The top-level OpenAPI 3.1 `webhooks`: notifications the API sends to the user, each an
//! operation with header parameters, a JSON request body (the payload), the receiver's answers
//! and an `x-signature` saying how the sender signs it (see spec/CONVENTIONS.md, "Webhooks").

use super::document::{
    deref, deref_named, json_schema, parse_status, read_parameter, refuse_optional_body, Parameter,
    Response,
};
use super::node::Node;
use super::schema::Schema;
use crate::error::{Diagnostic, Result};
use crate::ir::{HttpMethod, SignatureAlgorithm, SignatureEncoding};

/// One webhook: the notification the API sends under the key `name` of `webhooks`.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// JSON pointer of the operation (`/webhooks/orderDecision/post`).
    pub pointer: String,
    /// The key under `webhooks` (`orderDecision`).
    pub name: String,
    pub operation_id: String,
    pub method: HttpMethod,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The headers the sender sets (header parameters), in document order.
    pub headers: Vec<Parameter>,
    /// The payload (`requestBody`).
    pub payload: Schema,
    /// What the receiver answers.
    pub responses: Vec<Response>,
    pub signature: Signature,
}

/// `x-signature`: how the sender signs the notification.
#[derive(Debug, Clone)]
pub struct Signature {
    pub pointer: String,
    pub algorithm: SignatureAlgorithm,
    /// The header carrying the signature, as written.
    pub header: String,
    pub encoding: SignatureEncoding,
    /// The message parts in order, each located.
    pub parts: Vec<(String, MessagePart)>,
}

/// One part of the signed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessagePart {
    Secret,
    Body,
    /// The value of the named header.
    Header(String),
}

/// Parses `webhooks` (the node of the top-level key).
pub(super) fn parse_webhooks(root: &Node<'_>, webhooks: Node<'_>) -> Result<Vec<Webhook>> {
    let mut out = Vec::new();
    for (name, item) in webhooks.entries()? {
        let methods: Vec<&str> = HttpMethod::ALL.iter().map(|(_, key)| *key).collect();
        let mut allowed = methods.clone();
        allowed.extend(["summary", "description"]);
        item.only_keys(&allowed, &[])?;
        let entries = item.entries()?;
        let mut operations = entries
            .into_iter()
            .filter_map(|(key, op)| HttpMethod::from_key(&key).map(|m| (m, op)));
        let Some((method, op)) = operations.next() else {
            return Err(item.error(
                format!("webhook `{name}` has no operation"),
                "give the notification as one operation (usually `post`)",
            ));
        };
        if let Some((_, second)) = operations.next() {
            return Err(second.error(
                format!("webhook `{name}` has more than one operation"),
                "a webhook is one notification: keep the method the sender uses",
            ));
        }
        out.push(parse_webhook(root, &name, method, op)?);
    }
    Ok(out)
}

fn parse_webhook(root: &Node<'_>, name: &str, method: HttpMethod, op: Node<'_>) -> Result<Webhook> {
    op.only_keys(
        &[
            "operationId",
            "summary",
            "description",
            "tags",
            "parameters",
            "requestBody",
            "responses",
            "deprecated",
            "externalDocs",
        ],
        &["x-note", "x-signature", "x-unconfirmed"],
    )?;
    annotations(&op)?;
    let mut headers = Vec::new();
    if let Some(list) = op.get("parameters") {
        for param in list.array_items()? {
            let (node, _) = deref_named(root, param, "parameters")?;
            let (location, header) =
                read_parameter(&node, &["x-note", "x-unconfirmed", "x-sensitive"])?;
            annotations(&node)?;
            if location != "header" {
                return Err(node.require("in")?.error(
                    format!("webhook parameters `in: {location}` are not supported"),
                    "a notification's parameters are the headers the sender sets: use `in: header`",
                ));
            }
            headers.push(header);
        }
    }

    let body = deref(root, op.require("requestBody")?, "requestBodies")?;
    body.only_keys(&["content", "description", "required"], &[])?;
    refuse_optional_body(&body, "the receivers always parse one")?;
    let payload = json_schema(&body)?.ok_or_else(|| {
        body.error(
            "a webhook's request body must have JSON content",
            "give `content: {\"application/json\": {\"schema\": ...}}`: the payload the sender posts",
        )
    })?;

    let mut responses = Vec::new();
    for (status, response) in op.require("responses")?.entries()? {
        let pointer = response.pointer().to_owned();
        let node = deref(root, response, "responses")?;
        node.only_keys(&["description", "content", "headers"], &[])?;
        let status_code = parse_status(&status).ok_or_else(|| {
            Diagnostic::new(
                op.file,
                &pointer,
                format!("status `{status}` is not an HTTP status code"),
                "list responses by exact status code: three digits, 100 to 599",
            )
        })?;
        responses.push(Response {
            pointer,
            status: status_code,
            description: node.req_str("description")?,
            body: json_schema(&node)?,
        });
    }

    let signature = parse_signature(op.get("x-signature").ok_or_else(|| {
        op.error(
            format!("webhook `{name}` has no `x-signature`"),
            "declare how the sender signs the notification (spec/CONVENTIONS.md, \"Webhooks\"); an unsigned notification cannot be told from a forged one",
        )
    })?)?;

    Ok(Webhook {
        pointer: op.pointer().to_owned(),
        name: name.to_owned(),
        operation_id: op.req_str("operationId")?,
        method,
        summary: op.opt_str("summary")?,
        description: op.opt_str("description")?,
        headers,
        payload,
        responses,
        signature,
    })
}

/// `x-signature`: `{ "algorithm", "header", "encoding", "message": [...] }`.
fn parse_signature(node: Node<'_>) -> Result<Signature> {
    node.only_keys(&["algorithm", "header", "encoding", "message"], &["x-note"])?;
    annotations(&node)?;
    let algorithm_node = node.require("algorithm")?;
    let algorithm = match algorithm_node.string()?.as_str() {
        "sha256" => SignatureAlgorithm::Sha256,
        "hmac-sha256" => SignatureAlgorithm::HmacSha256,
        other => {
            return Err(algorithm_node.error(
                format!("signature algorithm `{other}` is not supported"),
                "use `sha256` (a plain digest of the message, the secret one of its parts) or `hmac-sha256` (keyed with the secret)",
            ))
        }
    };
    let encoding_node = node.require("encoding")?;
    let encoding = match encoding_node.string()?.as_str() {
        "hex" => SignatureEncoding::Hex,
        "base64" => SignatureEncoding::Base64,
        other => {
            return Err(encoding_node.error(
                format!("signature encoding `{other}` is not supported"),
                "use `hex` or `base64`",
            ))
        }
    };
    let mut parts = Vec::new();
    for item in node.require("message")?.array_items()? {
        let text = item.string()?;
        let part = match text.as_str() {
            "secret" => MessagePart::Secret,
            "body" => MessagePart::Body,
            other => match other.strip_prefix("header:") {
                Some(header) if !header.is_empty() => MessagePart::Header(header.to_owned()),
                _ => {
                    return Err(item.error(
                        format!("unknown message part `{other}`"),
                        "a message part is `secret`, `body` or `header:<Name>` (a header parameter of the webhook)",
                    ))
                }
            },
        };
        parts.push((item.pointer().to_owned(), part));
    }
    Ok(Signature {
        pointer: node.pointer().to_owned(),
        algorithm,
        header: node.req_str("header")?,
        encoding,
        parts,
    })
}

/// The curation annotations beside a webhook's keys: `x-note` text, `x-unconfirmed` a boolean.
fn annotations(node: &Node<'_>) -> Result<()> {
    if let Some(note) = node.get("x-note") {
        note.string()?;
    }
    match node.get("x-unconfirmed") {
        Some(flag) if !flag.value.is_boolean() => Err(flag.error(
            "expected a boolean",
            "write `\"x-unconfirmed\": true` where one source only shows it, and the reasoning in `x-note`",
        )),
        _ => Ok(()),
    }
}
