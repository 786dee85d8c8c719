//! IR -> token streams, one per generated file.

mod builders;
mod common;
mod models;
mod operations;
mod support;
mod support_http;
mod validate;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;
use common::{docs, ident, inner_docs};

/// A Rust file to render: its path in the generated crate and its tokens.
pub struct RustFile {
    pub path: String,
    pub source: String,
    pub tokens: TokenStream,
}

/// The crate root: module declarations behind their features.
pub fn crate_root(apis: &[Api]) -> TokenStream {
    let modules = apis.iter().map(|api| {
        let module = ident(&api.module);
        let feature = &api.module;
        let doc = format!("{} (cargo feature `{feature}`).", api.title);
        let doc = docs(Some(&doc), "");
        quote! {
            #doc
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    let list: Vec<String> = apis
        .iter()
        .map(|a| format!("- [`{}`]: {}, from `{}`", a.module, a.title, a.source))
        .collect();
    let list = inner_docs(&list.join("\n"));
    quote! {
        //! Typed Rust bindings for commerce APIs, generated from hand-curated OpenAPI specs.
        //!
        //! One module per API, each behind a cargo feature of the same name (all on by default):
        #list
        //!
        //! Every struct has a typestate builder (`Type::builder()...build()`); enums keep unknown
        //! values in an `Unrecognized` variant; sensitive fields are redacted in `Debug` output.
        #![warn(missing_docs)]

        // Generated modules are formatted by prettyplease (pinned in Cargo.lock), not rustfmt, so
        // the output does not change with the installed toolchain.
        #[rustfmt::skip]
        pub mod support;

        #(#modules)*
    }
}

/// The support module shared by all APIs.
pub fn support_file() -> TokenStream {
    let mut tokens = support::support_module();
    tokens.extend(support_http::validation());
    tokens.extend(support_http::http_support());
    tokens.extend(support_http::client_support());
    tokens
}

/// The files of one API module.
pub fn api_files(api: &Api) -> Vec<RustFile> {
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
    let mod_rs = quote! {
        #module_doc

        mod builders;
        #[cfg(feature = "client")]
        mod client;
        mod operations;
        mod types;
        mod validate;

        pub use builders::*;
        #[cfg(feature = "client")]
        pub use client::*;
        pub use operations::*;
        pub use types::*;
    };

    let validations = api
        .types_in_order()
        .map(|def| validate::validate_impl(api, def));
    let validate_rs = quote! {
        //! `Validate` impls: the spec's constraints, checked before a request is sent.

        #[allow(unused_imports)]
        use super::types::*;

        #(#validations)*
    };

    let types = api.types_in_order().map(|def| models::type_def(api, def));
    let types_rs = quote! {
        //! Model types: one per schema of the spec.

        #(#types)*
    };

    let builders = api.types_in_order().map(|def| builders::builder(api, def));
    let builders_rs = quote! {
        //! Typestate builders for the model structs.

        #[allow(unused_imports)]
        use super::types::*;

        #(#builders)*
    };

    let dir = format!("src/{}", api.module);
    let files = [
        ("mod.rs", mod_rs),
        ("types.rs", types_rs),
        ("builders.rs", builders_rs),
        ("validate.rs", validate_rs),
        ("operations.rs", operations::operations_file(api)),
        ("client.rs", operations::client_file(api)),
    ];
    files
        .into_iter()
        .map(|(name, tokens)| RustFile {
            path: format!("{dir}/{name}"),
            source: api.source.clone(),
            tokens,
        })
        .collect()
}
