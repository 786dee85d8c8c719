//! Webhooks: the module `<api>::webhooks`, with per notification the signature scheme as a
//! constant, a receiver (headers + raw body, or an `http::Request`) that verifies then parses, an
//! answer builder, and signing helpers for tests. The logic is the runtime's
//! (`runtime/src/support/webhook.rs`); this file only writes the scheme and the calls.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc_paragraph, docs, ident, value_type};
use crate::ir::{Api, Shape, SignatureAlgorithm, SignaturePart, Ty, Webhook};
use crate::lower::docs::code_span;
use crate::names;

/// The module doc of `webhooks`: what a receiver must do besides verifying.
const MODULE_DOC: &str = "Receiving the notifications (webhooks) this API sends.

Per notification: a `receive_*` function that checks the signature over the raw request (the
headers and the body bytes exactly as received, so read the body as bytes, not through a JSON
extractor), then parses the payload; an `answer_*` function building the documented answer; and
`sign_*` helpers that produce a correctly signed notification for tests.

- **Secrets**: [`WebhookSecrets`](crate::support::WebhookSecrets) holds one secret, or several
  while one is rotated: a notification signed with any of them is accepted. Neither the secrets
  nor the body ever appear in `Debug`, `Display` or errors.
- **Answer 2xx only once the event is stored.** The sender counts only a 2xx answer as delivered
  and retries anything else, so store (or enqueue) the event first, then answer; on a failure to
  store, answer 5xx and the notification comes again.
- **Duplicates happen**: a retry after a lost answer delivers the same event twice. Process
  idempotently, keyed by the payload's identifiers (for an order decision: the order id and the
  decision), so a second delivery changes nothing.
- A refused notification ([`WebhookError`](crate::support::WebhookError)) is answered with
  [`WebhookError::status`](crate::support::WebhookError::status) (401 or 400).";

/// The file `src/<api>/webhooks.rs`.
pub fn webhooks_file(api: &Api) -> TokenStream {
    let module_doc = super::common::inner_docs(MODULE_DOC);
    let items = api.webhooks.iter().map(|hook| webhook_items(api, hook));
    let use_types = super::use_types(api);
    quote! {
        #module_doc

        #use_types

        #(#items)*
    }
}

/// The name a payload or answer type is shown under in docs and errors.
fn shape_name(api: &Api, shape: &Shape) -> String {
    match &shape.ty {
        Ty::Named(id) => api.ty(*id).name.clone(),
        _ => value_type(api, shape).to_string().replace(' ', ""),
    }
}

fn webhook_items(api: &Api, hook: &Webhook) -> TokenStream {
    let scheme = &hook.signature;
    let signature_header = &hook.headers[scheme.header].wire;
    let signature_code = code_span(signature_header);
    let scheme_const = ident(&hook.scheme_const);
    let headers_struct = ident(&hook.headers_struct);
    let receive = ident(&hook.receive_fn);
    let receive_request = ident(&hook.receive_request_fn);
    let sign = ident(&hook.sign_fn);
    let sign_request = ident(&hook.sign_request_fn);
    let answer = ident(&hook.answer_fn);
    let title = if hook.name == hook.operation_id {
        format!("`{}`", hook.operation_id)
    } else {
        format!(
            "`{}` (webhook {})",
            hook.operation_id,
            code_span(&hook.name)
        )
    };

    // The scheme constant.
    let (algorithm, algorithm_text) = match scheme.algorithm {
        SignatureAlgorithm::Sha256 => (quote!(Sha256), "SHA-256 of"),
        SignatureAlgorithm::HmacSha256 => {
            (quote!(HmacSha256), "HMAC-SHA256, keyed with the secret, of")
        }
    };
    let encoding = match scheme.encoding {
        crate::ir::SignatureEncoding::Hex => quote!(Hex),
        crate::ir::SignatureEncoding::Base64 => quote!(Base64),
    };
    let parts = scheme.parts.iter().map(|part| match part {
        SignaturePart::Secret => quote!(crate::support::SignaturePart::Secret),
        SignaturePart::Body => quote!(crate::support::SignaturePart::Body),
        SignaturePart::Header(index) => {
            let wire = &hook.headers[*index].wire;
            quote!(crate::support::SignaturePart::Header(#wire))
        }
    });
    let parts_text: Vec<String> = scheme
        .parts
        .iter()
        .map(|part| match part {
            SignaturePart::Secret => "the secret".to_owned(),
            SignaturePart::Body => "the raw body".to_owned(),
            SignaturePart::Header(index) => {
                format!("header {}", code_span(&hook.headers[*index].wire))
            }
        })
        .collect();
    let required: Vec<&str> = hook
        .headers
        .iter()
        .filter(|h| h.required)
        .map(|h| h.wire.as_str())
        .collect();
    let scheme_doc = docs(
        Some(&format!(
            "How {title} notifications are signed: {algorithm_text} {}, concatenated, written in {} in header {signature_code}.",
            parts_text.join(", "),
            scheme.encoding.as_str(),
        )),
        "",
    );

    // The headers struct: every header but the signature.
    let fields: Vec<_> = hook
        .headers
        .iter()
        .filter_map(|h| h.rust.as_ref().map(|rust| (h, ident(rust))))
        .collect();
    let field_decls = fields.iter().map(|(h, name)| {
        let mut doc = docs(h.doc.as_deref(), &format!("Header {}.", code_span(&h.wire)));
        if let Some(example) = &h.example {
            doc.extend(doc_paragraph(&format!("Example: {}.", code_span(example))));
        }
        let ty = if h.required {
            quote!(String)
        } else {
            quote!(Option<String>)
        };
        quote! { #doc pub #name: #ty, }
    });
    let debug_fields = fields.iter().map(|(h, name)| {
        let label = names::bare(h.rust.as_deref().unwrap_or_default());
        if h.sensitive {
            quote! { .field(#label, &crate::support::Redacted) }
        } else {
            quote! { .field(#label, &self.#name) }
        }
    });
    let struct_name = &hook.headers_struct;
    // The header values to sign: the required ones always, the optional ones when set.
    let required_values = fields.iter().filter(|(h, _)| h.required).map(|(h, name)| {
        let wire = &h.wire;
        quote! { (#wire, headers.#name.as_str()) }
    });
    let optional_values: Vec<TokenStream> = fields
        .iter()
        .filter(|(h, _)| !h.required)
        .map(|(h, name)| {
            let wire = &h.wire;
            quote! {
                if let Some(value) = &headers.#name {
                    values.push((#wire, value.as_str()));
                }
            }
        })
        .collect();
    let mutability = (!optional_values.is_empty()).then(|| quote!(mut));
    // A webhook whose only header is the signature signs no header value.
    let unused = fields.is_empty().then(|| quote! { let _ = headers; });
    let values_decl = quote! {
        #unused
        let #mutability values: Vec<(&'static str, &str)> = vec![#(#required_values),*];
        #(#optional_values)*
    };
    let headers_doc = docs(
        Some(&format!(
            "The headers the sender of {title} sets besides the signature {signature_code}: the input of [`{sign}`] and [`{sign_request}`]. `Debug` redacts the sensitive ones."
        )),
        "",
    );

    // The receivers.
    let payload = value_type(api, &hook.payload);
    let payload_name = shape_name(api, &hook.payload);
    let mut receive_doc = docs(
        Some(&format!(
            "Receives {title}{}",
            hook.summary
                .as_deref()
                .map(|s| format!(": {s}"))
                .unwrap_or_default()
        )),
        "",
    );
    if let Some(description) = &hook.description {
        receive_doc.extend(doc_paragraph(description));
    }
    receive_doc.extend(doc_paragraph(&format!(
        "Checks, in this order: the headers the sender always sets ({}) are each present once, in visible ASCII (else [`MissingHeader`](crate::support::WebhookError::MissingHeader) or [`MalformedHeader`](crate::support::WebhookError::MalformedHeader)); the signature ([`{}`]) is valid under one of `secrets`, compared in constant time (else [`BadSignature`](crate::support::WebhookError::BadSignature)); then parses `body` as [`{payload_name}`] (else [`BadBody`](crate::support::WebhookError::BadBody)). `body` must be the raw bytes as received.",
        required.iter().map(|h| code_span(h)).collect::<Vec<_>>().join(", "),
        hook.scheme_const,
    )));
    let receive_request_doc = docs(
        Some(&format!(
            "Receives {title} from a whole request: [`{}`] over its headers and body.",
            hook.receive_fn
        )),
        "",
    );

    // The answer.
    let status = hook.answer.status;
    let answer_doc_text = format!(
        "The answer to {title} (status {status}). {}. Send it only once the event is stored: the sender counts it as delivered and will not send the notification again.",
        hook.answer.description.trim_end_matches('.')
    );
    let answer_fn = match &hook.answer.body {
        Some(body) => {
            let ty = value_type(api, body);
            let doc = docs(Some(&answer_doc_text), "");
            quote! {
                #doc
                pub fn #answer(answer: &#ty) -> http::Response<Vec<u8>> {
                    crate::support::json_answer(#status, answer)
                }
            }
        }
        None => {
            let doc = docs(Some(&answer_doc_text), "");
            quote! {
                #doc
                pub fn #answer() -> http::Response<Vec<u8>> {
                    crate::support::empty_answer(#status)
                }
            }
        }
    };

    // The signing helpers.
    let method = ident(hook.method.as_str());
    let sign_request_doc = docs(
        Some(&format!(
            "For tests: {title} as the sender delivers it, signed with `secret`: `{}` to `/`, with the values of `headers`, `content-type: application/json`, {signature_code}, and `body` (serialize a [`{payload_name}`], or write any bytes to test a refusal). Fails only on a header value that is not visible ASCII.",
            hook.method
        )),
        "",
    );
    let sign_doc = docs(
        Some(&format!(
            "For tests: the headers of {title} with `body`, signed with `secret` (see [`{}`]).",
            hook.sign_request_fn
        )),
        "",
    );

    quote! {
        #scheme_doc
        pub const #scheme_const: crate::support::SignatureScheme = crate::support::SignatureScheme {
            algorithm: crate::support::SignatureAlgorithm::#algorithm,
            header: #signature_header,
            encoding: crate::support::SignatureEncoding::#encoding,
            parts: &[#(#parts),*],
            required_headers: &[#(#required),*],
        };

        #headers_doc
        #[derive(Clone, PartialEq, Eq)]
        pub struct #headers_struct {
            #(#field_decls)*
        }

        impl std::fmt::Debug for #headers_struct {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#struct_name)
                    #(#debug_fields)*
                    .finish()
            }
        }

        #receive_doc
        pub fn #receive(
            headers: &http::HeaderMap,
            body: &[u8],
            secrets: &crate::support::WebhookSecrets,
        ) -> Result<#payload, crate::support::WebhookError> {
            crate::support::verify_signature(&#scheme_const, headers, body, secrets)?;
            crate::support::parse_payload(body, #payload_name)
        }

        #receive_request_doc
        pub fn #receive_request<B: AsRef<[u8]>>(
            request: &http::Request<B>,
            secrets: &crate::support::WebhookSecrets,
        ) -> Result<#payload, crate::support::WebhookError> {
            #receive(request.headers(), request.body().as_ref(), secrets)
        }

        #answer_fn

        #sign_request_doc
        pub fn #sign_request(
            headers: &#headers_struct,
            body: impl Into<Vec<u8>>,
            secret: impl AsRef<[u8]>,
        ) -> Result<http::Request<Vec<u8>>, crate::support::WebhookError> {
            #values_decl
            crate::support::sign_request(
                &#scheme_const,
                http::Method::#method,
                secret.as_ref(),
                &values,
                body.into(),
            )
        }

        #sign_doc
        pub fn #sign(
            headers: &#headers_struct,
            body: &[u8],
            secret: impl AsRef<[u8]>,
        ) -> Result<http::HeaderMap, crate::support::WebhookError> {
            #sign_request(headers, body, secret).map(|request| request.into_parts().0.headers)
        }
    }
}
