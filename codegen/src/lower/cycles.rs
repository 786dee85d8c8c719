//! Recursion: fields that lead back to their own type are boxed, and a type that can only be
//! built from itself (no finite value exists) is rejected.

use std::collections::BTreeSet;

use crate::error::{Diagnostic, Result};
use crate::ir::{Presence, Shape, Ty, TypeDef, TypeId, TypeKind};

/// The named types a type holds directly (not through a `Vec` or map, which already allocate).
fn direct_targets(kind: &TypeKind) -> Vec<TypeId> {
    let named = |shape: &Shape| match shape.ty {
        Ty::Named(id) => Some(id),
        _ => None,
    };
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.shape)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| named(&v.shape)).collect(),
        TypeKind::Conditional(c) => named(&c.dependent_shape).into_iter().collect(),
        TypeKind::Alias(shape) => named(shape).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Boxes every field and union variant whose type leads back to its own type.
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|t| direct_targets(&t.kind)).collect();
    let reaches = |from: TypeId, to: TypeId| -> bool {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if seen.insert(current) {
                stack.extend(edges[current.0].iter().copied());
            }
        }
        false
    };
    for (index, def) in types.iter_mut().enumerate() {
        let owner = TypeId(index);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Ty::Named(target) = field.shape.ty {
                        field.boxed = reaches(target, owner);
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if let Ty::Named(target) = variant.shape.ty {
                        variant.boxed = reaches(target, owner);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether a value of `shape` can be written down, given which types already can.
fn finite(shape: &Shape, known: &[bool]) -> bool {
    match &shape.ty {
        Ty::Named(id) => known[id.0],
        // An empty list or map is a finite value whatever the items are.
        _ => true,
    }
}

/// Rejects types that have no finite value: a struct whose required fields lead back to itself
/// with no way out (an optional field, an empty list, another union branch) can never be built.
pub fn reject_infinite_types(file: &str, types: &[TypeDef]) -> Result<()> {
    let mut known = vec![false; types.len()];
    // Fixpoint: each round marks the types buildable from already buildable ones.
    loop {
        let mut changed = false;
        for (index, def) in types.iter().enumerate() {
            if known[index] {
                continue;
            }
            let buildable = match &def.kind {
                TypeKind::Enum(_) | TypeKind::Conditional(_) => true,
                TypeKind::Alias(shape) => finite(shape, &known),
                TypeKind::Union(u) => u.variants.iter().any(|v| finite(&v.shape, &known)),
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .all(|f| !matches!(f.presence, Presence::Required) || finite(&f.shape, &known)),
            };
            if buildable {
                known[index] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    match known.iter().position(|k| !k) {
        Some(index) => {
            let def = &types[index];
            Err(Diagnostic::new(
                file,
                &def.source,
                format!(
                    "`{}` has no finite value: its required fields lead back to it with no way out",
                    def.name
                ),
                "make one field on the cycle optional or nullable, or an array",
            ))
        }
        None => Ok(()),
    }
}
