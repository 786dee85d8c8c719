//! Typestate builders: `Foo::builder().a(..).b(..).build()`, where `build` exists only once every
//! required field is set, so a forgotten field is a compile error rather than a runtime one.
//!
//! Each required field is a type parameter of the builder: `()` while unset, the field's type once
//! set. Optional fields are plain `Option`s and can be set in any state.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::common::{docs, field_type, field_value_type, ident};
use crate::ir::{Api, Field, Presence, Shape, Struct, Ty, TypeDef, TypeKind};
use crate::names::{bare, fixed};

/// Builders with more required fields than this get a targeted `type_complexity` allowance.
const MANY_REQUIRED: usize = 8;

fn is_required(field: &Field) -> bool {
    matches!(field.presence, Presence::Required | Presence::Flattened)
}

/// The builder of a struct type, or nothing for other kinds.
pub fn builder(api: &Api, def: &TypeDef) -> TokenStream {
    let TypeKind::Struct(s) = &def.kind else {
        return quote!();
    };
    let target = ident(&def.name);
    let builder = ident(&s.builder);
    let required: Vec<&Field> = s.fields.iter().filter(|f| is_required(f)).collect();
    // A leading underscore keeps the state parameters apart from every spec type name.
    let params: Vec<Ident> = (0..required.len())
        .map(|i| format_ident!("_R{}", i))
        .collect();

    let storage = s.fields.iter().map(|f| {
        let name = ident(&f.rust);
        match required.iter().position(|r| r.rust == f.rust) {
            Some(i) => {
                let param = &params[i];
                quote! { #name: #param, }
            }
            None => {
                let ty = field_type(api, f);
                quote! { #name: #ty, }
            }
        }
    });
    let initial = s.fields.iter().map(|f| {
        let name = ident(&f.rust);
        if is_required(f) {
            quote! { #name: (), }
        } else {
            quote! { #name: None, }
        }
    });
    let defaults = params.iter().map(|p| quote!(#p = ()));
    let required_names: Vec<String> = required
        .iter()
        .map(|f| format!("`{}`", bare(&f.rust)))
        .collect();
    let struct_doc = if required.is_empty() {
        format!(
            "Builder for [`{0}`](struct@{0}); every field is optional.",
            def.name
        )
    } else {
        format!(
            "Builder for [`{0}`](struct@{0}). Set the required fields ({1}); `build()` exists only once all are set,\nso a missing one is a compile error. Each type parameter is `()` until its field is set.",
            def.name,
            required_names.join(", ")
        )
    };
    let struct_doc = docs(Some(&struct_doc), "");
    // `struct@`: a spec type may share its name with a derive macro (`Debug`).
    let builder_fn_doc = docs(
        Some(&format!(
            "Starts a builder for [`{0}`](struct@{0}).",
            def.name
        )),
        "",
    );

    let required_setters = required
        .iter()
        .enumerate()
        .map(|(i, field)| required_setter(api, &builder, s, &required, &params, i, field));
    let optional_setters: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| !is_required(f))
        .map(|field| optional_setter(api, field))
        .collect();
    let optional_impl = if optional_setters.is_empty() {
        quote!()
    } else {
        quote! {
            impl<#(#params),*> #builder<#(#params),*> {
                #(#optional_setters)*
            }
        }
    };

    let finished: Vec<TokenStream> = required.iter().map(|f| field_type(api, f)).collect();
    let moves = s.fields.iter().map(|f| {
        let name = ident(&f.rust);
        quote! { #name: self.#name, }
    });

    let build = ident(fixed::BUILD);
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        impl #target {
            #builder_fn_doc
            pub fn builder() -> #builder {
                #builder { #(#initial)* }
            }
        }

        #struct_doc
        #[must_use]
        pub struct #builder<#(#defaults),*> {
            #(#storage)*
        }

        #(#required_setters)*

        #optional_impl

        impl #builder<#(#finished),*> {
            /// Builds the value; available once every required field is set.
            #allow_deprecated
            pub fn #build(self) -> #target {
                #target { #(#moves)* }
            }
        }
    }
}

/// A setter's parameter type and how it becomes the value: primitives by value (so
/// `1_415_287_568_000` infers as `i64`), everything else `impl Into<T>` (so `&str` works for
/// `String`).
fn setter_param(ty: TokenStream, shape: &Shape) -> (TokenStream, TokenStream) {
    match shape.ty {
        Ty::Integer | Ty::Number | Ty::Boolean => (ty, quote!(value)),
        _ => (quote!(impl Into<#ty>), quote!(value.into())),
    }
}

fn setter_doc(field: &Field) -> TokenStream {
    let fallback = match field.presence {
        Presence::Flattened => "Sets the pair of wire keys this field models.".to_owned(),
        _ => format!("Sets `{}`.", field.wire),
    };
    let doc = docs(field.doc.as_deref(), &fallback);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    quote! { #doc #deprecated }
}

fn required_setter(
    api: &Api,
    builder: &Ident,
    s: &Struct,
    required: &[&Field],
    params: &[Ident],
    index: usize,
    field: &Field,
) -> TokenStream {
    let name = ident(&field.rust);
    let value = field_value_type(api, field);
    let param_type = if field.boxed {
        super::common::value_type(api, &field.shape)
    } else {
        value.clone()
    };
    let (param_type, converted) = setter_param(param_type, &field.shape);
    let convert = if field.boxed {
        quote!(Box::new(#converted))
    } else {
        converted
    };
    let free: Vec<&Ident> = params
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(_, p)| p)
        .collect();
    let before = params
        .iter()
        .enumerate()
        .map(|(i, p)| if i == index { quote!(()) } else { quote!(#p) });
    let after = params.iter().enumerate().map(|(i, p)| {
        if i == index {
            quote!(#value)
        } else {
            quote!(#p)
        }
    });
    let moves = s.fields.iter().map(|f| {
        let other = ident(&f.rust);
        if f.rust == field.rust {
            quote! { #other: #convert, }
        } else {
            quote! { #other: self.#other, }
        }
    });
    let doc = setter_doc(field);
    // The return type spells out every state parameter; past a handful it trips clippy's
    // complexity score, which is the point of a typestate builder, not a smell.
    let allow = (required.len() > MANY_REQUIRED).then(|| {
        quote! { #[allow(clippy::type_complexity, reason = "one state parameter per required field")] }
    });
    quote! {
        impl<#(#free),*> #builder<#(#before),*> {
            #doc
            #allow
            pub fn #name(self, value: #param_type) -> #builder<#(#after),*> {
                #builder { #(#moves)* }
            }
        }
    }
}

fn optional_setter(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.rust);
    let inner = super::common::value_type(api, &field.shape);
    let doc = setter_doc(field);
    let boxed = |expr: TokenStream| {
        if field.boxed {
            quote!(Box::new(#expr))
        } else {
            expr
        }
    };
    let (param, assign) = match field.presence {
        Presence::OptionalNullable => {
            let assign = if field.boxed {
                quote!(Some(value.into().map(Box::new)))
            } else {
                quote!(Some(value.into()))
            };
            (quote!(impl Into<Option<#inner>>), assign)
        }
        _ => {
            let (param, converted) = setter_param(inner, &field.shape);
            let value = boxed(converted);
            (param, quote!(Some(#value)))
        }
    };
    let note = if field.presence == Presence::OptionalNullable {
        quote! {
            #[doc = ""]
            #[doc = " Pass `None` to send an explicit `null`."]
        }
    } else {
        quote!()
    };
    quote! {
        #doc
        #note
        pub fn #name(mut self, value: #param) -> Self {
            self.#name = #assign;
            self
        }
    }
}
