//! Untagged unions (`oneOf` / `anyOf`): the first variant that parses wins.

use super::Lowerer;
use crate::error::{Diagnostic, Result};
use crate::ir::{Presence, Ty, TypeDef, TypeId, TypeKind, Union, UnionVariant};
use crate::names;
use crate::spec::subset::{reject_conditional_keywords, reject_foreign_keywords};
use crate::spec::Schema;

impl<'d> Lowerer<'d> {
    /// Defines union `id` named `name`: one variant per `oneOf`/`anyOf` branch, named by its
    /// `title` or the component it references.
    pub(super) fn define_union(
        &mut self,
        id: TypeId,
        name: String,
        schema: &'d Schema,
        branches: Vec<&'d Schema>,
    ) -> Result<()> {
        reject_conditional_keywords(schema)?;
        reject_foreign_keywords(schema, &["type", "oneOf", "anyOf"])?;
        let mut variants: Vec<UnionVariant> = Vec::new();
        for branch in branches {
            let variant = match (&branch.reference, &branch.title) {
                (_, Some(title)) => names::pascal(title),
                (Some(reference), None) => {
                    Some(self.component_name(self.resolve_ref(branch, reference)?.0))
                }
                (None, None) => None,
            }
            .ok_or_else(|| {
                branch.error(
                    "a `oneOf`/`anyOf` branch needs a `title` (the Rust variant name) or a `$ref`",
                    "add a `title`",
                )
            })?;
            if variants.iter().any(|v| v.rust == variant) {
                return Err(branch.error(
                    format!("two branches give the variant name `{variant}`"),
                    "give them distinct titles",
                ));
            }
            let (shape, nullable) = self.shape_of(branch, &format!("{name}{variant}"))?;
            if nullable {
                return Err(branch.error(
                    "a nullable union branch is not supported",
                    "make the union itself nullable",
                ));
            }
            let referenced = self.referenced(branch)?;
            variants.push(UnionVariant {
                rust: variant,
                doc: branch
                    .description
                    .clone()
                    .or_else(|| referenced.and_then(|r| r.description.clone())),
                shape,
                boxed: false,
                sensitive: self.is_sensitive(branch)?,
                reads_integer: false,
                stored_type: String::new(),
                from: None,
            });
        }
        self.define(id, name, schema, TypeKind::Union(Union { variants }));
        Ok(())
    }
}

/// The JSON values a union branch accepts, coarsely: which kinds of value, and whether it takes
/// every value of a kind (so no later branch ever sees one).
#[derive(Default, Clone, Copy)]
struct Accepts {
    /// Kinds accepted at all: null, bool, integer, fraction, string, array, object.
    some: [bool; 7],
    /// Kinds of which every value is accepted.
    all: [bool; 7],
}

const KINDS: [&str; 7] = [
    "null",
    "boolean",
    "integer",
    "fractional number",
    "string",
    "array",
    "object",
];
const BOOL: usize = 1;
const INT: usize = 2;
const FRACTION: usize = 3;
const STRING: usize = 4;
const ARRAY: usize = 5;
const OBJECT: usize = 6;

impl Accepts {
    fn of(kinds: &[usize], total: bool) -> Self {
        let mut accepts = Accepts::default();
        for kind in kinds {
            accepts.some[*kind] = true;
            accepts.all[*kind] = total;
        }
        accepts
    }
}

/// What a value of `ty` accepts when read; `depth` stops at alias or union chains.
fn accepts(types: &[TypeDef], ty: &Ty, depth: usize) -> Accepts {
    match ty {
        Ty::String => Accepts::of(&[STRING], true),
        Ty::Integer => Accepts::of(&[INT], true),
        Ty::Number => Accepts::of(&[INT, FRACTION], true),
        Ty::Boolean => Accepts::of(&[BOOL], true),
        Ty::Any => Accepts::of(&[0, BOOL, INT, FRACTION, STRING, ARRAY, OBJECT], true),
        Ty::JsonObject => Accepts::of(&[OBJECT], true),
        Ty::Map(_) => Accepts::of(&[OBJECT], false),
        Ty::List(_) => Accepts::of(&[ARRAY], false),
        Ty::Named(_) if depth > types.len() => Accepts::default(),
        Ty::Named(id) => match &types[id.0].kind {
            // The catch-all variant takes every string.
            TypeKind::Enum(_) => Accepts::of(&[STRING], true),
            // Unknown keys are ignored, so with nothing required every object is taken.
            TypeKind::Struct(s) => {
                let required = s
                    .fields
                    .iter()
                    .any(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable));
                Accepts::of(&[OBJECT], !required)
            }
            TypeKind::Conditional(_) => Accepts::of(&[OBJECT], false),
            // A newtype is transparent on the wire.
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => {
                accepts(types, &shape.ty, depth + 1)
            }
            TypeKind::Union(u) => {
                let mut all = Accepts::default();
                for v in &u.variants {
                    let a = accepts(types, &v.shape.ty, depth + 1);
                    for k in 0..KINDS.len() {
                        all.some[k] |= a.some[k];
                        all.all[k] |= a.all[k];
                    }
                }
                all
            }
        },
    }
}

/// The names of the required keys of a struct branch, for the "more specific first" rule.
fn required_keys<'t>(types: &'t [TypeDef], ty: &Ty) -> Option<Vec<&'t str>> {
    let Ty::Named(id) = ty else { return None };
    let TypeKind::Struct(s) = &types[id.0].kind else {
        return None;
    };
    Some(
        s.fields
            .iter()
            .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
            .map(|f| f.wire.as_str())
            .collect(),
    )
}

/// Rejects untagged unions that would lose data: a branch that a branch before it always wins
/// over (an integer after a number, anything after a struct with no required field, a struct
/// whose required keys include all of an earlier struct's), since the first branch that parses
/// wins and the value would come back changed or truncated.
pub fn reject_ambiguous_unions(file: &str, types: &[TypeDef]) -> Result<()> {
    for def in types {
        let TypeKind::Union(u) = &def.kind else {
            continue;
        };
        // Kinds of value some earlier branch takes all of: a later branch never sees them.
        let mut taken = [false; KINDS.len()];
        for (later_index, later) in u.variants.iter().enumerate() {
            let later_accepts = accepts(types, &later.shape.ty, 0);
            let never_chosen = later_accepts.some.iter().any(|k| *k)
                && (0..KINDS.len()).all(|k| !later_accepts.some[k] || taken[k]);
            let subsumed_by = u.variants[..later_index].iter().find(|earlier| {
                match (
                    required_keys(types, &earlier.shape.ty),
                    required_keys(types, &later.shape.ty),
                ) {
                    (Some(first), Some(second)) => first.iter().all(|k| second.contains(k)),
                    _ => false,
                }
            });
            for (k, all) in later_accepts.all.iter().enumerate() {
                taken[k] |= *all;
            }
            let reason = match subsumed_by {
                _ if never_chosen => format!(
                    "`{}` is never chosen: the branches before it take every value it accepts",
                    later.rust
                ),
                Some(earlier) => format!(
                    "every object `{}` accepts has the required keys of `{}` before it, which wins (unknown keys are dropped)",
                    later.rust, earlier.rust
                ),
                None => continue,
            };
            return Err(Diagnostic::new(
                file,
                &def.source,
                format!("the union `{}` would lose data: {reason}", def.name),
                "order the branches from the most specific to the most general (an integer before a number, a struct with more required keys first), or make them distinguishable by their required keys",
            ));
        }
    }
    Ok(())
}
