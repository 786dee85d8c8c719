//! Constraints written beside a `$ref` to an alias add to the alias's own: merged here, once every
//! type is known, so the emitters see each value's full constraints. Alias chains that come back
//! to themselves are rejected (they would be a type alias cycle, and unbounded work here).

use crate::error::{Diagnostic, Result};
use crate::ir::{Operation, Shape, Ty, TypeDef, TypeId, TypeKind};

/// The value an alias finally stands for, following alias chains: the last alias's shape with
/// the constraints of every alias on the way merged (nearer ones win). Fails on a cycle.
fn resolve_alias(file: &str, types: &[TypeDef], start: TypeId) -> Result<Option<Shape>> {
    let mut seen = vec![start];
    let mut current = start;
    let mut merged: Option<Shape> = None;
    while let TypeKind::Alias(shape) = &types[current.0].kind {
        merged = Some(match merged {
            None => shape.clone(),
            Some(outer) => Shape {
                ty: shape.ty.clone(),
                constraints: outer.constraints.over(&shape.constraints),
            },
        });
        match shape.ty {
            Ty::Named(next) if seen.contains(&next) => {
                let def = &types[start.0];
                return Err(Diagnostic::new(
                    file,
                    &def.source,
                    format!(
                        "the alias `{}` refers back to itself through other aliases",
                        def.name
                    ),
                    "give one of the components in the chain a real schema",
                ));
            }
            Ty::Named(next) => {
                seen.push(next);
                current = next;
            }
            _ => break,
        }
    }
    Ok(merged)
}

/// Records each alias's final target ([`TypeDef::alias_target`]: the one place alias chains are
/// followed), and for every shape that references an alias (in a type, or an operation's request
/// body) merges the alias's constraints under the ones written beside the `$ref` (whether those
/// apply was checked when the reference was lowered).
pub fn merge_alias_constraints(
    file: &str,
    types: &mut [TypeDef],
    operations: &mut [Operation],
) -> Result<()> {
    // Resolve first (read-only), then write.
    let mut resolved: Vec<Option<Shape>> = Vec::with_capacity(types.len());
    for index in 0..types.len() {
        resolved.push(resolve_alias(file, types, TypeId(index))?);
    }
    for (def, target) in types.iter_mut().zip(&resolved) {
        def.alias_target = target.clone();
    }
    let mut merge = |shape: &mut Shape| {
        if let Ty::Named(id) = shape.ty {
            if let Some(target) = &resolved[id.0] {
                shape.constraints = shape.constraints.over(&target.constraints);
            }
        }
    };
    for def in types.iter_mut() {
        visit_shapes(&mut def.kind, &mut merge);
    }
    // `build_*` checks a body that is an alias with the alias's rules.
    for body in operations.iter_mut().filter_map(|op| op.request.as_mut()) {
        visit_shape(body, &mut merge);
    }
    Ok(())
}

/// Calls `f` on `shape` and on the shapes nested in it (list items, map values).
fn visit_shape(shape: &mut Shape, f: &mut impl FnMut(&mut Shape)) {
    f(shape);
    if let Ty::List(inner) | Ty::Map(inner) = &mut shape.ty {
        visit_shape(inner, f);
    }
}

/// Calls `f` on every shape of a type, nested ones included.
pub fn visit_shapes(kind: &mut TypeKind, f: &mut impl FnMut(&mut Shape)) {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter_mut()
            .for_each(|field| visit_shape(&mut field.shape, f)),
        TypeKind::Union(u) => u
            .variants
            .iter_mut()
            .for_each(|v| visit_shape(&mut v.shape, f)),
        TypeKind::Conditional(c) => visit_shape(&mut c.dependent_shape, f),
        TypeKind::Alias(shape) | TypeKind::Newtype(shape) => visit_shape(shape, f),
        TypeKind::Enum(_) => {}
    }
}
