//! `<api>/testkit.rs` (cargo feature `test-kit`): the typed front end of the test kit engine
//! (`runtime/src/support/testkit/`): per operation a marker type implementing
//! `support::testkit::Operation`, its typed request, and one reply constructor per documented
//! example; a `Mock` with one rule builder per operation. Names come from the plan
//! (`lower/testkit.rs`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{doc_paragraph, docs, ident, value_type};
use super::operations::success_type;
use crate::ir::{Api, Operation, ResponseDef, TestKit, TestKitOperation, TestKitWebhook, Webhook};
use crate::lower::docs::code_span;
use crate::names;

/// The file `src/<api>/testkit.rs`.
pub fn testkit_file(api: &Api, kit: &TestKit, lib_name: &str) -> TokenStream {
    if api.operations.is_empty() {
        return notifications_only_file(api, kit, lib_name);
    }
    let ops: Vec<TokenStream> = api
        .operations
        .iter()
        .zip(&kit.operations)
        .map(|(op, kit_op)| operation_items(api, op, kit_op))
        .collect();
    let hooks = webhooks_items(api, kit, lib_name);
    let entries = kit.operations.iter().map(|k| {
        let marker = ident(&k.marker);
        quote!(crate::support::testkit::OperationEntry::of::<#marker>())
    });
    let rule_fns = api.operations.iter().zip(&kit.operations).map(|(op, k)| {
        let marker = ident(&k.marker);
        let rule_fn = ident(&k.rule_fn);
        let doc = docs(
            Some(&format!(
                "A rule for {} ([`{}`]); it takes effect at the end of the statement.",
                code_span(&format!("{} {}", op.method, op.path.text)),
                k.marker
            )),
            "",
        );
        quote! {
            #doc
            pub fn #rule_fn(&self) -> crate::support::testkit::RuleBuilder<'_, #marker> {
                self.engine.rule::<#marker>()
            }
        }
    });
    let api_name = &api.module;
    let base_url = &api.base_url;
    let schemas = &kit.schemas_json;
    let secrets = &kit.secret_headers;
    let first = &kit.operations[0];
    let first_op = &api.operations[0];
    let module_doc = format!(
        "A test kit for code that uses this API (cargo feature `test-kit`): a [`Mock`] that answers every operation as the spec documents it, checks every request against the spec, logs the calls and fails the test on drop when something was wrong.\n\nOne marker type per operation (e.g. [`{marker}`] for {route}) names the operation in rules ([`Mock::{rule}`]), in the call log ([`MockApi::calls_to`]) and offers one [`Reply`] per documented example. See [`crate::support::testkit`] for what the engine does with each request.",
        marker = first.marker,
        route = code_span(&format!("{} {}", first_op.method, first_op.path.text)),
        rule = first.rule_fn,
    );
    let mut module_doc = module_doc;
    if let Some(first) = kit.webhooks.first() {
        module_doc.push_str("\n\nThe other way, for the code receiving this API's notifications: ");
        module_doc.push_str(&notifications_doc(first));
    }
    let module_doc = super::common::inner_docs(&module_doc);
    let example = docs(Some(&mock_example(api, kit, lib_name)), "");
    let example_config = example_config(api);
    let use_types = super::use_types(api);
    quote! {
        #module_doc

        #use_types
        #[allow(unused_imports)]
        use super::operations::*;

        pub use crate::support::testkit::{
            CallRecord, Fault, MockApi, Problem, ProblemSource, Reply, RuleBuilder, RuleHandle,
            Times, TypedCall,
        };

        /// A mock of the API: rules per operation, the call log, the checks (see the module
        /// docs). Everything of [`MockApi`] is available
        /// through `Deref` (`calls`, `calls_to`, `verify`, `strict`, `handle`, `serve` ...).
        ///
        /// Dropping it fails the test (panics) when a request broke the spec, found no rule, or
        /// a rule's expectation is not met.
        #example
        #[derive(Debug)]
        pub struct Mock {
            engine: crate::support::testkit::MockApi,
        }

        impl Default for Mock {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::ops::Deref for Mock {
            type Target = crate::support::testkit::MockApi;
            fn deref(&self) -> &crate::support::testkit::MockApi {
                &self.engine
            }
        }

        impl Mock {
            /// A mock without rules: every operation answers its documented example.
            pub fn new() -> Self {
                static API: crate::support::testkit::ApiInfo = crate::support::testkit::ApiInfo {
                    name: #api_name,
                    base_url: #base_url,
                    schemas: #schemas,
                    secret_headers: &[#(#secrets),*],
                    operations: &[#(#entries),*],
                };
                Mock { engine: crate::support::testkit::MockApi::new(&API) }
            }

            /// A client whose requests this mock answers in process, without a socket. Its
            /// options are the defaults with jitter off, so retry waits are deterministic (run
            /// the test with tokio's paused clock to skip them).
            #[cfg(feature = "client")]
            pub fn client(&self, config: super::Config) -> super::Client {
                let mut options = crate::support::transport::ClientOptions::default();
                options.retry.jitter = false;
                self.client_with_options(config, &options)
            }

            /// [`Mock::client`] with the caller's options (timeout, retries, size limit).
            #[cfg(feature = "client")]
            pub fn client_with_options(&self, config: super::Config, options: &crate::support::transport::ClientOptions) -> super::Client {
                super::Client::with_transport(config, self.engine.transport(options))
            }

            #(#rule_fns)*
        }

        #example_config

        #(#ops)*

        #(#hooks)*
    }
}

/// What the kit offers for notifications, after "for the code receiving this API's
/// notifications: ".
fn notifications_doc(first: &TestKitWebhook) -> String {
    format!(
        "one function per notification (e.g. [`{}`]) makes it signed as the sender signs it, with the variants a receiver must refuse, and delivers it to your handler in process or over a socket (see [`Notification`](crate::support::testkit::Notification)).",
        first.notification_fn
    )
}

/// The notification constructors of every webhook of `api`.
fn webhooks_items<'a>(
    api: &'a Api,
    kit: &'a TestKit,
    lib_name: &'a str,
) -> impl Iterator<Item = TokenStream> + 'a {
    api.webhooks
        .iter()
        .zip(&kit.webhooks)
        .map(move |(hook, kit_hook)| webhook_items(api, hook, kit_hook, lib_name))
}

/// The kit of an API with webhooks and no operations: the notification constructors alone (no
/// `Mock`, which answers operations, and no `example_config`, as there is no `Config`).
fn notifications_only_file(api: &Api, kit: &TestKit, lib_name: &str) -> TokenStream {
    let hooks = webhooks_items(api, kit, lib_name);
    let module_doc = kit.webhooks.first().map(|first| {
        super::common::inner_docs(&format!(
            "A test kit for the code receiving this API's notifications (cargo feature `test-kit`): {}",
            notifications_doc(first)
        ))
    });
    let use_types = super::use_types(api);
    quote! {
        #module_doc

        #use_types

        #(#hooks)*
    }
}

/// `example_config(credentials)`: a `Config` with the spec's example of every required header
/// setting; nothing when one has no example (the spec then has to give it, or tests write their
/// own `Config`).
fn example_config(api: &Api) -> TokenStream {
    let required: Vec<_> = api.settings.iter().filter(|s| s.required).collect();
    let Some(values) = required
        .iter()
        .map(|s| s.example.as_deref())
        .collect::<Option<Vec<&str>>>()
    else {
        return quote!();
    };
    let listed = required
        .iter()
        .zip(&values)
        .map(|(s, value)| format!("{}: {}", code_span(&s.header), code_span(value)))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = docs(
        Some(&if listed.is_empty() {
            "A [`Config`] for tests: `credentials` and the default base URL. Pass it to `Mock::client`.".to_owned()
        } else {
            format!("A [`Config`] for tests: `credentials` and the spec's example of every required header ({listed}). Pass it to `Mock::client`.")
        }),
        "",
    );
    quote! {
        #doc
        pub fn example_config(credentials: crate::support::Credentials) -> super::Config {
            super::Config::new(credentials, #(#values),*)
        }
    }
}

/// The constructors of one notification's `Notification`: from a typed payload, and from the
/// spec's example payload when there is one. Signing is the webhooks module's; signing the
/// variants and delivering them is the runtime's (`support/testkit/deliver.rs`).
fn webhook_items(api: &Api, hook: &Webhook, kit: &TestKitWebhook, lib_name: &str) -> TokenStream {
    let notification_fn = ident(&kit.notification_fn);
    let headers_struct = ident(&hook.headers_struct);
    let scheme_const = ident(&hook.scheme_const);
    let sign_request = ident(&hook.sign_request_fn);
    let payload = value_type(api, &hook.payload);
    let answer = match &hook.answer.body {
        Some(body) => value_type(api, body),
        None => quote!(()),
    };
    let title = format!("`{}`", hook.operation_id);
    let answer_text = match &hook.answer.body {
        Some(_) => "the documented answer",
        None => "`()` (the spec documents no answer body)",
    };
    let doc = docs(
        Some(&format!(
            "For tests of the code receiving {title}: the notification with `payload`, signed with `secret` as the sender signs it, and its variants a receiver must refuse ([`Signing`](crate::support::testkit::Signing)). Deliver it to your handler in process ([`Notification::deliver`](crate::support::testkit::Notification::deliver)) or over a socket ([`Notification::deliver_to`](crate::support::testkit::Notification::deliver_to)); the answer reads as {answer_text}. Fails only on a header value that is not visible ASCII."
        )),
        "",
    );
    let typed = quote! {
        #doc
        pub fn #notification_fn(
            payload: &#payload,
            headers: &super::webhooks::#headers_struct,
            secret: impl AsRef<[u8]>,
        ) -> Result<crate::support::testkit::Notification<#answer>, crate::support::WebhookError> {
            // The generated payload types serialize infallibly (plain data with string keys).
            let body = serde_json::to_vec(payload).unwrap_or_default();
            let secret = secret.as_ref();
            crate::support::testkit::Notification::new(
                &super::webhooks::#scheme_const,
                super::webhooks::#sign_request(headers, body, secret)?,
                secret,
            )
        }
    };
    let Some(example) = &kit.example else {
        return typed;
    };
    let documented_fn = ident(&kit.documented_fn);
    let body = example.body.as_deref().unwrap_or("null");
    let mut doc = docs(
        Some(&format!(
            "For tests of the code receiving {title}: the documented notification (the payload of `{}`), signed with `secret`; see [`{}`].",
            example.source, kit.notification_fn
        )),
        "",
    );
    doc.extend(doc_paragraph(&documented_example(api, hook, kit, lib_name)));
    quote! {
        #typed

        #doc
        pub fn #documented_fn(
            headers: &super::webhooks::#headers_struct,
            secret: impl AsRef<[u8]>,
        ) -> Result<crate::support::testkit::Notification<#answer>, crate::support::WebhookError> {
            let secret = secret.as_ref();
            crate::support::testkit::Notification::new(
                &super::webhooks::#scheme_const,
                super::webhooks::#sign_request(headers, #body.as_bytes().to_vec(), secret)?,
                secret,
            )
        }
    }
}

/// The doc example of a documented notification: the receiver accepts the valid variant and
/// refuses the others.
fn documented_example(api: &Api, hook: &Webhook, kit: &TestKitWebhook, lib_name: &str) -> String {
    let module = names::bare(&api.module);
    let fields: Vec<String> = hook
        .headers
        .iter()
        .filter_map(|h| {
            let rust = h.rust.as_deref()?;
            let value = format!("{:?}", h.example.as_deref().unwrap_or("example"));
            Some(if h.required {
                format!("    {}: {value}.into(),\n", names::bare(rust))
            } else {
                format!("    {}: Some({value}.into()),\n", names::bare(rust))
            })
        })
        .collect();
    format!(
        "```\nuse {lib_name}::{module}::testkit::{documented};\nuse {lib_name}::{module}::webhooks::{{{receive}, {headers}}};\nuse {lib_name}::support::testkit::Signing;\nuse {lib_name}::support::WebhookSecrets;\n\nlet headers = {headers} {{\n{fields}}};\nlet notification = {documented}(&headers, \"test-secret\").unwrap();\nlet secrets = WebhookSecrets::new(\"test-secret\");\nassert!({receive}(&notification.request(Signing::Valid), &secrets).is_ok());\nfor refused in Signing::REFUSED {{\n    assert!({receive}(&notification.request(refused), &secrets).is_err());\n}}\n```",
        documented = kit.documented_fn,
        receive = hook.receive_request_fn,
        headers = hook.headers_struct,
        fields = fields.concat(),
    )
}

/// The doc example of `Mock`: a sequence with a fault and an expectation, the typed call log,
/// and, for an operation with a JSON body, a request the spec refuses.
fn mock_example(api: &Api, kit: &TestKit, lib_name: &str) -> String {
    let module = names::bare(&api.module);
    let (op, k) = (&api.operations[0], &kit.operations[0]);
    let mut text = format!(
        "```\nuse {lib_name}::{module}::testkit::{{Mock, {marker}}};\nuse {lib_name}::support::testkit::{{Fault, Times}};\n\nlet mock = Mock::new();\n// `{method} {path}`: first a 503 asking for a retry after 2 s, then a connection reset.\nmock.{rule}()\n    .status(503, Some(2))\n    .fault(Fault::Reset)\n    .expect(Times::AtMost(2));\nassert!(mock.calls_to::<{marker}>().is_empty());\n",
        marker = k.marker,
        method = op.method,
        path = op.path.text,
        rule = k.rule_fn,
    );
    // A request for an operation with a body and a plain path: `{}` breaks its schema.
    let plain = |c: char| c.is_ascii_alphanumeric() || "/-_.{}".contains(c);
    let with_body = api.operations.iter().zip(&kit.operations).find(|(op, k)| {
        op.request.is_some()
            && k.request_pointer.is_some()
            && op.path.text.chars().all(plain)
            && api
                .base_url
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ":/-_.".contains(c))
    });
    if let Some((op, k)) = with_body {
        let path: String = op
            .path
            .text
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "x"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        text.push_str(&format!(
            "\n// The sans-IO way in: a request the spec refuses is answered 400 and reported.\nlet request = {lib_name}::http::Request::builder()\n    .method(\"{method}\")\n    .uri(\"{base}{path}\")\n    .header(\"content-type\", \"application/json\")\n    .body(b\"[]\".to_vec().into())\n    .unwrap();\nassert_eq!(mock.handle(request).status(), 400);\nlet problems = mock.take_violations();\nassert!(!problems.is_empty(), \"{{problems:?}}\");\nassert_eq!(mock.calls()[0].operation, Some(\"{name}\"));\n",
            method = op.method,
            base = api.base_url.trim_end_matches('/'),
            name = names::bare(&op.rust),
        ));
        let _ = k;
    }
    text.push_str("```");
    text
}

fn operation_items(api: &Api, op: &Operation, kit: &TestKitOperation) -> TokenStream {
    let marker = ident(&kit.marker);
    let request = ident(&kit.request_struct);
    let body_field = ident(&kit.body_field);
    let name = names::bare(&op.rust);
    let method = op.method.as_str();
    let template = &op.path.text;
    let route = code_span(&format!("{method} {template}"));
    let has_body = op.request.is_some();
    let pointer = match &kit.request_pointer {
        Some(p) => quote!(Some(#p)),
        None => quote!(None),
    };
    let examples = kit.examples.iter().map(|e| {
        let (n, status) = (&e.name, e.status);
        let body = match &e.body {
            Some(b) => quote!(Some(#b)),
            None => quote!(None),
        };
        quote!(crate::support::testkit::ExampleInfo { name: #n, status: #status, body: #body })
    });
    // The typed request.
    let param_fields = op.path_params.iter().map(|p| {
        let field = ident(&p.rust);
        let doc = docs(
            p.doc.as_deref(),
            &format!("Path parameter {}.", code_span(&p.wire)),
        );
        quote! { #doc pub #field: String, }
    });
    let param_values: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let field = ident(&p.rust);
            let wire = &p.wire;
            quote! { #field: params.get(#wire).to_owned(), }
        })
        .collect();
    let body_ty = op.request.as_ref().map(|shape| value_type(api, shape));
    let body_decl = body_ty.as_ref().map(|ty| {
        quote! {
            /// The request body, read into its type.
            pub #body_field: #ty,
        }
    });
    let same_as_body: Vec<TokenStream> = op
        .path_params
        .iter()
        .filter_map(|p| {
            let field = p.body_field.as_ref()?;
            let (wire, member, key) = (&p.wire, ident(&field.rust), &field.wire);
            let pointer = format!("/{}", field.wire.replace('~', "~0").replace('/', "~1"));
            let message = format!("must equal the path parameter `{wire}` (`x-body-field`)");
            Some(quote! {
                if params.get(#wire) != typed.#member.as_str() {
                    problems.push(crate::support::testkit::Problem {
                        source: crate::support::testkit::ProblemSource::Validate,
                        pointer: #pointer.to_owned(),
                        rule: #key.to_owned(),
                        message: #message.to_owned(),
                    });
                }
            })
        })
        .collect();
    let mutable = (!same_as_body.is_empty()).then(|| quote!(mut));
    let read_body = match &body_ty {
        Some(ty) => quote! {
            let _ = params;
            let Some(json) = body else {
                return (None, Vec::new());
            };
            let (body, #mutable problems) = crate::support::testkit::read_body::<#ty>(json);
            let request = body.map(|typed| {
                #(#same_as_body)*
                #request { #(#param_values)* #body_field: typed }
            });
            (request, problems)
        },
        None => quote! {
            let _ = (params, body);
            (Some(#request { #(#param_values)* }), Vec::new())
        },
    };
    // Output and error encoding.
    let success_ty = success_type(api, op);
    let error_ty = match &op.error_enum {
        Some(e) => {
            let e = ident(e);
            quote!(#e)
        }
        None => quote!(std::convert::Infallible),
    };
    let encode_output = match &op.success_enum {
        Some(e) => {
            let e = ident(e);
            let arms = op.successes().map(|r| status_arm(&e, r, quote!(output)));
            quote! { match output { #(#arms)* } }
        }
        None => {
            let status = op.successes().next().map(|r| r.status).unwrap_or(200);
            match op.successes().next().and_then(|r| r.body.as_ref()) {
                Some(_) => {
                    quote! { crate::support::testkit::Canned::json(#status, serde_json::to_vec(output).ok()) }
                }
                None => {
                    quote! { let _ = output; crate::support::testkit::Canned::json(#status, None) }
                }
            }
        }
    };
    let encode_error = match &op.error_enum {
        Some(e) => {
            let e = ident(e);
            let arms = op.errors().map(|r| status_arm(&e, r, quote!(error)));
            quote! { match error { #(#arms)* } }
        }
        None => quote! { match *error {} },
    };
    let scenario_fns = kit.examples.iter().enumerate().map(|(index, e)| {
        let f = ident(&e.name);
        let doc = docs(
            Some(&format!(
                "The documented `{}` answer (`{}`, from `{}`).",
                e.name, e.status, e.source
            )),
            "",
        );
        quote! {
            #doc
            pub fn #f() -> crate::support::testkit::Reply<#marker> {
                Self::example(#index)
            }
        }
    });
    let has_examples = !kit.examples.is_empty();
    let example_fn = has_examples.then(|| {
        quote! {
            fn example(index: usize) -> crate::support::testkit::Reply<#marker> {
                let example = &<#marker as crate::support::testkit::Operation>::info().examples[index];
                let reply = crate::support::testkit::Reply::status(example.status);
                match example.body {
                    Some(body) => crate::support::testkit::Reply::json(example.status, &serde_json::from_str(body).unwrap_or_default()),
                    None => reply,
                }
            }
        }
    });
    let marker_doc = docs(
        Some(&format!(
            "The operation {route} (`{name}`) in the test kit: name it in rules (`Mock::{}`) and in the call log; its constructors give the documented answers.",
            kit.rule_fn
        )),
        "",
    );
    let request_doc = docs(
        Some(&format!(
            "A request for {route} as the test kit read it: the path parameters and the typed body. Rules match on it; the call log keeps it."
        )),
        "",
    );
    quote! {
        #marker_doc
        #[derive(Clone, Copy, Debug, Default)]
        pub struct #marker;

        #request_doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #request {
            #(#param_fields)*
            #body_decl
        }

        impl #marker {
            #example_fn
            #(#scenario_fns)*
        }

        impl crate::support::testkit::Operation for #marker {
            type Request = #request;
            type Output = #success_ty;
            type Error = #error_ty;

            fn info() -> &'static crate::support::testkit::OperationInfo {
                static INFO: crate::support::testkit::OperationInfo = crate::support::testkit::OperationInfo {
                    name: #name,
                    method: #method,
                    path_template: #template,
                    has_body: #has_body,
                    request_schema: #pointer,
                    examples: &[#(#examples),*],
                };
                &INFO
            }

            fn read(params: &crate::support::testkit::PathParams, body: Option<&serde_json::Value>) -> (Option<#request>, Vec<crate::support::testkit::Problem>) {
                #read_body
            }

            fn encode_output(output: &#success_ty) -> crate::support::testkit::Canned {
                #encode_output
            }

            fn encode_error(error: &#error_ty) -> crate::support::testkit::Canned {
                #encode_error
            }
        }
    }
}

/// A match arm encoding one status variant of a success or error enum.
fn status_arm(enum_name: &proc_macro2::Ident, r: &ResponseDef, _value: TokenStream) -> TokenStream {
    let variant = ident(&r.variant);
    let status = r.status;
    match &r.body {
        Some(_) => {
            let inner = format_ident!("inner");
            quote! { #enum_name::#variant(#inner) => crate::support::testkit::Canned::json(#status, serde_json::to_vec(#inner).ok()), }
        }
        None => {
            quote! { #enum_name::#variant => crate::support::testkit::Canned::json(#status, None), }
        }
    }
}
