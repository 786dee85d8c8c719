//! The last pass: once every name, alias target and box is settled, each field, union variant and
//! conditional value gets its Rust type text, whether it reads integers, and each union variant
//! its `From` conversions. Emitters read these; they follow no alias and spell no type.

use crate::ir::{
    boxed_text, presence_text, type_text, FieldTypes, Shape, Ty, TypeDef, TypeKind, UnionFrom,
};

/// Fills the decisions of the last pass into every type of `types`.
pub fn settle(types: &mut [TypeDef]) {
    for index in 0..types.len() {
        let kind = settled_kind(types, &types[index]);
        types[index].kind = kind;
    }
}

/// `def`'s kind with the last pass's decisions filled in.
fn settled_kind(types: &[TypeDef], def: &TypeDef) -> TypeKind {
    let mut kind = def.kind.clone();
    match &mut kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                let value = type_text(types, &field.shape);
                let stored = boxed_text(&value, field.boxed);
                field.types = FieldTypes {
                    field: presence_text(&stored, field.presence),
                    stored,
                    value,
                };
                field.reads_integer = holds_integer(types, &field.shape, 0);
            }
        }
        TypeKind::Union(u) => {
            let keys: Vec<String> = u
                .variants
                .iter()
                .map(|v| resolved_text(types, &v.shape, 0))
                .collect();
            for (variant, key) in u.variants.iter_mut().zip(&keys) {
                variant.stored_type = boxed_text(&type_text(types, &variant.shape), variant.boxed);
                variant.reads_integer = holds_integer(types, &variant.shape, 0);
                // Ambiguous (two variants of one type), or `From<Self>`, which core already has.
                let unique = keys.iter().filter(|k| *k == key).count() == 1;
                variant.from = (unique && *key != def.name).then_some(UnionFrom {
                    from_str: key == "String",
                });
            }
        }
        TypeKind::Conditional(c) => {
            c.dependent_type = type_text(types, &c.dependent_shape);
            c.dependent_integer = holds_integer(types, &c.dependent_shape, 0);
        }
        TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
    }
    kind
}

/// Whether a value of `shape` holds JSON Schema integers (directly, in lists or maps, or through
/// an alias); `depth` stops at a named array or map that contains itself.
fn holds_integer(types: &[TypeDef], shape: &Shape, depth: usize) -> bool {
    if depth > types.len() {
        return false;
    }
    match &shape.ty {
        Ty::Integer => true,
        Ty::List(inner) | Ty::Map(inner) => holds_integer(types, inner, depth + 1),
        Ty::Named(id) => match &types[id.0].alias_target {
            Some(target) => holds_integer(types, target, depth + 1),
            None => false,
        },
        _ => false,
    }
}

/// The type a value of `shape` has once aliases are followed, as text: two union variants with
/// the same text hold the same Rust type.
fn resolved_text(types: &[TypeDef], shape: &Shape, depth: usize) -> String {
    if depth > types.len() {
        return type_text(types, shape);
    }
    match &shape.ty {
        Ty::Named(id) => match &types[id.0].alias_target {
            Some(target) => resolved_text(types, target, depth + 1),
            None => type_text(types, shape),
        },
        Ty::List(item) => format!("Vec<{}>", resolved_text(types, item, depth + 1)),
        Ty::Map(value) => format!("Map<{}>", resolved_text(types, value, depth + 1)),
        _ => type_text(types, shape),
    }
}
