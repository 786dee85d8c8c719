//! Constraints written beside a `$ref` to an alias add to the alias's own: merged here, once every
//! type is known, so the emitters see each value's full constraints. Alias chains that come back
//! to themselves are rejected (they would be a type alias cycle, and unbounded work here).

use crate::error::{Diagnostic, Result};
use crate::ir::{Shape, Ty, TypeDef, TypeId, TypeKind};

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
/// followed), and for every shape that references an alias, merges the alias's constraints under
/// the ones written beside the `$ref` (whether those apply was checked when the reference was
/// lowered).
pub fn merge_alias_constraints(file: &str, types: &mut [TypeDef]) -> Result<()> {
    // Resolve first (read-only), then write.
    let mut resolved: Vec<Option<Shape>> = Vec::with_capacity(types.len());
    for index in 0..types.len() {
        resolved.push(resolve_alias(file, types, TypeId(index))?);
    }
    for (def, target) in types.iter_mut().zip(&resolved) {
        def.alias_target = target.clone();
    }
    for def in types.iter_mut() {
        visit_shapes(&mut def.kind, &mut |shape| {
            if let Ty::Named(id) = shape.ty {
                if let Some(target) = &resolved[id.0] {
                    shape.constraints = shape.constraints.over(&target.constraints);
                }
            }
        });
    }
    Ok(())
}

/// Merges the rules of the aliases `shape` (and the shapes nested in it) references under its own,
/// as [`merge_alias_constraints`] does for the shapes of types.
pub fn merge_into(shape: &mut Shape, types: &[TypeDef]) {
    if let Ty::Named(id) = shape.ty {
        if let Some(target) = &types[id.0].alias_target {
            shape.constraints = shape.constraints.over(&target.constraints);
        }
    }
    if let Ty::List(inner) | Ty::Map(inner) = &mut shape.ty {
        merge_into(inner, types);
    }
}

/// Calls `f` on every shape of a type, nested ones included.
pub fn visit_shapes(kind: &mut TypeKind, f: &mut impl FnMut(&mut Shape)) {
    fn walk(shape: &mut Shape, f: &mut impl FnMut(&mut Shape)) {
        f(shape);
        if let Ty::List(inner) | Ty::Map(inner) = &mut shape.ty {
            walk(inner, f);
        }
    }
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter_mut()
            .for_each(|field| walk(&mut field.shape, f)),
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| walk(&mut v.shape, f)),
        TypeKind::Conditional(c) => walk(&mut c.dependent_shape, f),
        TypeKind::Alias(shape) | TypeKind::Newtype(shape) => walk(shape, f),
        TypeKind::Enum(_) => {}
    }
}
