//! Builders: `Foo::builder().a(..).b(..).build()`.
//!
//! A struct with required fields gets a typestate builder: one type parameter per required field,
//! `crate::support::Unset` until its setter is called, then `crate::support::Set<T>`. `build()`
//! and every required setter carry per-field bounds whose `#[diagnostic::on_unimplemented]`
//! messages name the field ("`Order` is missing the required field `payment`", "`order_id` is
//! already set"). The optional fields live in one private storage struct that required setters
//! move as a whole, so a setter's code grows with the number of required fields only (capped in
//! lowering), never with the optional ones.
//!
//! A struct whose fields are all optional gets a plain builder: a wrapper around the value with
//! `mut self` setters, no type parameters.
//!
//! Every field that is not required has two setters: `x(value)` and `maybe_x(Option<..>)`, whose
//! `None` is the field's default on every builder (the key left out; `null` for a required
//! nullable key); a nullable field also has `null_x()`, which sends an explicit `null`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::common::{docs, docs_in_macro, ident, type_tokens};
use crate::ir::{
    BuilderRole, BuilderState, Field, OptionalSetters, Presence, StateTraits, Struct, Ty, TypeDef,
    TypeKind,
};
use crate::lower::docs::code_span;
use crate::names::{bare, fixed};

/// Builders with more required fields than this get a targeted `type_complexity` allowance.
const MANY_REQUIRED: usize = 8;

/// The builder of a struct type, or nothing for other kinds.
pub fn builder(def: &TypeDef) -> TokenStream {
    let TypeKind::Struct(s) = &def.kind else {
        return quote!();
    };
    match &s.builder_state {
        Some(state) => typestate_builder(def, s, state),
        None => plain_builder(def, s),
    }
}

fn allow_deprecated(fields: &[&Field]) -> Option<TokenStream> {
    fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]))
}

fn builder_fn_doc(type_name: &str) -> TokenStream {
    // `struct@`: a spec type may share its name with a derive macro (`Debug`).
    docs(
        Some(&format!(
            "Starts a builder for [`{0}`](struct@{0}).",
            type_name
        )),
        "",
    )
}

/// The fields of `s` that are not required, with their setter names.
fn optional_fields(s: &Struct) -> Vec<(&Field, &OptionalSetters)> {
    s.fields
        .iter()
        .filter_map(|f| match &f.role {
            BuilderRole::Optional(setters) => Some((f, setters)),
            BuilderRole::Required(_) => None,
        })
        .collect()
}

/// A struct whose fields are all optional: the builder wraps the value, setters assign in place.
fn plain_builder(def: &TypeDef, s: &Struct) -> TokenStream {
    let target = ident(&def.name);
    let builder = ident(&s.builder);
    let all: Vec<&Field> = s.fields.iter().collect();
    let allow = allow_deprecated(&all);
    let initial = s.fields.iter().map(|f| {
        let name = ident(&f.rust);
        quote! { #name: None, }
    });
    let place = |field: &Field| {
        let name = ident(&field.rust);
        quote!(self.0.#name)
    };
    // Lowering gave every field of a builder without typestate the optional role.
    let optional = optional_fields(s);
    let setters = setters_of(&optional, &syn::Index::from(0), |f| place(f));
    let struct_doc = docs(
        Some(&format!(
            "Builder for [`{0}`](struct@{0}); every field is optional, so `build()` is always available.\n\n`Debug` shows what is set, with the same redaction as [`{0}`](struct@{0}).",
            def.name
        )),
        "",
    );
    let builder_fn_doc = builder_fn_doc(&def.name);
    let build = ident(fixed::BUILD);
    quote! {
        impl #target {
            #builder_fn_doc
            #allow
            pub fn builder() -> #builder {
                #builder(#target { #(#initial)* })
            }
        }

        #struct_doc
        // The derived `Debug` is the value's own (redacted) `Debug` inside the builder's name.
        #[derive(Debug)]
        #[must_use]
        pub struct #builder(#target);

        impl #builder {
            #setters

            /// Builds the value.
            pub fn #build(self) -> #target {
                self.0
            }
        }
    }
}

/// A struct with required fields: the typestate builder and its state module.
fn typestate_builder(def: &TypeDef, s: &Struct, state: &BuilderState) -> TokenStream {
    let target = ident(&def.name);
    let builder = ident(&s.builder);
    let module = ident(&state.module);
    let required: Vec<(&Field, &StateTraits)> = s
        .fields
        .iter()
        .filter_map(|f| match &f.role {
            BuilderRole::Required(traits) => Some((f, traits)),
            BuilderRole::Optional(_) => None,
        })
        .collect();
    let optional = optional_fields(s);
    // A leading underscore keeps the state parameters apart from every spec type name.
    let params: Vec<Ident> = (0..required.len())
        .map(|i| format_ident!("_R{}", i))
        .collect();
    // The tuple slot of each required field, and of the optional storage after them.
    let slot = |i: usize| syn::Index::from(i);
    let storage = state.optional_storage.as_deref().map(ident);
    let storage_slot = slot(required.len());

    let unset = quote!(crate::support::Unset);
    let defaults = params.iter().map(|p| quote!(#p = #unset));
    let storage_decl = storage.as_ref().map(|storage| quote!(, #storage));
    let storage_init = storage.as_ref().map(|storage| {
        let fields = optional.iter().map(|(f, _)| {
            let name = ident(&f.rust);
            quote! { #name: None, }
        });
        quote!(, #storage { #(#fields)* })
    });
    let storage_def = storage.as_ref().map(|storage| {
        let fields = optional.iter().map(|(f, _)| {
            let name = ident(&f.rust);
            let ty = type_tokens(&f.types.field);
            quote! { #name: #ty, }
        });
        let doc = docs(
            Some(&format!(
                "The optional fields of a [`{}`], moved as one value by its required setters.",
                s.builder
            )),
            "",
        );
        quote! {
            #doc
            struct #storage { #(#fields)* }
        }
    });
    let inits = required.iter().map(|_| quote!(#unset));

    let state_items = required
        .iter()
        .map(|(f, traits)| state_traits(&def.name, &s.builder, f, traits));
    let module_doc = docs(
        Some(&format!(
            "The typestate of `{0}`: per required field, a trait that its state implements once set (`build()` asks for it) and one it implements while unset (its setter asks for it). Their compile errors name the field.",
            s.builder
        )),
        "",
    );

    let many = required.len() > MANY_REQUIRED;
    // The return type spells out every state parameter; past a handful it trips clippy's
    // complexity score, which is the point of a typestate builder, not a smell.
    let allow_complex = many.then(|| {
        quote! { #[allow(clippy::type_complexity, reason = "one state parameter per required field")] }
    });
    let required_setters = required.iter().enumerate().map(|(index, (field, traits))| {
        let name = ident(&field.rust);
        let is_unset = ident(&traits.is_unset);
        let value = type_tokens(&field.types.stored);
        let (param_type, converted) = setter_param(field);
        let convert = if field.boxed {
            quote!(Box::new(#converted))
        } else {
            converted
        };
        let after = params.iter().enumerate().map(|(i, p)| {
            if i == index {
                quote!(crate::support::Set<#value>)
            } else {
                quote!(#p)
            }
        });
        let moves = (0..required.len()).map(|i| {
            if i == index {
                quote!(crate::support::Set(#convert))
            } else {
                let at = slot(i);
                quote!(self.#at)
            }
        });
        let keep_storage = storage.as_ref().map(|_| quote!(, self.#storage_slot));
        let doc = setter_doc(field);
        let param = &params[index];
        quote! {
            #doc
            #allow_complex
            pub fn #name(self, value: #param_type) -> #builder<#(#after),*>
            where
                #param: #module::#is_unset,
            {
                #builder(#(#moves),* #keep_storage)
            }
        }
    });
    let optional_setters = setters_of(&optional, &storage_slot, |f| {
        let name = ident(&f.rust);
        quote!(self.#storage_slot.#name)
    });

    let build = ident(fixed::BUILD);
    let bounds = required.iter().zip(&params).map(|((f, traits), p)| {
        let is_set = ident(&traits.is_set);
        let value = type_tokens(&f.types.stored);
        quote!(#p: #module::#is_set<#value>,)
    });
    let values = s.fields.iter().map(|f| {
        let name = ident(&f.rust);
        match required.iter().position(|(r, _)| r.rust == f.rust) {
            Some(i) => {
                let at = slot(i);
                quote!(#name: self.#at.into_value(),)
            }
            None => quote!(#name: self.#storage_slot.#name,),
        }
    });
    let all: Vec<&Field> = s.fields.iter().collect();
    let allow = allow_deprecated(&all);

    let debug_fields = s.fields.iter().map(|f| {
        let label = bare(&f.rust);
        if f.sensitive {
            return quote!(.field(#label, &crate::support::Redacted));
        }
        match required.iter().position(|(r, _)| r.rust == f.rust) {
            Some(i) => {
                let at = slot(i);
                quote!(.field(#label, &self.#at))
            }
            None => {
                let name = ident(&f.rust);
                quote!(.field(#label, &self.#storage_slot.#name))
            }
        }
    });
    let label = &s.builder;

    let required_names: Vec<String> = required
        .iter()
        .map(|(f, _)| format!("`{}`", bare(&f.rust)))
        .collect();
    let struct_doc = docs(
        Some(&format!(
            "Builder for [`{0}`](struct@{0}). Set the required fields ({1}); `build()` compiles only once all are set, and a missing one is a compile error that names it.\n\nEach type parameter is the state of one required field: `Unset`, then `Set<T>`. `Debug` shows what is set, with the same redaction as [`{0}`](struct@{0}).",
            def.name,
            required_names.join(", ")
        )),
        "",
    );
    let builder_fn_doc = builder_fn_doc(&def.name);
    quote! {
        #module_doc
        #[doc(hidden)]
        pub mod #module {
            #(#state_items)*
        }

        #storage_def

        impl #target {
            #builder_fn_doc
            pub fn builder() -> #builder {
                #builder(#(#inits),* #storage_init)
            }
        }

        #struct_doc
        #[must_use]
        pub struct #builder<#(#defaults),*>(#(#params),* #storage_decl);

        impl<#(#params),*> #builder<#(#params),*> {
            #(#required_setters)*

            #optional_setters

            /// Builds the value; compiles once every required field is set.
            #allow
            pub fn #build(self) -> #target
            where
                #(#bounds)*
            {
                #target { #(#values)* }
            }
        }

        impl<#(#params: std::fmt::Debug),*> std::fmt::Debug for #builder<#(#params),*> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#debug_fields)* .finish()
            }
        }
    }
}

/// The pair of state traits of one required field, with the compile errors that name it.
fn state_traits(
    type_name: &str,
    builder: &str,
    field: &Field,
    traits: &StateTraits,
) -> TokenStream {
    let is_set = ident(&traits.is_set);
    let is_unset = ident(&traits.is_unset);
    // Rust names only: identifiers hold no braces (format placeholders here) and no control
    // characters.
    let shown = bare(&field.rust);
    let setter = &field.rust;
    let missing = format!("`{type_name}` is missing the required field `{shown}`");
    let missing_label = format!("call `.{setter}(..)` before `.build()`");
    let twice = format!("`{shown}` is already set on this `{builder}`");
    let twice_label = "each required field is set once";
    let set_doc =
        format!("Implemented by the state of `{shown}` once it is set; `build()` requires it.");
    let unset_doc = format!(
        "Implemented by the state of `{shown}` while it is unset; `.{setter}(..)` requires it."
    );
    let set_doc = docs(Some(&set_doc), "");
    let unset_doc = docs(Some(&unset_doc), "");
    quote! {
        #set_doc
        #[diagnostic::on_unimplemented(message = #missing, label = #missing_label)]
        pub trait #is_set<T>: crate::support::IntoValue<T> {}

        impl<T> #is_set<T> for crate::support::Set<T> {}

        #unset_doc
        #[diagnostic::on_unimplemented(message = #twice, label = #twice_label)]
        pub trait #is_unset {}

        impl #is_unset for crate::support::Unset {}
    }
}

/// A setter's parameter type and how it becomes the (unboxed) value: primitives by value (so
/// `1_415_287_568_000` infers as `i64`), everything else `impl Into<T>` (so `&str` works for
/// `String`, and a union takes any of its unambiguous variants' values).
fn setter_param(field: &Field) -> (TokenStream, TokenStream) {
    let ty = type_tokens(&field.types.value);
    match field.shape.ty {
        Ty::Integer | Ty::Number | Ty::Boolean => (ty, quote!(value)),
        _ => (quote!(impl Into<#ty>), quote!(value.into())),
    }
}

fn setter_doc(field: &Field) -> TokenStream {
    let fallback = match field.presence {
        Presence::Flattened => "Sets the pair of wire keys this field models.".to_owned(),
        _ => format!("Sets {}.", code_span(&field.wire)),
    };
    let doc = docs(field.doc.as_deref(), &fallback);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    quote! { #doc #deprecated }
}

/// The setters of the optional fields of a builder whose tuple slot `slot` holds them: one row
/// each of the runtime's `optional_setters!`, and written out for the few it does not take
/// (boxed or deprecated fields, and keys holding a backtick: the macro quotes the key between
/// single backticks in its docs, which such a key would close early).
fn setters_of(
    optional: &[(&Field, &OptionalSetters)],
    slot: &syn::Index,
    place: impl Fn(&Field) -> TokenStream,
) -> TokenStream {
    let (table, written): (Vec<_>, Vec<_>) = optional
        .iter()
        .partition(|(f, _)| !f.boxed && !f.deprecated && !f.wire.contains('`'));
    let rows = table.iter().map(|(field, setters)| {
        let doc = docs_in_macro(
            field.doc.as_deref(),
            &format!("Sets {}.", code_span(&field.wire)),
        );
        let kind = match field.presence {
            Presence::OptionalNullable => "opt_null",
            Presence::RequiredNullable => "req_null",
            _ => "opt",
        };
        let kind = quote::format_ident!("{kind}");
        let take = match field.shape.ty {
            Ty::Integer | Ty::Number | Ty::Boolean => quote!(value),
            _ => quote!(into),
        };
        let name = ident(&field.rust);
        let maybe = ident(&setters.maybe);
        let null = setters.null.as_deref().map(ident);
        let ty = type_tokens(&field.types.value);
        let wire = &field.wire;
        quote! { #doc #kind #take #name #maybe #null: #ty = #wire, }
    });
    let table = (!table.is_empty()).then(|| {
        quote! { crate::support::optional_setters! { #slot; #(#rows)* } }
    });
    let written = written
        .iter()
        .map(|(f, setters)| optional_setters(f, setters, place(f)));
    quote! { #table #(#written)* }
}

/// The key an optional setter's docs name, as one code span: the wire key, or the field for a
/// flattened pair of keys.
fn shown_key(field: &Field) -> String {
    code_span(if field.presence == Presence::Flattened {
        bare(&field.rust)
    } else {
        &field.wire
    })
}

/// `x(value)` and `maybe_x(Option<..>)` of a field that is not required, assigning to `place`.
fn optional_setters(field: &Field, setters: &OptionalSetters, place: TokenStream) -> TokenStream {
    let name = ident(&field.rust);
    let inner = type_tokens(&field.types.value);
    let (param, converted) = setter_param(field);
    let maybe_value = if field.boxed {
        quote!(value.map(Box::new))
    } else {
        quote!(value)
    };
    // `maybe_x(None)` is the field's default everywhere: the key left out, or `null` for a
    // required nullable key (which is never left out); only `null_x()` asks for `null`.
    let (maybe_assign, none_means, null_value) = match field.presence {
        Presence::OptionalNullable => (
            quote!(#maybe_value.map(Some)),
            "`None` leaves the key out (the default)",
            quote!(Some(None)),
        ),
        Presence::RequiredNullable => (
            maybe_value,
            "`None` sends `null` (the key is required, so it is always sent; `null` is also the default)",
            quote!(None),
        ),
        _ => (maybe_value, "`None` leaves the key out (the default)", quote!(None)),
    };
    let doc = setter_doc(field);
    let maybe = ident(&setters.maybe);
    let shown = shown_key(field);
    let maybe_doc = format!(" Sets {shown} from an `Option`: {none_means}.");
    let null_setter = setters.null.as_deref().map(|null| {
        let null_fn = ident(null);
        let null_doc = format!(" Sends {shown} as an explicit `null`.");
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        let allow = field.deprecated.then(|| quote!(#[allow(deprecated)]));
        quote! {
            #[doc = #null_doc]
            #deprecated
            #allow
            pub fn #null_fn(mut self) -> Self {
                #place = #null_value;
                self
            }
        }
    });
    let null_note = setters.null.as_deref().map(|null| {
        let text = format!(" For an explicit `null`, call `{}()`.", bare(null));
        quote! { #[doc = ""] #[doc = #text] }
    });
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let allow = field.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #null_note
        #allow
        pub fn #name(self, value: #param) -> Self {
            self.#maybe(Some(#converted))
        }

        #[doc = #maybe_doc]
        #deprecated
        #allow
        pub fn #maybe(mut self, value: Option<#inner>) -> Self {
            #place = #maybe_assign;
            self
        }

        #null_setter
    }
}
