//! Model types: structs, string enums with a catch-all, untagged unions, flag conditionals.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{doc_paragraph, docs, ident, type_tokens, value_type};
use crate::ir::{
    Api, Conditional, Enum, Field, Presence, Shape, Struct, Ty, TypeDef, TypeKind, Union,
};
use crate::lower::docs::code_span;
use crate::names::{bare, UNRECOGNIZED_VARIANT};

/// `Deserialize` (derived, or `cfg` for a hand-written impl, per `derive`): always for a type
/// responses hold, behind the `request-deserialize` feature for one only requests use (nothing in
/// the crate reads those, and the derive is about half of the crate's compile time).
fn deserialize_attr(read: bool, derive: bool) -> TokenStream {
    let feature = crate::names::fixed::REQUEST_DESERIALIZE_FEATURE;
    match (read, derive) {
        (true, true) => quote! { #[derive(serde::Deserialize)] },
        (true, false) => quote!(),
        (false, true) => quote! { #[cfg_attr(feature = #feature, derive(serde::Deserialize))] },
        // A hand-written impl carries the docs.rs label; a derived one cannot, so every type's
        // docs say which feature it needs (`features_note`).
        (false, false) => quote! {
            #[cfg(feature = #feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
        },
    }
}

/// The paragraph of a model type's docs naming the cargo features its optional impls need: the
/// derived ones carry no docs.rs label of their own.
fn features_note(def: &TypeDef) -> TokenStream {
    let feature = crate::names::fixed::REQUEST_DESERIALIZE_FEATURE;
    let text = if def.read {
        "`schemars::JsonSchema` needs the crate feature `schemars`.".to_owned()
    } else {
        format!(
            "Only requests hold this type, so `Deserialize` (e.g. `serde_json::from_str::<{}>`) needs the crate feature `{feature}`; `schemars::JsonSchema` needs the feature `schemars`.",
            def.name
        )
    };
    doc_paragraph(&text)
}

/// All model items of one type definition.
pub fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let fallback = format!("`{}` (from `{}`).", def.name, def.source);
    let mut doc = docs(def.doc.as_deref(), &fallback);
    if !matches!(def.kind, TypeKind::Alias(_)) {
        doc.extend(features_note(def));
    }
    match &def.kind {
        TypeKind::Struct(s) => struct_def(api, def, s, doc),
        TypeKind::Enum(e) => enum_def(&def.name, e, doc, def.read),
        TypeKind::Union(u) => union_def(api, &def.name, u, doc, def.read),
        TypeKind::Conditional(c) => conditional_def(&def.name, c, doc, def.read),
        TypeKind::Alias(shape) => {
            let ty = value_type(api, shape);
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::Newtype(shape) => newtype_def(api, def, shape, doc),
    }
}

/// A named array or map that contains itself: a tuple struct, the same JSON as its value.
fn newtype_def(api: &Api, def: &TypeDef, shape: &Shape, doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let ty = value_type(api, shape);
    let deserialize = deserialize_attr(def.read, true);
    let note = doc_paragraph(
        "A struct rather than a type alias because the value contains itself; the JSON is that of the value.",
    );
    quote! {
        #doc
        #note
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
        #deserialize
        #[serde(transparent)]
        pub struct #name(pub #ty);
        impl From<#ty> for #name {
            fn from(value: #ty) -> Self {
                Self(value)
            }
        }
    }
}

/// The lean `Deserialize` of a struct: the runtime's `struct_deserialize!` fed with the table of
/// its fields (index, Rust name, wire key, and the kind that says how the value is read and what
/// a missing key means).
/// `None` for a struct holding a flattened conditional, which keeps the derive.
fn lean_deserialize(api: &Api, def: &TypeDef, s: &Struct) -> Option<TokenStream> {
    if s.fields.iter().any(|f| f.presence == Presence::Flattened) {
        return None;
    }
    let rows = s.fields.iter().enumerate().map(|(index, f)| {
        let kind = match f.presence {
            Presence::Required => "req",
            Presence::OptionalNullable => "null",
            // Free-form JSON reads a present `null` as a value, so it is written back.
            Presence::Optional if is_free_form(api, &f.shape) => "kept",
            _ => "opt",
        };
        let kind = if f.reads_integer {
            format_ident!("{kind}_int")
        } else {
            format_ident!("{kind}")
        };
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let name = ident(&f.rust);
        let wire = &f.wire;
        quote! { #index #name = #wire #kind, }
    });
    let name = ident(&def.name);
    let de = if def.read {
        format_ident!("always")
    } else {
        format_ident!("request_only")
    };
    Some(quote! {
        crate::support::struct_deserialize!(#name, #de { #(#rows)* });
    })
}

fn struct_def(api: &Api, def: &TypeDef, s: &Struct, doc: TokenStream) -> TokenStream {
    let lean = lean_deserialize(api, def, s);
    let deserialize = match lean {
        Some(_) => quote!(),
        None => deserialize_attr(def.read, true),
    };
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|field| field_def(api, field));
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let debug_derive = if sensitive { quote!() } else { quote!(Debug,) };
    let debug_impl = if sensitive {
        redacting_debug(&def.name, s)
    } else {
        quote!()
    };
    let builder_doc = format!(
        "Build one with [`{}::builder`]; the struct is `#[non_exhaustive]` so fields can be added without a breaking change.",
        def.name
    );
    let builder_doc = doc_paragraph(&builder_doc);
    quote! {
        #doc
        #builder_doc
        #[derive(Clone, #debug_derive PartialEq, serde::Serialize)]
        #deserialize
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #debug_impl
        #lean
    }
}

fn field_def(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.rust);
    let ty = type_tokens(&field.types.field);
    let fallback = match &field.shape.ty {
        Ty::Named(id) if field.presence == Presence::Flattened => {
            format!(
                "The pair of wire keys modelled by [`{0}`](enum@{0}).",
                api.ty(*id).name
            )
        }
        _ => format!("Wire key {}.", code_span(&field.wire)),
    };
    let mut doc = docs(field.doc.as_deref(), &fallback);
    if field.sensitive {
        doc.extend(doc_paragraph(
            "Sensitive: shown redacted in `Debug` output.",
        ));
    }
    let deprecated = if field.deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    };
    let rename =
        (bare(&field.rust) != field.wire && field.presence != Presence::Flattened).then(|| {
            let wire = &field.wire;
            quote!(rename = #wire,)
        });
    // Integers read through the runtime so `3.0` is one, as in JSON Schema.
    let serde = match (field.presence, field.reads_integer) {
        (Presence::Flattened, _) => quote! { #[serde(flatten)] },
        (Presence::Required, false) | (Presence::RequiredNullable, false) => match rename {
            Some(rename) => quote! { #[serde(#rename)] },
            None => quote!(),
        },
        (Presence::Required, true) => {
            quote! { #[serde(#rename deserialize_with = "crate::support::integer")] }
        }
        // `default` keeps a missing nullable key reading as `None`, as without `deserialize_with`.
        (Presence::RequiredNullable, true) => {
            quote! { #[serde(#rename default, deserialize_with = "crate::support::integer")] }
        }
        // Free-form JSON reads a present `null` as a value (`Some`), so it is written back.
        (Presence::Optional, false) if is_free_form(api, &field.shape) => quote! {
            #[serde(#rename default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::support::present")]
        },
        (Presence::Optional, false) => {
            quote! { #[serde(#rename default, skip_serializing_if = "Option::is_none")] }
        }
        (Presence::Optional, true) => quote! {
            #[serde(#rename default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::support::integer")]
        },
        (Presence::OptionalNullable, false) => quote! {
            #[serde(#rename default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::support::double_option")]
        },
        (Presence::OptionalNullable, true) => quote! {
            #[serde(#rename default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::support::integer_double_option")]
        },
    };
    quote! {
        #doc
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// Whether a value is free-form JSON (`{}`), directly or through aliases: `null` is one of its
/// values, not an absence.
fn is_free_form(api: &Api, shape: &Shape) -> bool {
    matches!(api.resolved_ty(shape), Ty::Any)
}

fn redacting_debug(type_name: &str, s: &Struct) -> TokenStream {
    let name = ident(type_name);
    let entries = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let label = bare(&f.rust);
        if f.sensitive {
            quote! { .field(#label, &crate::support::Redacted) }
        } else {
            quote! { .field(#label, &self.#field) }
        }
    });
    let allow = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name) #(#entries)* .finish()
            }
        }
    }
}

fn enum_def(type_name: &str, e: &Enum, doc: TokenStream, read: bool) -> TokenStream {
    let name = ident(type_name);
    let unrecognized = format_ident!("{}", UNRECOGNIZED_VARIANT);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let fallback = code_span(&v.wire);
        let doc = docs(v.doc.as_deref(), &fallback);
        // Without a description the fallback already is the wire value.
        let wire_note = v
            .doc
            .is_some()
            .then(|| doc_paragraph(&format!("Wire value: {fallback}.")));
        quote! { #doc #wire_note #variant, }
    });
    let table = e.variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let wire = &v.wire;
        quote! { #variant = #wire, }
    });
    // `Deserialize` always for a type responses hold, behind `request-deserialize` otherwise.
    let de = if read {
        format_ident!("always")
    } else {
        format_ident!("request_only")
    };
    let enum_doc = doc_paragraph(&format!(
        "Values this crate does not know yet deserialize into `Unrecognized`, which keeps the raw string and serializes it back unchanged. Requests are strict: parse a value with `str::parse` (which fails on an unknown one), and build an unknown one only on purpose with [`{type_name}::from_wire`]; `build_*` refuses a body holding an `Unrecognized` value unless the `Config` allows it (`allow_unrecognized_enum_values`)."
    ));
    // The methods and impls every string enum has come from the runtime's `string_enum!`, fed
    // with this enum's table of variants and wire values.
    quote! {
        #doc
        #enum_doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value not listed in the spec, kept verbatim.
            #unrecognized(crate::support::UnrecognizedValue),
        }

        crate::support::string_enum!(#name, #de { #(#table)* });
    }
}

fn union_def(api: &Api, type_name: &str, u: &Union, doc: TokenStream, read: bool) -> TokenStream {
    let deserialize = deserialize_attr(read, true);
    let name = ident(type_name);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let fallback = format!("The `{}` form.", v.rust);
        let doc = docs(v.doc.as_deref(), &fallback);
        let inner = type_tokens(&v.stored_type);
        let integer = v
            .reads_integer
            .then(|| quote!(#[serde(deserialize_with = "crate::support::integer")]));
        quote! { #doc #variant(#integer #inner), }
    });
    let sensitive = u.variants.iter().any(|v| v.sensitive);
    let debug_derive = if sensitive { quote!() } else { quote!(Debug,) };
    let debug_impl = sensitive.then(|| {
        let arms = u.variants.iter().map(|v| {
            let variant = ident(&v.rust);
            let label = &v.rust;
            if v.sensitive {
                quote! { Self::#variant(_) => f.debug_tuple(#label).field(&crate::support::Redacted).finish(), }
            } else {
                quote! { Self::#variant(value) => f.debug_tuple(#label).field(value).finish(), }
            }
        });
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self { #(#arms)* }
                }
            }
        }
    });
    let conversions = union_from_impls(api, type_name, u);
    quote! {
        #doc
        #[derive(Clone, #debug_derive PartialEq, serde::Serialize)]
        #deserialize
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
        #debug_impl
        #conversions
    }
}

/// `From` for each variant whose value type no other variant shares (so `.amount(990)` and
/// `.amount("990")` work for a union of integer and string); a string variant also takes `&str`.
fn union_from_impls(api: &Api, type_name: &str, u: &Union) -> TokenStream {
    let name = ident(type_name);
    let mut impls = TokenStream::new();
    for v in &u.variants {
        let Some(from) = v.from else {
            continue;
        };
        let variant = ident(&v.rust);
        let inner = value_type(api, &v.shape);
        let wrap = if v.boxed {
            quote!(Box::new(value))
        } else {
            quote!(value)
        };
        let doc = format!("The `{}` form.", v.rust);
        impls.extend(quote! {
            #[doc = #doc]
            impl From<#inner> for #name {
                fn from(value: #inner) -> Self {
                    Self::#variant(#wrap)
                }
            }
        });
        if from.from_str {
            let wrap = if v.boxed {
                quote!(Box::new(value.to_owned()))
            } else {
                quote!(value.to_owned())
            };
            impls.extend(quote! {
                #[doc = #doc]
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant(#wrap)
                    }
                }
            });
        }
    }
    impls
}

fn conditional_def(type_name: &str, c: &Conditional, doc: TokenStream, read: bool) -> TokenStream {
    let deserialize_cfg = deserialize_attr(read, false);
    let name = ident(type_name);
    let flag_variant = ident(&c.flag_variant);
    let dependent_variant = ident(&c.dependent_variant);
    let (flag, dependent) = (&c.flag, &c.dependent);
    // The keys as the spec spells them, each quoted as one code span in the docs.
    let (flag_code, dependent_code) = (code_span(flag), code_span(dependent));
    let flag_true = code_span(&format!("\"{flag}\": true"));
    let flag_false = code_span(&format!("\"{flag}\": false"));
    let value = type_tokens(&c.dependent_type);
    let flag_doc = docs(
        Some(&format!(
            "{flag_true}, and no {dependent_code}.{}",
            c.flag_doc
                .as_deref()
                .map(|d| format!("\n\n{d}"))
                .unwrap_or_default()
        )),
        "",
    );
    let ctor = ident(&c.dependent_fn);
    let dependent_doc = docs(
        Some(&format!(
            "{dependent_code}, with {flag_false} written beside it or left out as the\n[`FlagPresence`](crate::support::FlagPresence) says (read bodies keep their form;\n[`{name}::{ctor}`] writes the flag).{}",
            c.dependent_doc
                .as_deref()
                .map(|d| format!("\n\n{d}"))
                .unwrap_or_default()
        )),
        "",
    );
    let wire_note = doc_paragraph(&format!(
        "On the wire this is the pair of keys {flag_code} and {dependent_code} of the enclosing object: {dependent_code} is required unless {flag_code} is true, and must be absent when it is."
    ));
    let missing = format!("`{dependent}` is required unless `{flag}` is true");
    let ctor_doc = format!("{dependent_code} with {flag_false} written beside it.");
    let dependent_integer = c
        .dependent_integer
        .then(|| quote!(deserialize_with = "crate::support::integer",));
    let forbidden = format!("`{dependent}` must not be sent when `{flag}` is true");
    let (debug_derive, debug_impl) = if c.dependent_sensitive {
        let label = &c.dependent_variant;
        let flag_label = &c.flag_variant;
        let imp = quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        Self::#flag_variant => f.write_str(#flag_label),
                        Self::#dependent_variant(_, presence) => f.debug_tuple(#label).field(&crate::support::Redacted).field(presence).finish(),
                    }
                }
            }
        };
        (quote!(), imp)
    } else {
        (quote!(Debug,), quote!())
    };
    let allow_large = c
        .large_value
        .then(|| quote!(#[allow(clippy::large_enum_variant)]));
    quote! {
        #doc
        #wire_note
        #allow_large
        #[derive(Clone, #debug_derive PartialEq)]
        pub enum #name {
            #flag_doc
            #flag_variant,
            #dependent_doc
            #dependent_variant(#value, crate::support::FlagPresence),
        }

        impl #name {
            #[doc = #ctor_doc]
            pub fn #ctor(value: impl Into<#value>) -> Self {
                Self::#dependent_variant(value.into(), crate::support::FlagPresence::Written)
            }
        }

        #debug_impl

        impl serde::Serialize for #name {
            fn serialize<_S: serde::Serializer>(&self, serializer: _S) -> Result<_S::Ok, _S::Error> {
                #[derive(serde::Serialize)]
                struct _Wire<'a> {
                    #[serde(rename = #flag, skip_serializing_if = "Option::is_none")]
                    flag: Option<bool>,
                    #[serde(rename = #dependent, skip_serializing_if = "Option::is_none")]
                    value: Option<&'a #value>,
                }
                let wire = match self {
                    Self::#flag_variant => _Wire { flag: Some(true), value: None },
                    Self::#dependent_variant(value, presence) => _Wire { flag: presence.flag(), value: Some(value) },
                };
                serde::Serialize::serialize(&wire, serializer)
            }
        }

        #deserialize_cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<_D: serde::Deserializer<'de>>(deserializer: _D) -> Result<Self, _D::Error> {
                #[derive(serde::Deserialize)]
                struct _Wire {
                    #[serde(rename = #flag, default)]
                    flag: Option<bool>,
                    #[serde(rename = #dependent, default, #dependent_integer)]
                    value: Option<#value>,
                }
                let wire = <_Wire as serde::Deserialize>::deserialize(deserializer)?;
                match (wire.flag, wire.value) {
                    (Some(true), None) => Ok(Self::#flag_variant),
                    (Some(true), Some(_)) => Err(serde::de::Error::custom(#forbidden)),
                    (flag, Some(value)) => Ok(Self::#dependent_variant(value, crate::support::FlagPresence::of_read(flag))),
                    (_, None) => Err(serde::de::Error::custom(#missing)),
                }
            }
        }
    }
}
