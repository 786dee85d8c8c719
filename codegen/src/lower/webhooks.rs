//! Webhooks (the notifications an API sends), lowered like operations: the payload and answer
//! types, the headers the sender sets, and the signature scheme of `x-signature`, checked for
//! consistency here so the emitter and the runtime can trust it. Every function, constant and
//! struct of the API's `webhooks` module is named and claimed here.

use super::namespace::{Namespace, Owner};
use super::Lowerer;
use crate::error::{Diagnostic, Result};
use crate::ir::{
    ResponseDef, SignatureAlgorithm, SignaturePart, SignatureScheme, Webhook, WebhookHeader,
};
use crate::names;
use crate::spec::{JsonType, MessagePart};

impl<'d> Lowerer<'d> {
    /// Lowers every webhook of the document, claiming its names in `items` (the module
    /// `webhooks`) and its headers struct among the module's types.
    pub(super) fn lower_webhooks(&mut self) -> Result<Vec<Webhook>> {
        let module = self.module.clone();
        let mut items = Namespace::of_items(format!("items of module `{module}::webhooks`"));
        let doc = self.doc;
        doc.webhooks
            .iter()
            .map(|hook| self.lower_webhook(hook, &mut items))
            .collect()
    }

    fn lower_webhook(
        &mut self,
        hook: &'d crate::spec::Webhook,
        items: &mut Namespace,
    ) -> Result<Webhook> {
        let file = self.doc.file.clone();
        let at = |pointer: &str, message: String, help: &str| {
            Diagnostic::new(&file, pointer, message, help)
        };
        let owner = Owner::new(
            format!("webhook `{}`", hook.operation_id),
            &file,
            &hook.pointer,
        );
        // `receive_type`, `sign_self_request`: prefixed, a keyword is a plain identifier again
        // (`stem`: `self_` loses its escape too, or `receive_self__request` fails `non_snake_case`).
        let rust = names::snake(&hook.operation_id)
            .map(|n| names::stem(&n).to_owned())
            .ok_or_else(|| {
                at(
                    &hook.pointer,
                    format!("operationId `{}` gives no Rust name", hook.operation_id),
                    "use a lowerCamelCase operationId",
                )
            })?;
        let pascal = names::pascal(&hook.operation_id).unwrap_or_default();
        let help = "give the webhook another operationId";
        let receive_fn = format!("receive_{rust}");
        let receive_request_fn = format!("receive_{rust}_request");
        let sign_fn = format!("sign_{rust}");
        let sign_request_fn = format!("sign_{rust}_request");
        let answer_fn = format!("answer_{rust}");
        let scheme_const = format!("{}_SIGNATURE", rust.to_ascii_uppercase());
        for name in [
            &receive_fn,
            &receive_request_fn,
            &sign_fn,
            &sign_request_fn,
            &answer_fn,
            &scheme_const,
        ] {
            items.claim(name, &owner, help)?;
        }
        let headers_struct = format!("{pascal}Headers");
        self.type_names.claim(
            &headers_struct,
            &owner,
            "rename the webhook or the type that takes its headers struct's name",
        )?;

        // The headers the sender sets; the signature header is found among them.
        let signature_header = hook
            .headers
            .iter()
            .position(|h| h.name.eq_ignore_ascii_case(&hook.signature.header))
            .ok_or_else(|| {
                at(
                    &hook.signature.pointer,
                    format!(
                        "the signature header `{}` is not a header parameter of the webhook",
                        hook.signature.header
                    ),
                    "declare it under `parameters` with `in: header` and `required: true`",
                )
            })?;
        let mut fields = Namespace::new(format!("fields of `{headers_struct}`"));
        let mut headers: Vec<WebhookHeader> = Vec::new();
        for (index, header) in hook.headers.iter().enumerate() {
            let located = |message: String, help: &str| at(&header.pointer, message, help);
            if !super::operations::is_header_name(&header.name) {
                return Err(located(
                    format!("`{}` is not a valid HTTP header name", header.name),
                    "use letters, digits and `-` (RFC 9110 token characters)",
                ));
            }
            if headers
                .iter()
                .any(|h| h.wire.eq_ignore_ascii_case(&header.name))
            {
                return Err(located(
                    format!("the header `{}` is declared twice", header.name),
                    "header names are case-insensitive: keep one parameter per header",
                ));
            }
            // A `$ref` to a string component is that string.
            let schema = self.referenced(&header.schema)?.unwrap_or(&header.schema);
            if schema.split_null().0 != [JsonType::String] {
                return Err(header.schema.error(
                    "webhook headers must be strings",
                    "use `\"type\": \"string\"`",
                ));
            }
            let rust = if index == signature_header {
                if !header.required {
                    return Err(located(
                        format!("the signature header `{}` must be required", header.name),
                        "set `required: true`: a notification without a signature is refused",
                    ));
                }
                None
            } else {
                let base = strip_x_prefix(&header.name);
                let name = names::snake(base).ok_or_else(|| {
                    located(
                        format!("header `{}` gives no Rust name", header.name),
                        "rename the header parameter",
                    )
                })?;
                let field_owner =
                    Owner::new(format!("header `{}`", header.name), &file, &header.pointer);
                fields.claim(&name, &field_owner, "rename the header parameter")?;
                Some(name)
            };
            headers.push(WebhookHeader {
                wire: header.name.clone(),
                rust,
                doc: header.description.clone(),
                required: header.required,
                sensitive: header.sensitive || self.is_sensitive(&header.schema)?,
                example: header.example.clone(),
            });
        }

        // The signed message: the body once, the secret once with a plain digest (never with
        // HMAC, whose key it is), only required headers other than the signature.
        let scheme = &hook.signature;
        let mut parts = Vec::new();
        let (mut secrets, mut bodies) = (0, 0);
        for (pointer, part) in &scheme.parts {
            parts.push(match part {
                MessagePart::Secret => {
                    secrets += 1;
                    if scheme.algorithm == SignatureAlgorithm::HmacSha256 {
                        return Err(at(
                            pointer,
                            "with `hmac-sha256` the secret is the key, not a message part".into(),
                            "remove `secret` from `message`",
                        ));
                    }
                    SignaturePart::Secret
                }
                MessagePart::Body => {
                    bodies += 1;
                    SignaturePart::Body
                }
                MessagePart::Header(name) => {
                    let index = headers
                        .iter()
                        .position(|h| h.wire.eq_ignore_ascii_case(name))
                        .ok_or_else(|| {
                            at(
                                pointer,
                                format!("`{name}` is not a header parameter of the webhook"),
                                "declare it under `parameters` with `in: header` and `required: true`",
                            )
                        })?;
                    if index == signature_header {
                        return Err(at(
                            pointer,
                            "the signature header cannot sign itself".into(),
                            "remove it from `message`",
                        ));
                    }
                    if !headers[index].required {
                        return Err(at(
                            pointer,
                            format!("the signed header `{name}` is not required"),
                            "set `required: true` on it: a signed header the sender may omit cannot be checked",
                        ));
                    }
                    SignaturePart::Header(index)
                }
            });
        }
        if bodies != 1 {
            return Err(at(
                &scheme.pointer,
                format!("`message` holds `body` {bodies} times"),
                "the raw body must be signed exactly once",
            ));
        }
        if scheme.algorithm == SignatureAlgorithm::Sha256 && secrets != 1 {
            return Err(at(
                &scheme.pointer,
                format!("`message` holds `secret` {secrets} times"),
                "a plain `sha256` digest must include the secret exactly once, or anyone could compute it",
            ));
        }

        let payload = self.body_shape(&hook.payload, &format!("{pascal}Payload"))?;

        let mut successes = hook
            .responses
            .iter()
            .filter(|r| (200..300).contains(&r.status));
        let (Some(answer), None) = (successes.next(), successes.next()) else {
            return Err(at(
                &hook.pointer,
                "a webhook documents exactly one 2xx answer".into(),
                "list the one success status the receiver sends (the sender retries on anything else)",
            ));
        };
        if let Some(other) = hook
            .responses
            .iter()
            .find(|r| !(200..300).contains(&r.status))
        {
            return Err(at(
                &other.pointer,
                format!("a webhook answer with status {} is not supported", other.status),
                "document only the 2xx answer: every other status means `not delivered` to the sender",
            ));
        }
        let body = answer
            .body
            .as_ref()
            .map(|body| self.body_shape(body, &format!("{pascal}Answer")))
            .transpose()?;
        Ok(Webhook {
            name: hook.name.clone(),
            operation_id: hook.operation_id.clone(),
            method: hook.method,
            summary: hook.summary.clone(),
            description: hook.description.clone(),
            receive_fn,
            receive_request_fn,
            sign_fn,
            sign_request_fn,
            answer_fn,
            scheme_const,
            headers_struct,
            headers,
            payload,
            answer: ResponseDef {
                status: answer.status,
                variant: String::new(),
                description: answer.description.clone(),
                body,
                boxed: false,
            },
            signature: SignatureScheme {
                algorithm: scheme.algorithm,
                header: signature_header,
                encoding: scheme.encoding,
                parts,
            },
        })
    }
}

/// `X-Forter-Token` -> `Forter-Token`: the `x-` of an extension header says nothing.
fn strip_x_prefix(name: &str) -> &str {
    match name.get(..2) {
        Some(prefix) if prefix.eq_ignore_ascii_case("x-") && name.len() > 2 => &name[2..],
        _ => name,
    }
}
