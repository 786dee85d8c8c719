//! IR -> token streams, one per generated file.

mod builders;
mod common;
mod models;
mod support;

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
    support::support_module()
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
        mod types;

        pub use builders::*;
        pub use types::*;
    };

    let types = api.types.iter().map(models::type_def);
    let types_rs = quote! {
        //! Model types: one per schema of the spec.

        use serde::{Deserialize, Serialize};

        #(#types)*
    };

    let builders = api.types.iter().map(builders::builder);
    let builders_rs = quote! {
        //! Typestate builders for the model structs.

        #[allow(unused_imports)]
        use super::types::*;

        #(#builders)*
    };

    let dir = format!("src/{}", api.module);
    vec![
        RustFile {
            path: format!("{dir}/mod.rs"),
            source: api.source.clone(),
            tokens: mod_rs,
        },
        RustFile {
            path: format!("{dir}/types.rs"),
            source: api.source.clone(),
            tokens: types_rs,
        },
        RustFile {
            path: format!("{dir}/builders.rs"),
            source: api.source.clone(),
            tokens: builders_rs,
        },
    ]
}
