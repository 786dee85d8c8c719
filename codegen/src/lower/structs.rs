//! Objects with properties: `allOf` merged, fields named and claimed, builders named.

use super::conditionals::{is_exclusion, parse_conditional, parse_exclusion};
use super::gathered::Gathered;
use super::namespace::{Namespace, Owner};
use super::Lowerer;
use crate::error::Result;
use crate::ir::{
    BuilderRole, BuilderState, Exclusion, Field, FieldTypes, Presence, Struct, TypeId, TypeKind,
};
use crate::names::{self, fixed};
use crate::spec::subset::{reject_conditional_keywords, reject_foreign_keywords};
use crate::spec::{Additional, JsonType, Schema};

/// Most properties an object may have: far above any real API, low enough that the generated
/// code stays a size rustc handles comfortably.
const MAX_PROPERTIES: usize = 1000;
/// Most required fields of one struct: each is a type parameter of its typestate builder, and
/// every required setter names all of them (optional fields are moved as one value), so the
/// builder's code grows with the square of this number and linearly with everything else.
const MAX_REQUIRED: usize = 64;

impl<'d> Lowerer<'d> {
    /// Defines struct `id` named `name` from an object schema, and names its builder.
    pub(super) fn define_struct(
        &mut self,
        id: TypeId,
        name: String,
        schema: &'d Schema,
    ) -> Result<()> {
        reject_conditional_keywords(schema)?;
        reject_foreign_keywords(
            schema,
            &[
                "type",
                "properties",
                "required",
                "additionalProperties",
                "allOf",
            ],
        )?;
        if schema.split_null().0.iter().any(|t| *t != JsonType::Object) {
            return Err(schema.error(
                "an object with properties must have `\"type\": \"object\"`",
                "add `\"type\": \"object\"` (or `[\"object\", \"null\"]` for a nullable one)",
            ));
        }
        let builder = format!("{name}{}", fixed::BUILDER_SUFFIX);
        self.type_names.claim(
            &builder,
            &Owner::new(
                format!("the builder of `{name}`"),
                &schema.file,
                &schema.pointer,
            ),
            "rename the type or the other one",
        )?;
        let mut gathered = Gathered::default();
        self.gather(schema, &mut gathered, 0)?;
        for required in &gathered.required {
            if !gathered.properties.iter().any(|(k, _)| k == required) {
                return Err(schema.error(
                    format!("`{required}` is required but is not a property"),
                    "add the property or drop it from `required`",
                ));
            }
        }
        if gathered.properties.len() > MAX_PROPERTIES {
            return Err(schema.error(
                format!(
                    "{} properties, more than the limit of {MAX_PROPERTIES}",
                    gathered.properties.len()
                ),
                "split the object into nested objects",
            ));
        }
        if gathered.required.len() > MAX_REQUIRED {
            return Err(schema.error(
                format!(
                    "{} required properties, more than the limit of {MAX_REQUIRED} (one builder type parameter each)",
                    gathered.required.len()
                ),
                "make fields the API does not reject without optional, or split the object",
            ));
        }
        let (exclusion_branches, conditional_branches): (Vec<&Schema>, Vec<&Schema>) = gathered
            .conditionals
            .iter()
            .partition(|branch| is_exclusion(branch));
        let conditionals = conditional_branches
            .iter()
            .map(|branch| parse_conditional(branch, &gathered))
            .collect::<Result<Vec<_>>>()?;
        let exclusions = exclusion_branches
            .iter()
            .map(|branch| parse_exclusion(branch, &gathered))
            .collect::<Result<Vec<_>>>()?;

        // Fields and the builder's methods share one namespace: each field has a setter.
        let mut members = Namespace::new(format!("fields and builder methods of `{name}`"));
        members.reserve(&[fixed::BUILD], "the builder's finishing method");
        let mut fields: Vec<Field> = Vec::new();
        for (key, property) in &gathered.properties {
            // A conditional pair becomes one field, placed where the first of its keys stands.
            let (field, at) = match conditionals
                .iter()
                .find(|c| c.flag == *key || c.dependent == *key)
            {
                Some(c) if fields.iter().any(|f| f.wire == c.title) => continue,
                Some(c) => (self.conditional_field(&name, c)?, c.branch),
                None => (
                    self.plain_field(&name, key, property, gathered.required.contains(key))?,
                    *property,
                ),
            };
            let owner = Owner::new(format!("property `{key}`"), &at.file, &at.pointer);
            members.claim(&field.rust, &owner, "rename one of the properties")?;
            fields.push(field);
        }
        // Every field that is not required also gets a setter taking an `Option`, and a nullable
        // one a setter that sends `null`.
        for field in &fields {
            if let BuilderRole::Optional(setters) = &field.role {
                let owner = Owner::new(
                    format!("the `Option` setter of property `{}`", field.wire),
                    &schema.file,
                    &schema.pointer,
                );
                members.claim(&setters.maybe, &owner, "rename one of the properties")?;
                if let Some(null) = &setters.null {
                    let owner = Owner::new(
                        format!("the `null` setter of property `{}`", field.wire),
                        &schema.file,
                        &schema.pointer,
                    );
                    members.claim(null, &owner, "rename one of the properties")?;
                }
            }
        }
        let builder_state = self.builder_state(&name, schema, &fields)?;
        let index_of = |wire: &str| fields.iter().position(|f| f.wire == wire);
        let exclusions = exclusions
            .iter()
            .map(|e| {
                // Both keys were checked to be optional properties; a flattened conditional
                // would have taken them.
                match (index_of(e.flag), index_of(e.dependent)) {
                    (Some(flag), Some(dependent)) => Ok(Exclusion { flag, dependent }),
                    _ => Err(schema.error(
                        format!(
                            "`{}` and `{}` are also a flag conditional",
                            e.flag, e.dependent
                        ),
                        "use either the flag conditional or the exclusion for a pair of keys",
                    )),
                }
            })
            .collect::<Result<Vec<_>>>()?;

        self.define(
            id,
            name,
            schema,
            TypeKind::Struct(Struct {
                builder,
                builder_state,
                fields,
                exclusions,
            }),
        );
        Ok(())
    }

    /// Names the typestate helpers of struct `name` when some field is required: the hidden
    /// module of state traits and the storage of the optional fields (both claimed among the
    /// module's type names); each required field's pair of traits, named with its role, is
    /// claimed in the module.
    fn builder_state(
        &mut self,
        name: &str,
        schema: &Schema,
        fields: &[Field],
    ) -> Result<Option<BuilderState>> {
        if !fields.iter().any(Field::is_builder_required) {
            return Ok(None);
        }
        let owner = |what: String| Owner::new(what, &schema.file, &schema.pointer);
        let help = "rename the type or the other one";
        let snake = names::snake(name).ok_or_else(|| {
            schema.error(
                format!("type name `{name}` gives no module name for its builder"),
                "rename the schema to PascalCase letters and digits",
            )
        })?;
        let module = format!("{}_builder", names::stem(&snake));
        self.type_names.claim(
            &module,
            &owner(format!("the builder state module of `{name}`")),
            help,
        )?;
        let optional_storage = if fields.iter().all(Field::is_builder_required) {
            None
        } else {
            let storage = format!("{name}{}Optional", fixed::BUILDER_SUFFIX);
            self.type_names.claim(
                &storage,
                &owner(format!("the optional-field storage of `{name}`'s builder")),
                help,
            )?;
            Some(storage)
        };
        let mut traits = Namespace::of_items(format!("state traits of `{module}`"));
        for field in fields {
            if let BuilderRole::Required(state) = &field.role {
                let what = owner(format!("the builder state of property `{}`", field.wire));
                let help = "rename one of the properties";
                traits.claim(&state.is_set, &what, help)?;
                traits.claim(&state.is_unset, &what, help)?;
            }
        }
        Ok(Some(BuilderState {
            module,
            optional_storage,
        }))
    }

    /// The field of property `key` of struct `parent`.
    fn plain_field(
        &mut self,
        parent: &str,
        key: &str,
        property: &'d Schema,
        required: bool,
    ) -> Result<Field> {
        let rust = names::snake(key).ok_or_else(|| {
            property.error(
                format!("property `{key}` gives no Rust name"),
                "rename it to contain letters",
            )
        })?;
        let pascal = names::pascal(key).unwrap_or_default();
        let (shape, nullable) = self.shape_of(property, &format!("{parent}{pascal}"))?;
        let referenced = self.referenced(property)?;
        let presence = match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        };
        Ok(Field {
            wire: key.to_owned(),
            rust: rust.clone(),
            doc: property
                .description
                .clone()
                .or_else(|| referenced.and_then(|r| r.description.clone())),
            shape,
            presence,
            role: Field::role_of(presence, &rust),
            sensitive: self.is_sensitive(property)?,
            deprecated: property.deprecated,
            boxed: false,
            reads_integer: false,
            types: FieldTypes::default(),
        })
    }

    /// Whether a value is marked `x-sensitive`: on itself, on the component it references, or on
    /// the items or map values it holds, at any depth.
    pub(super) fn is_sensitive(&self, schema: &Schema) -> Result<bool> {
        if schema.sensitive || self.referenced(schema)?.is_some_and(|r| r.sensitive) {
            return Ok(true);
        }
        if let Some(items) = schema.items.as_deref() {
            if self.is_sensitive(items)? {
                return Ok(true);
            }
        }
        match &schema.additional {
            Additional::Schema(values) => self.is_sensitive(values),
            _ => Ok(false),
        }
    }
}
