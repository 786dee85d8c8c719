//! IR -> token streams, one per generated file.

mod builders;
mod common;
mod models;
mod operations;
mod runtime_names;
mod schemas;
pub mod testkit;
mod validate;
mod webhooks;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, TestKit};
use common::{docs, ident, inner_docs};

/// A Rust file of the generated crate: its path, the spec it comes from, and its contents.
pub struct RustFile {
    pub path: String,
    pub source: String,
    pub contents: FileBody,
}

/// What a file is made of.
pub enum FileBody {
    /// Tokens to format, and the doc blocks they hold placeholders for ([`crate::doc_text`]).
    Tokens {
        tokens: TokenStream,
        docs: Vec<Vec<String>>,
    },
    /// Text written in its final layout (banner aside): a file of table rows that formatting
    /// would only re-wrap ([`schemas`]).
    Text(String),
}

/// The crate root: the crate docs (`docs`, then the list of API modules), the runtime module and
/// the API modules behind their features.
pub fn crate_root(apis: &[Api], crate_docs: &str) -> TokenStream {
    let modules = apis.iter().map(|api| {
        let module = ident(&api.module);
        let feature = &api.module;
        let doc = format!("{} (cargo feature `{feature}`).", api.title);
        let doc = docs(Some(&doc), "");
        quote! {
            #doc
            #[cfg(feature = #feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    let mut text = format!(
        "{}\n\nOne module per API, each behind a cargo feature of the same name (all on by default):",
        crate_docs.trim()
    );
    for api in apis {
        text.push_str(&format!(
            "\n- [`{}`]: {}, from `{}`",
            api.module, api.title, api.source
        ));
    }
    let text = inner_docs(&text);
    // Generated modules are laid out by the generator (`render::layout`), not rustfmt, so the
    // output does not change with the installed toolchain: they are marked `#[rustfmt::skip]`.
    // `support` is not: its files are copies of the rustfmt-formatted `runtime/src/support/`.
    // docs.rs builds with `--cfg docsrs` and shows which feature each item needs (`doc_cfg`).
    quote! {
        #text
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![deny(missing_docs)]

        pub mod support;

        /// The `http` crate, whose `Request`, `Response`, `StatusCode` and `HeaderMap` appear in
        /// this crate's signatures: use it to stay on the same version.
        pub use http;

        // In rustfmt's order and within its line width, so that `cargo fmt` leaves the file as
        // prettyplease wrote it.
        #[cfg(feature = "client")]
        pub use support::transport::{ClientOptions, RetryPolicy};
        pub use support::{ApiResponse, Body, Credentials, Error};
        pub use support::{RequestError, TransportError, TransportErrorKind};

        #(#modules)*
    }
}

/// One file of an API module: what [`api_file`] emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiFile {
    Mod,
    Types,
    Builders,
    Validate,
    Schemas,
    Operations,
    Client,
    Webhooks,
    TestKit,
}

impl ApiFile {
    fn name(self) -> &'static str {
        match self {
            ApiFile::Mod => "mod.rs",
            ApiFile::Types => "types.rs",
            ApiFile::Builders => "builders.rs",
            ApiFile::Validate => "validate.rs",
            ApiFile::Schemas => "schemas.rs",
            ApiFile::Operations => "operations.rs",
            ApiFile::Client => "client.rs",
            ApiFile::Webhooks => "webhooks.rs",
            ApiFile::TestKit => "testkit.rs",
        }
    }
}

/// What an API module holds.
struct Contents {
    types: bool,
    structs: bool,
    operations: bool,
    webhooks: bool,
}

impl Contents {
    fn of(api: &Api) -> Self {
        Contents {
            types: !api.types.is_empty(),
            structs: api
                .types
                .iter()
                .any(|t| matches!(t.kind, crate::ir::TypeKind::Struct(_))),
            operations: !api.operations.is_empty(),
            webhooks: !api.webhooks.is_empty(),
        }
    }
}

/// `use super::types::*;` for a file of an API module, or nothing when the module has no
/// `types` file (an API whose operations and webhooks use no named or inline type: importing
/// the missing module would not compile).
fn use_types(api: &Api) -> TokenStream {
    match Contents::of(api).types {
        true => quote! {
            #[allow(unused_imports)]
            use super::types::*;
        },
        false => TokenStream::new(),
    }
}

/// The files of one API module in output order, with its test kit when `kit` is given: only the
/// files that hold items (an API without operations has no `Config` or `Client`, one without
/// types no models: an empty module's re-export would be an unused import).
pub fn api_file_list(api: &Api, kit: Option<&TestKit>) -> Vec<ApiFile> {
    let has = Contents::of(api);
    [
        (true, ApiFile::Mod),
        (has.types, ApiFile::Types),
        (has.structs, ApiFile::Builders),
        (has.types, ApiFile::Validate),
        (has.types, ApiFile::Schemas),
        (has.operations, ApiFile::Operations),
        (has.operations, ApiFile::Client),
        (has.webhooks, ApiFile::Webhooks),
        (kit.is_some(), ApiFile::TestKit),
    ]
    .into_iter()
    .filter_map(|(present, file)| present.then_some(file))
    .collect()
}

/// The files of one API module, with its test kit when `kit` is given.
pub fn api_files(api: &Api, kit: Option<&TestKit>, lib_name: &str) -> Vec<RustFile> {
    api_file_list(api, kit)
        .into_iter()
        .map(|file| api_file(api, kit, lib_name, file))
        .collect()
}

/// One file of an API module (each emitted on its own, so files render in parallel: token streams
/// cannot cross threads).
pub fn api_file(api: &Api, kit: Option<&TestKit>, lib_name: &str, file: ApiFile) -> RustFile {
    let contents = match file {
        ApiFile::Schemas => FileBody::Text(schemas::schemas_file(api)),
        _ => {
            let (tokens, docs) =
                crate::doc_text::collect(|| api_file_tokens(api, kit, lib_name, file));
            FileBody::Tokens { tokens, docs }
        }
    };
    RustFile {
        path: format!("src/{}/{}", api.module, file.name()),
        source: api.source.clone(),
        contents,
    }
}

fn api_file_tokens(api: &Api, kit: Option<&TestKit>, lib_name: &str, file: ApiFile) -> TokenStream {
    match file {
        ApiFile::Mod => mod_file(api, kit),
        ApiFile::Types => {
            let types = api.types_in_order().map(|def| models::type_def(api, def));
            quote! {
                //! Model types: one per schema of the spec.

                #(#types)*
            }
        }
        ApiFile::Builders => {
            let builders = api.types_in_order().map(builders::builder);
            quote! {
                //! Typestate builders for the model structs.

                #[allow(unused_imports)]
                use super::types::*;

                #(#builders)*
            }
        }
        ApiFile::Validate => {
            let validations = api
                .types_in_order()
                .map(|def| validate::validate_impl(api, def));
            quote! {
                //! `Validate` impls: the spec's constraints, checked before a request is sent.

                #[allow(unused_imports)]
                use super::types::*;

                #(#validations)*
            }
        }
        // Written as text by `api_file`.
        ApiFile::Schemas => TokenStream::new(),
        ApiFile::Operations => operations::operations_file(api),
        ApiFile::Client => operations::client_file(api),
        ApiFile::Webhooks => webhooks::webhooks_file(api),
        // Listed only with a kit.
        ApiFile::TestKit => kit.map_or_else(TokenStream::new, |kit| {
            testkit::testkit_file(api, kit, lib_name)
        }),
    }
}

/// `mod.rs` of an API module: its docs and its submodules.
fn mod_file(api: &Api, kit: Option<&TestKit>) -> TokenStream {
    let description = api
        .description
        .as_deref()
        .map(|d| format!("\n\n{d}"))
        .unwrap_or_default();
    let module_doc = format!(
        "{} (API version {}).{description}\n\nDefault base URL: <{}>.",
        api.title, api.version, api.base_url
    );
    let module_doc = inner_docs(&module_doc);
    let has = Contents::of(api);
    // (present, name, behind this feature, re-exported); `validate` and `schemas` hold only impls.
    let module = |(present, name, feature, reexport): (bool, &str, Option<&str>, bool)| {
        let name = ident(name);
        let cfg = feature.map(|feature| quote!(#[cfg(feature = #feature)]));
        let reexport = reexport.then(|| quote! { #cfg pub use #name::*; });
        match present {
            true => quote! { #cfg mod #name; #reexport },
            false => quote!(),
        }
    };
    let modules = [
        (has.structs, "builders", None, true),
        (has.operations, "client", Some("client"), true),
        (has.operations, "operations", None, true),
        (has.types, "schemas", Some("schemars"), false),
        (has.types, "types", None, true),
        (has.types, "validate", None, false),
    ]
    .map(module);
    // Receivers live in their own public module, not re-exported: `forter::webhooks::receive_*`.
    let webhooks_module = has.webhooks.then(|| quote! { pub mod webhooks; });
    let testkit_mod = kit.map(|_| {
        // Documented by the file's inner docs (links there resolve in the module's scope).
        quote! {
            #[cfg(feature = "test-kit")]
            #[cfg_attr(docsrs, doc(cfg(feature = "test-kit")))]
            pub mod testkit;
        }
    });
    quote! {
        #module_doc

        #(#modules)*
        #webhooks_module
        #testkit_mod
    }
}
