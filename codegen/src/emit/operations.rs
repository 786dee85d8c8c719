//! Operations: the per-API `Config`, one `build_*` (typed input -> `http::Request`) and one
//! `parse_*` (`http::Response` -> typed result per documented status) per operation, and the async
//! `Client` that joins them over HTTP.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::common::{doc_paragraph, docs, ident, value_type};
use crate::ir::{Api, Operation, PathPart, ResponseDef};
use crate::lower::docs::code_span;
use crate::names;

/// The type an operation returns on success (what `parse_*` gives; the test kit's replies too).
pub(super) fn success_type(api: &Api, op: &Operation) -> TokenStream {
    if let Some(name) = &op.success_enum {
        let name = ident(name);
        return quote!(#name);
    }
    match op.successes().next() {
        Some(ResponseDef {
            body: Some(body), ..
        }) => value_type(api, body),
        _ => quote!(()),
    }
}

/// The documented-error type of an operation.
fn error_type(op: &Operation) -> TokenStream {
    match &op.error_enum {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(std::convert::Infallible),
    }
}

/// An enum with one variant per status, for the success or the error side.
fn status_enum(api: &Api, name: &Ident, doc: &str, responses: &[&ResponseDef]) -> TokenStream {
    let variants = responses.iter().map(|r| {
        let variant = ident(&r.variant);
        let doc = docs(Some(&format!("{}: {}", r.status, r.description)), "");
        match &r.body {
            Some(body) => {
                let ty = value_type(api, body);
                if r.boxed {
                    quote! { #doc #variant(Box<#ty>), }
                } else {
                    quote! { #doc #variant(#ty), }
                }
            }
            None => quote! { #doc #variant, },
        }
    });
    let doc = docs(Some(doc), "");
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// `status()`, `Display` (a bounded summary: status, reason and the variant's name, never the
/// body), `std::error::Error` and `ApiError` for an operation's error enum.
fn error_enum_impls(name: &Ident, responses: &[&ResponseDef]) -> TokenStream {
    let status_arms = responses.iter().map(|r| {
        let variant = ident(&r.variant);
        let status = r.status;
        match r.body {
            Some(_) => quote! { Self::#variant(_) => #status, },
            None => quote! { Self::#variant => #status, },
        }
    });
    let display_arms = responses.iter().map(|r| {
        let variant = ident(&r.variant);
        let status = r.status;
        let label = format!(
            "{}::{}",
            names::bare(&name.to_string()),
            names::bare(&r.variant)
        );
        match r.body {
            Some(_) => quote! {
                Self::#variant(_) => crate::support::write_api_error(f, #status, #label),
            },
            None => quote! {
                Self::#variant => crate::support::write_api_error(f, #status, #label),
            },
        }
    });
    quote! {
        impl #name {
            /// The HTTP status of the answer.
            pub fn status(&self) -> u16 {
                match self {
                    #(#status_arms)*
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#display_arms)*
                }
            }
        }

        impl std::error::Error for #name {}

        impl crate::support::ApiError for #name {
            fn status(&self) -> u16 {
                #name::status(self)
            }
        }
    }
}

fn operation_items(api: &Api, op: &Operation) -> TokenStream {
    let mut items = TokenStream::new();
    let (successes, errors): (Vec<&ResponseDef>, Vec<&ResponseDef>) =
        op.responses.iter().partition(|r| r.is_success());
    let build = ident(&op.build_fn);
    let parse = ident(&op.parse_fn);
    if let Some(name) = &op.success_enum {
        let doc = format!(
            "The documented successful answers of `{}`.",
            op.operation_id
        );
        items.extend(status_enum(api, &ident(name), &doc, &successes));
    }
    if let Some(name) = &op.error_enum {
        let doc = format!(
            "The documented error answers of `{}`. `Display` is a bounded summary (the HTTP status and the variant), never the body: read it from the variant (its `Debug` redacts sensitive fields).",
            op.operation_id
        );
        let name = ident(name);
        items.extend(status_enum(api, &name, &doc, &errors));
        items.extend(error_enum_impls(&name, &errors));
    }

    // build_*
    let title = format!("{} {}", op.method, op.path.text);
    let summary = op
        .summary
        .as_deref()
        .map(|s| format!(": {s}"))
        .unwrap_or_default();
    let mut doc = docs(
        Some(&format!(
            "Builds the request of {}{summary}",
            code_span(&title)
        )),
        "",
    );
    if let Some(description) = &op.description {
        doc.extend(doc_paragraph(description));
    }
    doc.extend(doc_paragraph(&format!(
        "Sans-IO: send it with any HTTP client and read the answer with [`{parse}`] (the body is a [`Body`](crate::support::Body), whose `Debug` shows only its length). Fails, without building anything, when a path parameter or the body breaks a constraint of the spec (every violation is listed, path parameters first) or the configuration cannot make a valid request."
    )));
    let param_decls: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.rust);
            quote!(#name: &str)
        })
        .collect();
    // The path is concatenated from its parts (never a `format!` string, so braces or quotes in
    // the literal text stay text); every parameter is validated and percent-encoded.
    let path_parts = op.path.parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(#text),
        PathPart::Param(index) => {
            let param = &op.path_params[*index];
            let name = ident(&param.rust);
            let wire = &param.wire;
            quote!(&crate::support::path_param(#wire, #name, &mut violations))
        }
    });
    let param_docs = op.path_params.iter().map(|p| {
        let same = p
            .body_field
            .as_ref()
            .map(|f| {
                format!(
                    " Must equal the body's {}, or the request is refused.",
                    code_span(&f.wire)
                )
            })
            .unwrap_or_default();
        let text = format!(
            "- `{}`: {}{same}",
            names::bare(&p.rust),
            p.doc.as_deref().unwrap_or("path parameter")
        );
        docs(Some(&text), "")
    });
    let has_params = !op.path_params.is_empty();
    let params_heading = has_params
        .then(|| doc_paragraph("Path parameters (percent-encoded, each stays one path segment):"));
    // A path parameter that repeats a body property (`x-body-field`) must equal it.
    let same_as_body: Vec<TokenStream> = op
        .path_params
        .iter()
        .filter_map(|p| {
            let field = p.body_field.as_ref()?;
            let (name, member) = (ident(&p.rust), ident(&field.rust));
            let (wire, key) = (&p.wire, &field.wire);
            Some(quote! { crate::support::path_matches_body(#wire, #name, #key, &body.#member, &mut violations); })
        })
        .collect();
    // A path parameter's or header setting's own rules (`maxLength`, `pattern`, `format`), as a
    // body field's; a header setting only when it is sent.
    let mut param_checks: Vec<TokenStream> = op
        .path_params
        .iter()
        .filter_map(|p| {
            let rules = super::validate::str_rules_of(&p.constraints, p.values.as_deref())?;
            let (name, wire) = (ident(&p.rust), &p.wire);
            Some(
                quote! { crate::support::check_parameter(#wire, #name, &#rules, &mut violations); },
            )
        })
        .collect();
    param_checks.extend(op.headers.iter().filter_map(|index| {
        let setting = &api.settings[*index];
        let rules = super::validate::str_rules_of(&setting.constraints, setting.values.as_deref())?;
        let (field, header) = (ident(&setting.rust), &setting.header);
        Some(match setting.required {
            true => quote! { crate::support::check_parameter(#header, &config.#field, &#rules, &mut violations); },
            false => quote! {
                if let Some(value) = &config.#field {
                    crate::support::check_parameter(#header, value, &#rules, &mut violations);
                }
            },
        })
    }));
    let allow_unrecognized = ident(names::fixed::ALLOW_UNRECOGNIZED);
    // Path parameters and body are checked together: every violation is listed at once.
    // A body whose type's `Validate` is not all of its rules (an alias with its own bounds or
    // counts) is checked here, with the rules written out.
    let body_check = op.request.as_ref().and_then(|shape| {
        let check = super::validate::check_shape(api, shape);
        let by_type = check.is_empty() || super::validate::checked_by_its_type(api, shape);
        (!by_type).then_some(check)
    });
    let (body_decl, body_value, content_type) = match &op.request {
        Some(shape) => {
            let ty = value_type(api, shape);
            let serialize = match &body_check {
                None => {
                    quote! { let body = crate::support::json_body(body, config.#allow_unrecognized, violations)?; }
                }
                Some(check) => quote! {
                    {
                        let path = &mut crate::support::FieldPath::new(config.#allow_unrecognized);
                        let (value, out) = (body, &mut violations);
                        #check
                    }
                    let body = crate::support::checked_json_body(body, violations)?;
                },
            };
            (
                quote!(body: &#ty,),
                quote! {
                    #(#same_as_body)*
                    #serialize
                },
                quote!(.header(http::header::CONTENT_TYPE, "application/json")),
            )
        }
        None => (
            quote!(),
            quote!(let body = crate::support::no_body(violations)?;),
            quote!(),
        ),
    };
    let violations_decl = if has_params || body_check.is_some() || !param_checks.is_empty() {
        quote!(let mut violations = Vec::new();)
    } else {
        quote!(let violations = Vec::new();)
    };
    let method = ident(op.method.as_str());
    let settings: Vec<_> = op
        .headers
        .iter()
        .map(|index| &api.settings[*index])
        .collect();
    // A header marked `x-sensitive` is flagged sensitive in the request (its `Debug` hides it).
    let headers = settings.iter().filter(|s| s.required).map(|setting| {
        let field = ident(&setting.rust);
        let name = &setting.header;
        let sensitive = setting.sensitive;
        quote! { .header(#name, crate::support::config_header(#name, &config.#field, #sensitive)?) }
    });
    // An optional header is sent only when configured.
    let optional_headers: Vec<TokenStream> = settings
        .iter()
        .filter(|s| !s.required)
        .map(|setting| {
            let field = ident(&setting.rust);
            let name = &setting.header;
            let sensitive = setting.sensitive;
            quote! {
                if let Some(value) = &config.#field {
                    builder = builder.header(#name, crate::support::config_header(#name, value, #sensitive)?);
                }
            }
        })
        .collect();
    let mutable = (!optional_headers.is_empty()).then(|| quote!(mut));
    items.extend(quote! {
        #doc
        #params_heading
        #(#param_docs)*
        pub fn #build(config: &Config, #(#param_decls,)* #body_decl) -> Result<http::Request<crate::support::Body>, crate::support::RequestError> {
            #violations_decl
            #(#param_checks)*
            let path: String = [#(#path_parts),*].concat();
            #body_value
            let #mutable builder = crate::support::request_builder(http::Method::#method, &crate::support::url(&config.base_url, &path), &config.credentials)
                #content_type
                #(#headers)*;
            #(#optional_headers)*
            crate::support::finish(builder, body)
        }
    });

    // parse_*
    let success_ty = success_type(api, op);
    let error_ty = error_type(op);
    let error_name = op.error_enum.as_deref().map(ident);
    let response_name = op.success_enum.as_deref().map(ident);
    let arms = op.responses.iter().map(|r| {
        let status = r.status;
        let variant = ident(&r.variant);
        let decoded = r.body.as_ref().map(|body| {
            let ty = value_type(api, body);
            let expected = ty.to_string().replace(' ', "");
            let decoded = quote!(crate::support::decode::<#ty, #error_ty>(response, #expected)?);
            if r.boxed {
                quote!(Box::new(#decoded))
            } else {
                decoded
            }
        });
        let value = match (r.is_success(), op.success_enum.is_some(), decoded) {
            (true, false, Some(decoded)) => quote!(Ok(#decoded)),
            (true, false, None) => quote!(Ok(())),
            (true, true, Some(decoded)) => quote!(Ok(#response_name::#variant(#decoded))),
            (true, true, None) => quote!(Ok(#response_name::#variant)),
            (false, _, Some(decoded)) => {
                quote!(Err(crate::support::api_error(response, #error_name::#variant(#decoded))))
            }
            (false, _, None) => {
                quote!(Err(crate::support::api_error(response, #error_name::#variant)))
            }
        };
        quote! { #status => #value, }
    });
    let statuses: Vec<String> = op.responses.iter().map(|r| r.status.to_string()).collect();
    let parse_doc = docs(
        Some(&format!(
            "Reads the answer to [`{build}`]: the documented statuses ({}) become typed values; any other status, or a body that does not parse as documented, is an error that says what was expected.",
            statuses.join(", ")
        )),
        "",
    );
    // A documented error body is returned by value inside `Error::Api` (matched as
    // `Error::Api { error: <Op>Error::<Status>(body), .. }`); with the response's headers beside
    // it, a large body (Forter's `ErrorResponse`) passes clippy's 128-byte `Err` threshold.
    // Boxing it would make those matches impossible, so the lint is allowed where it applies.
    let allow_large_err = op
        .error_enum
        .is_some()
        .then(|| quote!(#[allow(clippy::result_large_err)]));
    items.extend(quote! {
        #parse_doc
        #allow_large_err
        pub fn #parse(response: &http::Response<Vec<u8>>) -> Result<#success_ty, crate::support::Error<#error_ty>> {
            match response.status().as_u16() {
                #(#arms)*
                _ => Err(crate::support::unexpected(response)),
            }
        }
    });
    items
}

/// `operations.rs` of one API: config, and build/parse per operation.
pub fn operations_file(api: &Api) -> TokenStream {
    let base_url = &api.base_url;
    let auth_doc = api
        .auth
        .as_ref()
        .and_then(|a| a.description.as_deref())
        .map(|d| format!("Authentication (HTTP basic): {d}"))
        .unwrap_or_default();
    let fields = api.settings.iter().map(|s| {
        let name = ident(&s.rust);
        let doc = docs(
            s.doc.as_deref(),
            &format!("Header {}.", code_span(&s.header)),
        );
        let ty = if s.required {
            quote!(String)
        } else {
            quote!(Option<String>)
        };
        quote! { #doc #name: #ty, }
    });
    // Headers marked `x-sensitive` print redacted, like the credentials.
    let debug_fields = api.settings.iter().map(|s| {
        let name = ident(&s.rust);
        let label = names::bare(&s.rust);
        if s.sensitive {
            quote! { .field(#label, &crate::support::Redacted) }
        } else {
            quote! { .field(#label, &self.#name) }
        }
    });
    let required: Vec<_> = api.settings.iter().filter(|s| s.required).collect();
    let new_params = required.iter().map(|s| {
        let name = ident(&s.rust);
        quote!(#name: impl Into<String>)
    });
    let new_inits = api.settings.iter().map(|s| {
        let name = ident(&s.rust);
        if s.required {
            quote!(#name: #name.into(),)
        } else {
            quote!(#name: None,)
        }
    });
    let setting_docs = required.iter().map(|s| {
        let example = s
            .example
            .as_deref()
            .map(|e| format!(" (e.g. {})", code_span(e)))
            .unwrap_or_default();
        let text = format!(
            "- `{}`: header {}{example}. {}",
            names::bare(&s.rust),
            code_span(&s.header),
            s.doc.as_deref().unwrap_or("")
        );
        docs(Some(text.trim_end()), "")
    });
    let optional_setters = api.settings.iter().filter_map(|s| {
        let name = ident(&s.rust);
        let setter = ident(s.setter.as_deref()?);
        let doc = docs(
            s.doc.as_deref(),
            &format!("Sets header {}.", code_span(&s.header)),
        );
        Some(quote! {
            #doc
            pub fn #setter(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(value.into());
                self
            }
        })
    });
    let getters = api.settings.iter().map(|s| {
        let name = ident(&s.rust);
        let doc = docs(
            Some(&format!(
                "The value sent as header {}.",
                code_span(&s.header)
            )),
            "",
        );
        if s.required {
            quote! { #doc pub fn #name(&self) -> &str { &self.#name } }
        } else {
            quote! { #doc pub fn #name(&self) -> Option<&str> { self.#name.as_deref() } }
        }
    });
    let new_doc = docs(
        Some(&format!(
            "A configuration for the default base URL <{base_url}>.{}{}",
            if auth_doc.is_empty() {
                String::new()
            } else {
                format!("\n\n{auth_doc}")
            },
            if required.is_empty() {
                String::new()
            } else {
                "\n\nHeaders sent with every request:".to_owned()
            }
        )),
        "",
    );
    let operations = api.operations.iter().map(|op| operation_items(api, op));
    let allow_unrecognized = ident(names::fixed::ALLOW_UNRECOGNIZED);
    let allow_label = names::fixed::ALLOW_UNRECOGNIZED;
    let use_types = super::use_types(api);
    quote! {
        //! Request builders and response parsers, one pair per operation (sans-IO).

        #use_types

        /// Where and how to reach the API: base URL, credentials and the headers sent with every
        /// request. `Debug` never shows the credentials.
        #[derive(Clone)]
        pub struct Config {
            base_url: String,
            credentials: crate::support::Credentials,
            #allow_unrecognized: bool,
            #(#fields)*
        }

        impl std::fmt::Debug for Config {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Config")
                    .field("base_url", &self.base_url)
                    .field("credentials", &self.credentials)
                    .field(#allow_label, &self.#allow_unrecognized)
                    #(#debug_fields)*
                    .finish()
            }
        }

        impl Config {
            /// The spec's server.
            pub const DEFAULT_BASE_URL: &'static str = #base_url;

            #new_doc
            #(#setting_docs)*
            pub fn new(credentials: crate::support::Credentials, #(#new_params),*) -> Self {
                Config { base_url: Self::DEFAULT_BASE_URL.to_owned(), credentials, #allow_unrecognized: false, #(#new_inits)* }
            }

            /// Lets request bodies carry enum values this crate does not know (`Unrecognized`,
            /// made with an enum's `from_wire`): off by default, so `build_*` refuses them as a
            /// likely typo. Turn it on to send a value the API added after this crate was generated.
            pub fn #allow_unrecognized(mut self, allow: bool) -> Self {
                self.#allow_unrecognized = allow;
                self
            }

            /// Uses another base URL (a sandbox, a white-label host, a test server).
            ///
            /// Refused (`RequestError::InvalidConfig`) unless it starts with `http://` or
            /// `https://` and has a host, and no query, fragment, user name or password.
            pub fn with_base_url(mut self, base_url: impl Into<String>) -> Result<Self, crate::support::RequestError> {
                self.base_url = crate::support::base_url(base_url.into())?;
                Ok(self)
            }

            #(#optional_setters)*

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #(#getters)*
        }

        #(#operations)*
    }
}

/// `client.rs` of one API: the async client (cargo feature `client`).
pub fn client_file(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|op| {
        let name = ident(&op.rust);
        let with_response = ident(&op.with_response_fn);
        let build = ident(&op.build_fn);
        let parse = ident(&op.parse_fn);
        let success = success_type(api, op);
        let error = error_type(op);
        let params: Vec<Ident> = op.path_params.iter().map(|p| ident(&p.rust)).collect();
        let body_decl = op.request.as_ref().map(|shape| {
            let ty = value_type(api, shape);
            quote!(body: &#ty)
        });
        let body_arg = op.request.as_ref().map(|_| quote!(body));
        let summary = op.summary.as_deref().map(|s| format!(": {s}")).unwrap_or_default();
        let route = code_span(&format!("{} {}", op.method, op.path.text));
        let doc = docs(Some(&format!("{route}{summary}\n\nSee [`{build}`] and [`{parse}`]; [`Client::{}`] also gives the status and headers.", names::bare(&op.with_response_fn))), "");
        let with_response_doc = docs(Some(&format!("{route}, with the answer's status and headers beside the typed body (request ids, rate limits).\n\nSee [`Client::{}`].", names::bare(&op.rust))), "");
        let operation_name = names::bare(&op.rust);
        let path_template = &op.path.text;
        let send = quote! {
            self.transport
                .send_operation(crate::support::transport::Operation { name: #operation_name, path_template: #path_template }, request)
                .await
                .map_err(crate::support::Error::Transport)?
        };
        quote! {
            #doc
            pub async fn #name(&self, #(#params: &str,)* #body_decl) -> Result<#success, crate::support::Error<#error>> {
                let request = #build(&self.config, #(#params,)* #body_arg)?;
                let response = #send;
                #parse(&response)
            }

            #with_response_doc
            pub async fn #with_response(&self, #(#params: &str,)* #body_decl) -> Result<crate::support::ApiResponse<#success>, crate::support::Error<#error>> {
                let request = #build(&self.config, #(#params,)* #body_arg)?;
                let response = #send;
                crate::support::ApiResponse::parse(&response, #parse)
            }
        }
    });
    let title = format!(
        "Async client of the {}: every operation, over HTTPS with timeouts, retries and a response size limit.",
        api.title
    );
    let doc = docs(Some(&title), "");
    let use_types = super::use_types(api);
    quote! {
        //! The async client (cargo feature `client`).

        #use_types
        use super::operations::*;

        #doc
        #[cfg_attr(docsrs, doc(cfg(feature = "client")))]
        #[derive(Clone, Debug)]
        pub struct Client {
            config: Config,
            transport: crate::support::transport::Transport,
        }

        impl Client {
            /// A client with default options (30 s timeout, 10 s connect timeout, 2 retries where
            /// safe, responses up to 10 MiB).
            pub fn new(config: Config) -> Result<Self, crate::support::TransportError> {
                Self::with_options(config, &crate::support::transport::ClientOptions::default())
            }

            /// A client with explicit timeouts, retry policy, user agent and response size limit.
            pub fn with_options(config: Config, options: &crate::support::transport::ClientOptions) -> Result<Self, crate::support::TransportError> {
                Ok(Client { config, transport: crate::support::transport::Transport::new(options)? })
            }

            /// A client over the caller's `reqwest::Client` (proxy, TLS roots and identity, shared
            /// connection pool). The timeout, user agent, response size limit and retry policy
            /// of `options` apply to each request; the rest is that client's own configuration.
            ///
            /// Build it with `.redirect(reqwest::redirect::Policy::none())`: reqwest follows
            /// redirects by default, and a documented 3xx answer must reach the parser.
            pub fn with_http_client(config: Config, http: reqwest::Client, options: &crate::support::transport::ClientOptions) -> Result<Self, crate::support::TransportError> {
                Ok(Client { config, transport: crate::support::transport::Transport::with_http_client(http, options)? })
            }

            /// A client over a prepared [`Transport`](crate::support::transport::Transport), e.g.
            /// one whose attempts go to an in-process
            /// [`Backend`](crate::support::transport::Backend) such as the test kit's mock
            /// (feature `test-kit`). Retries, timeout and size limit are the transport's.
            pub fn with_transport(config: Config, transport: crate::support::transport::Transport) -> Self {
                Client { config, transport }
            }

            /// The configuration in use.
            pub fn config(&self) -> &Config {
                &self.config
            }

            #(#methods)*
        }
    }
}
