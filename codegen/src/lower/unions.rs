//! Untagged unions (`oneOf` / `anyOf`): the first variant that parses wins.

use super::Lowerer;
use crate::error::Result;
use crate::ir::{TypeDef, TypeId, TypeKind, Union, UnionVariant};
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
            });
        }
        self.define(
            id,
            TypeDef {
                name,
                doc: schema.description.clone(),
                source: schema.pointer.clone(),
                kind: TypeKind::Union(Union { variants }),
            },
        );
        Ok(())
    }
}
