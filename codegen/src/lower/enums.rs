//! String enums: one variant per value, plus the catch-all for values the crate does not know.

use super::namespace::{Namespace, Owner};
use super::Lowerer;
use crate::error::Result;
use crate::ir::{Enum, EnumVariant, TypeId, TypeKind};
use crate::names::{self, UNRECOGNIZED_VARIANT};
use crate::spec::subset::{reject_conditional_keywords, reject_foreign_keywords};
use crate::spec::{JsonType, Schema};

impl<'d> Lowerer<'d> {
    /// Defines enum `id` named `name` from a string `enum`; every variant name is claimed, and
    /// the catch-all variant for unknown values is reserved.
    pub(super) fn define_enum(
        &mut self,
        id: TypeId,
        name: String,
        schema: &'d Schema,
    ) -> Result<()> {
        reject_conditional_keywords(schema)?;
        reject_foreign_keywords(schema, &["type", "enum"])?;
        let Some(values) = schema.enum_values.as_ref() else {
            return Err(schema.error(
                "an enum needs `enum` values",
                "list the string values under `enum`",
            ));
        };
        if schema.split_null().0.iter().any(|t| *t != JsonType::String) {
            return Err(schema.error(
                "only string enums are supported",
                "use `\"type\": \"string\"`",
            ));
        }
        for described in schema.enum_descriptions.keys() {
            if !values.contains(described) {
                return Err(schema.error(
                    format!(
                        "`x-enum-descriptions` describes `{described}`, which is not in `enum`"
                    ),
                    "fix the spelling",
                ));
            }
        }
        let mut variant_names = Namespace::new(format!("variants of `{name}`"));
        variant_names.reserve(
            &[UNRECOGNIZED_VARIANT],
            "the catch-all variant reserved for values this crate does not know",
        );
        let mut variants: Vec<EnumVariant> = Vec::new();
        for value in values {
            let rust = names::pascal(value).ok_or_else(|| {
                schema.error(
                    format!("enum value `{value}` gives no Rust variant name"),
                    "the generator needs letters in an enum value",
                )
            })?;
            variant_names.claim(
                &rust,
                &Owner::new(format!("enum value `{value}`"), &schema.file, &schema.pointer),
                "the generator cannot bind two values that differ only in case or punctuation, nor one spelled like the reserved catch-all; raise it with the maintainers",
            )?;
            variants.push(EnumVariant {
                wire: value.clone(),
                rust,
                doc: schema.enum_descriptions.get(value).cloned(),
            });
        }
        self.define(id, name, schema, TypeKind::Enum(Enum { variants }));
        Ok(())
    }
}
