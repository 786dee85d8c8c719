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
        TypeKind::Alias(shape) | TypeKind::Newtype(shape) => named(shape).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Every named type a shape mentions, with whether it sits inside a list or map.
fn mentions(shape: &Shape, in_container: bool, out: &mut Vec<(TypeId, bool)>) {
    match &shape.ty {
        Ty::Named(id) => out.push((*id, in_container)),
        Ty::List(inner) | Ty::Map(inner) => mentions(inner, true, out),
        _ => {}
    }
}

/// Turns into newtypes the aliases that contain themselves through other aliases only, with a
/// list or map on the way (`A` = array of `A`; `A` = map of `B`, `B` = array of `A`): as type
/// aliases they would be a cycle rustc refuses, yet each has finite values (an empty list or
/// map). A cycle of aliases with no list or map has no finite value and stays an alias, for
/// [`crate::lower::aliases`] to reject.
pub fn newtype_recursive_aliases(types: &mut [TypeDef]) {
    let edges: Vec<Vec<(TypeId, bool)>> = types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            if let TypeKind::Alias(shape) = &def.kind {
                mentions(shape, false, &mut out);
                out.retain(|(id, _)| matches!(types[id.0].kind, TypeKind::Alias(_)));
            }
            out
        })
        .collect();
    // Whether alias `start` comes back to itself through a list or map: a search over
    // (alias, a container passed yet) states.
    let recursive = |start: TypeId| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(TypeId, bool)> = edges[start.0].clone();
        while let Some((current, through)) = stack.pop() {
            if current == start && through {
                return true;
            }
            if seen.insert((current, through)) {
                stack.extend(
                    edges[current.0]
                        .iter()
                        .map(|(next, c)| (*next, through || *c)),
                );
            }
        }
        false
    };
    let newtypes: Vec<usize> = (0..types.len())
        .filter(|index| recursive(TypeId(*index)))
        .collect();
    for index in newtypes {
        let def = &mut types[index];
        if let TypeKind::Alias(shape) = &def.kind {
            def.kind = TypeKind::Newtype(shape.clone());
        }
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

/// Sets [`TypeDef::checked`]: whether checking a value of each type can report anything. A
/// fixpoint from "nothing can", so types that only hold each other (a list of itself) stay
/// unchecked.
pub fn mark_checked(types: &mut [TypeDef]) {
    fn shape_checked(shape: &Shape, checked: &[bool]) -> bool {
        !shape.constraints.is_empty()
            || match &shape.ty {
                Ty::Named(id) => checked[id.0],
                Ty::List(inner) | Ty::Map(inner) => shape_checked(inner, checked),
                _ => false,
            }
    }
    let mut checked = vec![false; types.len()];
    loop {
        let mut changed = false;
        for (index, def) in types.iter().enumerate() {
            if checked[index] {
                continue;
            }
            let now = match &def.kind {
                TypeKind::Enum(_) | TypeKind::Conditional(_) => true,
                TypeKind::Struct(s) => {
                    !s.exclusions.is_empty()
                        || s.fields.iter().any(|f| {
                            f.presence == Presence::Flattened || shape_checked(&f.shape, &checked)
                        })
                }
                TypeKind::Union(u) => u.variants.iter().any(|v| shape_checked(&v.shape, &checked)),
                TypeKind::Alias(shape) | TypeKind::Newtype(shape) => shape_checked(shape, &checked),
            };
            if now {
                checked[index] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (def, checked) in types.iter_mut().zip(checked) {
        def.checked = checked;
    }
}

/// Whether a value of `shape` can be written down, given which types already can.
fn finite(shape: &Shape, known: &[bool]) -> bool {
    match &shape.ty {
        Ty::Named(id) => known[id.0],
        // A list that must hold items is as finite as they are.
        Ty::List(item) if shape.constraints.min_items.is_some_and(|n| n > 0) => finite(item, known),
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
                TypeKind::Alias(shape) | TypeKind::Newtype(shape) => finite(shape, &known),
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
                "make one field on the cycle optional or nullable, or an array that may be empty",
            ))
        }
        None => Ok(()),
    }
}
