//! Small pieces every emitter uses: identifiers, doc attributes, Rust types of shapes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Field, Presence, Shape, Ty, TypeKind};

/// An identifier, raw (`r#type`) when the name says so. Every name reaching here was decided and
/// validated in lowering (`names::is_identifier`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc text as attribute strings: one per line, with the space `///` would put after the slashes.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|line| {
        if line.trim().is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        }
    })
}

/// `#[doc = "..."]` lines for `text`, or for `fallback` when the spec gives no text.
pub fn docs(text: Option<&str>, fallback: &str) -> TokenStream {
    let text = text
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(fallback);
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = "..."]` lines: the inner docs of a module or crate.
pub fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

/// A blank doc line followed by more text, for appending notes to a doc comment.
pub fn doc_paragraph(text: &str) -> TokenStream {
    let body = docs(Some(text), "");
    quote! { #[doc = ""] #body }
}

/// The Rust type of a value of `shape`, without any `Option` for presence.
pub fn value_type(api: &Api, shape: &Shape) -> TokenStream {
    match &shape.ty {
        Ty::Named(id) => {
            let name = ident(&api.ty(*id).name);
            quote! { #name }
        }
        Ty::String => quote! { String },
        Ty::Integer => quote! { i64 },
        Ty::Number => quote! { f64 },
        Ty::Boolean => quote! { bool },
        // Free-form JSON keeps its text: every digit of every number, and `null`.
        Ty::Any => quote! { crate::support::JsonValue },
        Ty::JsonObject => quote! { crate::support::JsonObject },
        Ty::List(item) => {
            let item = value_type(api, item);
            quote! { Vec<#item> }
        }
        Ty::Map(value) => {
            let value = value_type(api, value);
            quote! { std::collections::BTreeMap<String, #value> }
        }
    }
}

/// The value type of a field, boxed when it breaks a cycle.
pub fn field_value_type(api: &Api, field: &Field) -> TokenStream {
    let inner = value_type(api, &field.shape);
    if field.boxed {
        quote! { Box<#inner> }
    } else {
        inner
    }
}

/// The full Rust type of a struct field, with `Option` for presence.
pub fn field_type(api: &Api, field: &Field) -> TokenStream {
    let value = field_value_type(api, field);
    match field.presence {
        Presence::Required | Presence::Flattened => value,
        Presence::RequiredNullable | Presence::Optional => quote! { Option<#value> },
        Presence::OptionalNullable => quote! { Option<Option<#value>> },
    }
}

/// Whether a value of `shape` holds JSON Schema integers (directly, in lists or maps, or through
/// an alias): those read through `crate::support::integer`, which accepts `3.0`.
pub fn holds_integer(api: &Api, shape: &Shape) -> bool {
    match &shape.ty {
        Ty::Integer => true,
        Ty::List(inner) | Ty::Map(inner) => holds_integer(api, inner),
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Alias(inner) => holds_integer(api, inner),
            _ => false,
        },
        _ => false,
    }
}
