//! An object schema with its `allOf` branches merged: what struct lowering and the flag
//! conditionals both read.

use std::collections::BTreeSet;

use super::Lowerer;
use crate::error::Result;
use crate::spec::subset::{classify, reject_conditional_keywords, reject_foreign_keywords, Kind};
use crate::spec::{Additional, Schema};

/// What to do about an `allOf` branch that is not an object.
const ALL_OF_HELP: &str = "make each `allOf` branch a `$ref` to an object component or an inline object (`type`, `properties`, `required`)";

/// Properties, requirements and conditionals of an object schema with its `allOf` merged in.
#[derive(Default)]
pub(super) struct Gathered<'s> {
    pub properties: Vec<(&'s str, &'s Schema)>,
    pub required: BTreeSet<&'s str>,
    pub conditionals: Vec<&'s Schema>,
}

impl<'d> Lowerer<'d> {
    /// Merges the properties, `required` and conditionals of `schema` and its `allOf` branches
    /// (`$ref`s to object components inlined) into `into`.
    pub(super) fn gather(
        &self,
        schema: &'d Schema,
        into: &mut Gathered<'d>,
        depth: usize,
    ) -> Result<()> {
        // A chain of `allOf` `$ref`s that comes back to itself would never end.
        if depth > self.doc.schemas.len() + 1 {
            return Err(schema.error(
                "`allOf` references form a cycle",
                "an object cannot include itself through `allOf`",
            ));
        }
        if !matches!(schema.additional, Additional::Closed) && !schema.properties.is_empty() {
            return Err(schema.error(
                "`additionalProperties` next to `properties` is not supported",
                "use `additionalProperties` only on free-form objects without properties",
            ));
        }
        for (key, property) in &schema.properties {
            if into.properties.iter().any(|(k, _)| k == key) {
                return Err(property.error(
                    format!("property `{key}` is defined twice (through allOf)"),
                    "define it once",
                ));
            }
            into.properties.push((key, property));
        }
        into.required
            .extend(schema.required.iter().map(String::as_str));
        for branch in &schema.all_of {
            if branch.if_schema.is_some() {
                into.conditionals.push(branch);
            } else if let Some(reference) = &branch.reference {
                let (_, target, _) = self.resolve_ref(branch, reference)?;
                if !matches!(classify(target)?, Kind::Struct) {
                    return Err(
                        branch.error("an `allOf` branch must be an object schema", ALL_OF_HELP)
                    );
                }
                self.gather(target, into, depth + 1)?;
            } else {
                reject_conditional_keywords(branch)?;
                reject_foreign_keywords(branch, &["type", "properties", "required", "allOf"])?;
                if !matches!(classify(branch)?, Kind::Struct | Kind::Other)
                    || branch.enum_values.is_some()
                {
                    return Err(
                        branch.error("an `allOf` branch must be an object schema", ALL_OF_HELP)
                    );
                }
                self.gather(branch, into, depth + 1)?;
            }
        }
        Ok(())
    }
}
