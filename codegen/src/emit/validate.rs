//! `Validate` impls: the spec's constraints checked on a value before it is sent.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::ident;
use crate::ir::{Api, Bound, Constraints, Format, Presence, Shape, Ty, TypeDef, TypeKind};

/// The `Validate` impl of a struct, union, conditional or enum (which refuses `Unrecognized`);
/// nothing for aliases.
pub fn validate_impl(api: &Api, def: &TypeDef) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let checks = s.fields.iter().map(|field| {
                let name = ident(&field.rust);
                let wire = &field.wire;
                if field.presence == Presence::Flattened {
                    return quote! { crate::support::Validate::validate_at(&self.#name, path, out); };
                }
                let check = check_shape(api, &field.shape);
                if check.is_empty() {
                    return quote!();
                }
                // The common cases in one line each: a value whose own `Validate` (through
                // `Option`, `Vec` and maps) does it all, and a string with rules.
                if checked_by_its_type(api, &field.shape) {
                    return quote! { path.field(#wire, &self.#name, out); };
                }
                if let Some(rules) = string_rules(api, &field.shape) {
                    let text = match field.presence {
                        Presence::Required => quote!(Some(self.#name.as_str())),
                        Presence::Optional | Presence::RequiredNullable => quote!(self.#name.as_deref()),
                        Presence::OptionalNullable => quote!(self.#name.as_ref().and_then(Option::as_deref)),
                        Presence::Flattened => unreachable!(),
                    };
                    return quote! { path.text(#wire, #text, &#rules, out); };
                }
                let keyed = quote! { path.key(#wire); #check path.pop(); };
                match field.presence {
                    Presence::Required => quote! { { let value = &self.#name; #keyed } },
                    Presence::Optional | Presence::RequiredNullable => quote! { if let Some(value) = &self.#name { #keyed } },
                    Presence::OptionalNullable => quote! { if let Some(Some(value)) = &self.#name { #keyed } },
                    Presence::Flattened => unreachable!(),
                }
            });
            // "`quantity` must be absent when `infinite` is true" between optional fields.
            let exclusions = s.exclusions.iter().map(|e| {
                let (flag, dependent) = (&s.fields[e.flag], &s.fields[e.dependent]);
                let (flag_name, dependent_name) = (ident(&flag.rust), ident(&dependent.rust));
                let wire = &dependent.wire;
                let message = format!("must not be sent when `{}` is true", flag.wire);
                quote! {
                    if self.#flag_name == Some(true) && self.#dependent_name.is_some() {
                        path.key(#wire);
                        path.violation(out, #message.to_owned());
                        path.pop();
                    }
                }
            });
            quote! { #(#checks)* #(#exclusions)* }
        }
        TypeKind::Union(u) => {
            let checks: Vec<TokenStream> = u
                .variants
                .iter()
                .map(|v| check_shape(api, &v.shape))
                .collect();
            if checks.iter().all(TokenStream::is_empty) {
                quote!()
            } else {
                let arms = u.variants.iter().zip(checks).map(|(v, check)| {
                    let variant = ident(&v.rust);
                    if check.is_empty() {
                        quote! { Self::#variant(_) => {} }
                    } else {
                        quote! { Self::#variant(value) => { #check } }
                    }
                });
                quote! { match self { #(#arms)* } }
            }
        }
        TypeKind::Conditional(c) => {
            let flag = ident(&c.flag_variant);
            let dependent = ident(&c.dependent_variant);
            let wire = &c.dependent;
            let check = check_shape(api, &c.dependent_shape);
            if check.is_empty() {
                quote!()
            } else {
                quote! {
                    match self {
                        Self::#flag => {}
                        Self::#dependent(value, _) => { path.key(#wire); #check path.pop(); }
                    }
                }
            }
        }
        // Enums get `Validate` (refusing `Unrecognized` unless the `Config` allows it) from the
        // runtime's `string_enum!`; aliases have none of their own.
        TypeKind::Enum(_) | TypeKind::Alias(_) => return quote!(),
        TypeKind::Newtype(inner) => {
            let check = check_shape(api, inner);
            if check.is_empty() {
                quote!()
            } else {
                quote! { let value = &self.0; #check }
            }
        }
    };
    // A value that holds only itself and no constraint (a union or newtype of lists of itself)
    // can break nothing: no body, rather than a recursion that never reports.
    let body = match &def.kind {
        TypeKind::Union(_) | TypeKind::Newtype(_) if !def.checked => quote!(),
        _ => body,
    };
    let name = ident(&def.name);
    if body.is_empty() {
        // The trait's default: nothing to check.
        return quote! { impl crate::support::Validate for #name {} };
    }
    let (path, out) = (quote!(path), quote!(out));
    let allow = match &def.kind {
        TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated) => {
            quote!(#[allow(deprecated)])
        }
        _ => quote!(),
    };
    quote! {
        #allow
        impl crate::support::Validate for #name {
            fn validate_at(&self, #path: &mut crate::support::FieldPath, #out: &mut Vec<crate::support::Violation>) {
                #body
            }
        }
    }
}

/// Checks of `value` (a reference to a value of `shape`); empty when nothing applies.
pub(super) fn check_shape(api: &Api, shape: &Shape) -> TokenStream {
    let c = &shape.constraints;
    match &shape.ty {
        Ty::Named(id) => match alias_target(api, *id, c) {
            Some(target) => check_shape(api, &target),
            // Its own checks, then, for a newtype, the item count written beside the `$ref` (a
            // newtype's own constraints are not merged into references to it).
            None => match &api.ty(*id).kind {
                TypeKind::Newtype(_) => {
                    let count = newtype_items_check(api, *id, c);
                    quote! { crate::support::Validate::validate_at(value, path, out); #count }
                }
                _ => quote! { crate::support::Validate::validate_at(value, path, out); },
            },
        },
        Ty::String => string_check(c),
        Ty::Integer | Ty::Number => number_check(shape),
        Ty::List(item) => {
            let count = items_check(c);
            let each = check_shape(api, item);
            let each = if each.is_empty() {
                quote!()
            } else {
                quote! {
                    for (index, value) in value.iter().enumerate() {
                        path.index(index);
                        #each
                        path.pop();
                    }
                }
            };
            quote! { #count #each }
        }
        Ty::Map(values) => {
            let each = check_shape(api, values);
            if each.is_empty() {
                quote!()
            } else {
                quote! {
                    for (key, value) in value {
                        path.key(key);
                        #each
                        path.pop();
                    }
                }
            }
        }
        Ty::Boolean | Ty::Any | Ty::JsonObject => quote!(),
    }
}

/// What a reference to `id` with the constraints `c` checks when `id` is an alias: its target with
/// `c` (lowering merged the alias's own constraints into the referencing shape's).
fn alias_target(api: &Api, id: crate::ir::TypeId, c: &Constraints) -> Option<Shape> {
    api.ty(id).alias_target.as_ref().map(|target| Shape {
        ty: target.ty.clone(),
        constraints: c.clone(),
    })
}

/// Whether the checks of a value of `shape` are exactly its type's own `Validate` (the runtime's
/// impls for `Option`, `Vec`, `Box` and maps carry them through): no count or rule written here.
pub(super) fn checked_by_its_type(api: &Api, shape: &Shape) -> bool {
    let c = &shape.constraints;
    match &shape.ty {
        Ty::Named(id) => match alias_target(api, *id, c) {
            Some(target) => checked_by_its_type(api, &target),
            None => newtype_items_check(api, *id, c).is_empty(),
        },
        Ty::List(item) => items_check(c).is_empty() && checked_by_its_type(api, item),
        Ty::Map(values) => checked_by_its_type(api, values),
        _ => false,
    }
}

/// The `StrRules` of a string `shape` (through aliases), when it has any.
fn string_rules(api: &Api, shape: &Shape) -> Option<TokenStream> {
    match &shape.ty {
        Ty::Named(id) => string_rules(api, &alias_target(api, *id, &shape.constraints)?),
        Ty::String => str_rules(&shape.constraints),
        _ => None,
    }
}

fn opt_usize(value: Option<u64>) -> TokenStream {
    match value {
        Some(v) => {
            let v = v as usize;
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

/// `Some(literal)` or `None`; the literal's suffix (`5i64`, `5f64`) picks the type compared.
fn optional<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn string_check(c: &Constraints) -> TokenStream {
    match str_rules(c) {
        Some(rules) => quote! { crate::support::check_str(value, &#rules, path, out); },
        None => quote!(),
    }
}

/// A `StrRules` literal naming only the rules `c` has; `None` when it has none.
pub(super) fn str_rules(c: &Constraints) -> Option<TokenStream> {
    str_rules_of(c, None)
}

/// [`str_rules`] plus the values of an `enum` on a string the user passes as text.
pub(super) fn str_rules_of(c: &Constraints, values: Option<&[String]>) -> Option<TokenStream> {
    // Numeric formats (int32, ...) are bounds, checked with the number.
    let format = match c.format {
        Some(Format::DateTime) => Some(quote!(DateTime)),
        Some(Format::Date) => Some(quote!(Date)),
        Some(Format::Uri) => Some(quote!(Uri)),
        Some(Format::Email) => Some(quote!(Email)),
        Some(Format::Ipv4) => Some(quote!(Ipv4)),
        Some(Format::Ipv6) => Some(quote!(Ipv6)),
        Some(Format::Uuid) => Some(quote!(Uuid)),
        Some(Format::Byte) => Some(quote!(Byte)),
        Some(Format::Int32 | Format::Int64 | Format::Double) | None => None,
    };
    let mut rules = Vec::new();
    if let Some(min) = c.min_length {
        let min = min as usize;
        rules.push(quote!(min_length: Some(#min)));
    }
    if let Some(max) = c.max_length {
        let max = max as usize;
        rules.push(quote!(max_length: Some(#max)));
    }
    if let Some(pattern) = &c.pattern {
        rules.push(quote!(pattern: Some(#pattern)));
    }
    if let Some(variant) = format {
        rules.push(quote!(format: Some(crate::support::Format::#variant)));
    }
    if let Some(values) = values {
        rules.push(quote!(one_of: Some(&[#(#values),*])));
    }
    if rules.is_empty() {
        return None;
    }
    Some(quote! { crate::support::StrRules { #(#rules,)* ..crate::support::StrRules::NONE } })
}

/// Integers are compared as `i64` with exact bounds (an `f64` cannot tell 2^53 + 1 from 2^53);
/// numbers as `f64`.
fn number_check(shape: &Shape) -> TokenStream {
    let c = &shape.constraints;
    if shape.ty == Ty::Integer {
        return match c.integer_bounds() {
            (None, None) => quote!(),
            (min, max) => {
                let (min, max) = (optional(min), optional(max));
                quote! { crate::support::check_range(*value, #min, #max, path, out); }
            }
        };
    }
    if c.minimum.is_none() && c.maximum.is_none() {
        return quote!();
    }
    let min = optional(c.minimum.map(Bound::as_f64));
    let max = optional(c.maximum.map(Bound::as_f64));
    quote! { crate::support::check_range(*value, #min, #max, path, out); }
}

/// The item count constraints `c` (written beside a `$ref` to newtype `id`) on the list the
/// newtype finally holds, reached through `.0` of each newtype on the way.
fn newtype_items_check(api: &Api, mut id: crate::ir::TypeId, c: &Constraints) -> TokenStream {
    let check = items_check(c);
    if check.is_empty() {
        return check;
    }
    let mut access = quote!(value);
    // Lowering only makes newtypes of cycles through a list or map, so the chain ends; the bound
    // keeps a bug from looping.
    for _ in 0..api.types.len() {
        let TypeKind::Newtype(inner) = &api.ty(id).kind else {
            break;
        };
        access = quote!(#access.0);
        match inner.ty {
            Ty::Named(next) => id = next,
            _ => break,
        }
    }
    quote! { { let value = &#access; #check } }
}

fn items_check(c: &Constraints) -> TokenStream {
    if c.min_items.is_none() && c.max_items.is_none() {
        return quote!();
    }
    let (min, max) = (opt_usize(c.min_items), opt_usize(c.max_items));
    quote! { crate::support::check_items(value.len(), #min, #max, path, out); }
}
