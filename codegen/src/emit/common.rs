//! Small pieces every emitter uses: identifiers, doc attributes, Rust types of shapes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Shape};

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
    doc_attrs(doc_lines(text_or(text, fallback)).collect(), false)
}

/// The spec's text, trimmed, or `fallback` when there is none.
fn text_or<'a>(text: Option<&'a str>, fallback: &'a str) -> &'a str {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(fallback)
}

/// [`docs`] for the arguments of a macro invocation: always one attribute per line, as the
/// layout writes a macro's doc attributes as they are (a placeholder there would not be put back).
pub fn docs_in_macro(text: Option<&str>, fallback: &str) -> TokenStream {
    let lines = doc_lines(text_or(text, fallback));
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = "..."]` lines: the inner docs of a module or crate.
pub fn inner_docs(text: &str) -> TokenStream {
    doc_attrs(doc_lines(text).collect(), true)
}

/// A blank doc line followed by more text, for appending notes to a doc comment.
pub fn doc_paragraph(text: &str) -> TokenStream {
    let text = text.trim();
    let lines = std::iter::once(String::new()).chain(doc_lines(text));
    doc_attrs(lines.collect(), false)
}

/// The doc attributes of `lines`: one placeholder while the file's docs are held beside its
/// tokens ([`crate::doc_text`]), one attribute per line otherwise.
fn doc_attrs(lines: Vec<String>, inner: bool) -> TokenStream {
    if lines.is_empty() {
        return TokenStream::new();
    }
    let lines = match crate::doc_text::hold(lines) {
        Ok(placeholder) => vec![placeholder],
        Err(lines) => lines,
    };
    match inner {
        true => quote! { #(#![doc = #lines])* },
        false => quote! { #(#[doc = #lines])* },
    }
}

/// Tokens of a Rust type text decided in lowering ([`crate::ir::type_text`]).
pub fn type_tokens(text: &str) -> TokenStream {
    // The text is the generator's own spelling of a type; should it ever not lex, rendering
    // reports the generated file as invalid Rust with a located diagnostic.
    text.parse().unwrap_or_default()
}

/// The Rust type of a value of `shape`, without any `Option` for presence.
pub fn value_type(api: &Api, shape: &Shape) -> TokenStream {
    type_tokens(&api.type_text(shape))
}
