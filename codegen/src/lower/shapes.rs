//! Values: primitives, arrays, maps, `$ref`s and named aliases. Inline objects, enums and unions
//! met here become new named types.

use super::Lowerer;
use crate::error::Result;
use crate::ir::{Shape, Ty, TypeId, TypeKind};
use crate::names;
use crate::spec::subset::{
    classify, inapplicable_constraint, reject_conditional_keywords, reject_foreign_keywords,
    structural_keywords, value_keywords, Kind, INAPPLICABLE_HELP,
};
use crate::spec::{Additional, JsonType, Schema};

impl<'d> Lowerer<'d> {
    /// Defines component `id` as an alias of a value type: `pub type Name = ...;`.
    pub(super) fn define_alias(
        &mut self,
        id: TypeId,
        name: String,
        schema: &'d Schema,
    ) -> Result<()> {
        let (shape, _) = self.shape_of(schema, &name)?;
        if shape.ty == Ty::Named(id) {
            return Err(schema.error(
                format!("`{name}` is defined as itself"),
                "give the component a real schema",
            ));
        }
        self.define(id, name, schema, TypeKind::Alias(shape));
        Ok(())
    }

    /// The shape of a value schema, and whether it may be null. Inline objects, enums and unions
    /// become new types named `hint`.
    pub(super) fn shape_of(&mut self, schema: &'d Schema, hint: &str) -> Result<(Shape, bool)> {
        reject_conditional_keywords(schema)?;
        if let Some(reference) = &schema.reference {
            let extra = structural_keywords(schema);
            if extra.iter().any(|k| !["$ref", "constraints"].contains(k)) {
                return Err(schema.error(
                    format!("`$ref` with sibling keywords {}", extra.join(", ")),
                    "next to `$ref` only annotations (description, ...) and constraints are accepted",
                ));
            }
            let (_, _, id) = self.resolve_ref(schema, reference)?;
            if !schema.constraints.is_empty() {
                self.check_constraints_beside_ref(schema)?;
            }
            return Ok((
                Shape {
                    ty: Ty::Named(id),
                    constraints: schema.constraints.clone(),
                },
                false,
            ));
        }
        let (types, nullable) = schema.split_null();
        let inline_name = || {
            names::type_name(hint).ok_or_else(|| {
                schema.error(
                    format!("an inline schema here would be named `{hint}`, which is no Rust name"),
                    "make it a named component",
                )
            })
        };
        match classify(schema)? {
            Kind::Struct => {
                let (id, name) = self.inline_type(inline_name()?, schema)?;
                self.define_struct(id, name, schema)?;
                return Ok((Shape::plain(Ty::Named(id)), nullable));
            }
            Kind::Enum => {
                let (id, name) = self.inline_type(inline_name()?, schema)?;
                self.define_enum(id, name, schema)?;
                return Ok((Shape::plain(Ty::Named(id)), nullable));
            }
            Kind::Union(branches) => {
                let (non_null, nulls): (Vec<_>, Vec<_>) =
                    branches.into_iter().partition(|b| !b.is_null_only());
                let nullable = nullable || !nulls.is_empty();
                if non_null.len() == 1 && !nulls.is_empty() {
                    let (shape, _) = self.shape_of(non_null[0], hint)?;
                    return Ok((shape, true));
                }
                let (id, name) = self.inline_type(inline_name()?, schema)?;
                self.define_union(id, name, schema, non_null)?;
                return Ok((Shape::plain(Ty::Named(id)), nullable));
            }
            Kind::Other => {}
        }
        reject_foreign_keywords(schema, value_keywords(types.first().copied()))?;
        let ty = match types.first() {
            None if schema.items.is_some() => self.list_of(schema, hint)?,
            None => Ty::Any,
            Some(JsonType::Array) => self.list_of(schema, hint)?,
            Some(JsonType::Object) => match &schema.additional {
                Additional::Closed | Additional::Any => Ty::JsonObject,
                Additional::Schema(values) => {
                    let (shape, value_nullable) = self.shape_of(values, &format!("{hint}Value"))?;
                    if value_nullable {
                        return Err(values.error(
                            "nullable map values are not supported",
                            "drop \"null\" from the value type",
                        ));
                    }
                    Ty::Map(Box::new(shape))
                }
            },
            Some(JsonType::String) => Ty::String,
            Some(JsonType::Integer) => Ty::Integer,
            Some(JsonType::Number) => Ty::Number,
            Some(JsonType::Boolean) => Ty::Boolean,
            // `split_null` removed every null; nothing is left to type.
            Some(JsonType::Null) => Ty::Any,
        };
        Ok((
            Shape {
                ty,
                constraints: schema.constraints.clone(),
            },
            nullable,
        ))
    }

    /// Constraints beside a `$ref` apply to the value the reference finally stands for: a
    /// primitive or array alias. Anything else would ignore them.
    fn check_constraints_beside_ref(&self, schema: &'d Schema) -> Result<()> {
        let mut target = schema;
        let mut seen: Vec<&str> = Vec::new();
        while let Some(reference) = &target.reference {
            if seen.contains(&reference.as_str()) {
                return Err(schema.error(
                    "the `$ref` chain comes back to itself",
                    "give one of the components in the chain a real schema",
                ));
            }
            seen.push(reference);
            target = self.resolve_ref(target, reference)?.1;
        }
        let ty = match (classify(target)?, target.split_null().0.first()) {
            (Kind::Other, Some(ty)) => Some(*ty),
            (Kind::Other, None) if target.items.is_some() => Some(JsonType::Array),
            _ => None,
        };
        let problem = match ty {
            Some(ty) => inapplicable_constraint(ty, &schema.constraints).map(|(_, m)| m),
            None => Some(
                "constraints beside a `$ref` to an object, enum, union or untyped value would be ignored"
                    .to_owned(),
            ),
        };
        match problem {
            Some(message) => Err(schema.error(message, INAPPLICABLE_HELP)),
            None => Ok(()),
        }
    }

    /// Claims the name of an inline type and gives it an id.
    fn inline_type(&mut self, name: String, schema: &Schema) -> Result<(TypeId, String)> {
        self.claim_type(&name, schema)?;
        Ok((self.new_type(), name))
    }

    /// The type of an array schema: `Vec` of its non-nullable items.
    fn list_of(&mut self, schema: &'d Schema, hint: &str) -> Result<Ty> {
        let items = schema.items.as_deref().ok_or_else(|| {
            schema.error(
                "array without `items`",
                "give the element schema in `items`",
            )
        })?;
        let (shape, nullable) = self.shape_of(items, &format!("{hint}Item"))?;
        if nullable {
            return Err(items.error(
                "nullable array items are not supported",
                "drop \"null\" from the item type",
            ));
        }
        Ok(Ty::List(Box::new(shape)))
    }

    /// The shape of a request or response body, which cannot be null.
    pub(super) fn body_shape(&mut self, body: &'d Schema, hint: &str) -> Result<Shape> {
        let (shape, nullable) = self.shape_of(body, hint)?;
        if nullable {
            return Err(body.error(
                "a nullable request or response body is not supported",
                "describe the body as an object; an absent body is a response without `content`",
            ));
        }
        Ok(shape)
    }

    /// The component a `$ref` schema points to, for inherited docs and sensitivity.
    pub(super) fn referenced(&self, schema: &Schema) -> Result<Option<&'d Schema>> {
        schema
            .reference
            .as_deref()
            .map(|r| self.resolve_ref(schema, r).map(|(_, s, _)| s))
            .transpose()
    }
}
