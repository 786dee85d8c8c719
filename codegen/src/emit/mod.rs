//! IR -> token streams, one per generated file.

mod builders;
mod common;
mod models;
mod operations;
mod runtime_names;
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
    // Generated modules are formatted by prettyplease (pinned in Cargo.lock), not rustfmt, so the
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

/// One file of an API module; each is emitted on its own, so files can be emitted and rendered
/// on several threads (token streams cannot cross threads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiFile {
    Mod,
    Types,
    Builders,
    Validate,
    Operations,
    Client,
}

impl ApiFile {
    /// Every kind, the largest (usually) first: the order in which parallel rendering takes them.
    pub const BY_SIZE: [ApiFile; 6] = [
        ApiFile::Builders,
        ApiFile::Types,
        ApiFile::Validate,
        ApiFile::Operations,
        ApiFile::Client,
        ApiFile::Mod,
    ];

    fn name(self) -> &'static str {
        match self {
            ApiFile::Mod => "mod.rs",
            ApiFile::Types => "types.rs",
            ApiFile::Builders => "builders.rs",
            ApiFile::Validate => "validate.rs",
            ApiFile::Operations => "operations.rs",
            ApiFile::Client => "client.rs",
        }
    }
}

/// What an API module holds: only files with items. An API without operations has no `Config` or
/// `Client`, one without types no models (an empty module's re-export would be an unused import).
struct Contents {
    types: bool,
    structs: bool,
    operations: bool,
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
        }
    }

    fn has(&self, file: ApiFile) -> bool {
        match file {
            ApiFile::Mod => true,
            ApiFile::Types | ApiFile::Validate => self.types,
            ApiFile::Builders => self.structs,
            ApiFile::Operations | ApiFile::Client => self.operations,
        }
    }
}

/// The files one API module has, in the order of [`api_files`].
pub fn api_file_list(api: &Api) -> Vec<ApiFile> {
    let contents = Contents::of(api);
    [
        ApiFile::Mod,
        ApiFile::Types,
        ApiFile::Builders,
        ApiFile::Validate,
        ApiFile::Operations,
        ApiFile::Client,
    ]
    .into_iter()
    .filter(|f| contents.has(*f))
    .collect()
}

/// The files of one API module.
pub fn api_files(api: &Api) -> Vec<RustFile> {
    api_file_list(api)
        .into_iter()
        .map(|file| api_file(api, file))
        .collect()
}

/// One file of an API module.
pub fn api_file(api: &Api, file: ApiFile) -> RustFile {
    let tokens = match file {
        ApiFile::Mod => mod_rs(api),
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
        ApiFile::Operations => operations::operations_file(api),
        ApiFile::Client => operations::client_file(api),
    };
    RustFile {
        path: format!("src/{}/{}", api.module, file.name()),
        source: api.source.clone(),
        tokens,
    }
}

/// `mod.rs` of one API module: its docs and its files.
fn mod_rs(api: &Api) -> TokenStream {
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
    let contents = Contents::of(api);
    // (present, name, behind the `client` feature, re-exported); `validate` holds only impls.
    let module = |(present, name, client, reexport): (bool, &str, bool, bool)| {
        let name = ident(name);
        let cfg = client.then(|| quote!(#[cfg(feature = "client")]));
        let reexport = reexport.then(|| quote! { #cfg pub use #name::*; });
        match present {
            true => quote! { #cfg mod #name; #reexport },
            false => quote!(),
        }
    };
    let modules = [
        (contents.has(ApiFile::Builders), "builders", false, true),
        (contents.has(ApiFile::Client), "client", true, true),
        (contents.has(ApiFile::Operations), "operations", false, true),
        (contents.has(ApiFile::Types), "types", false, true),
        (contents.has(ApiFile::Validate), "validate", false, false),
    ]
    .map(module);
    quote! {
        #module_doc

        #(#modules)*
    }
}
