//! Objects with properties: `allOf` merged, fields named and claimed, builders named.

use std::collections::BTreeSet;

use super::conditionals::{is_exclusion, parse_conditional, parse_exclusion};
use super::namespace::{Namespace, Owner};
use super::Lowerer;
use crate::error::Result;
use crate::ir::{BuilderState, Exclusion, Field, Presence, StateTraits, Struct, TypeId, TypeKind};
use crate::names::{self, fixed};
use crate::spec::subset::{classify, reject_conditional_keywords, reject_foreign_keywords, Kind};
use crate::spec::{Additional, JsonType, Schema};

/// What to do about an `allOf` branch that is not an object.
const ALL_OF_HELP: &str = "make each `allOf` branch a `$ref` to an object component or an inline object (`type`, `properties`, `required`)";

/// Most properties an object may have: far above any real API, low enough that the generated
/// code stays a size rustc handles comfortably.
const MAX_PROPERTIES: usize = 1000;
/// Most required fields of one struct: each is a type parameter of its typestate builder, and
/// every required setter names all of them (optional fields are moved as one value), so the
/// builder's code grows with the square of this number and linearly with everything else.
const MAX_REQUIRED: usize = 64;

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
    fn gather(&self, schema: &'d Schema, into: &mut Gathered<'d>, depth: usize) -> Result<()> {
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
        // Every field that is not required also gets a setter taking an `Option`.
        for field in fields.iter_mut().filter(|f| !f.is_builder_required()) {
            let maybe = format!("maybe_{}", names::bare(&field.rust));
            let owner = Owner::new(
                format!("the `Option` setter of property `{}`", field.wire),
                &schema.file,
                &schema.pointer,
            );
            members.claim(&maybe, &owner, "rename one of the properties")?;
            field.maybe_setter = Some(maybe);
        }
        let builder_state = self.builder_state(&name, schema, &mut fields)?;
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
    /// module's type names), and each required field's pair of traits (claimed in the module).
    fn builder_state(
        &mut self,
        name: &str,
        schema: &Schema,
        fields: &mut [Field],
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
        let mut traits = Namespace::new(format!("state traits of `{module}`"));
        for field in fields.iter_mut().filter(|f| f.is_builder_required()) {
            let pascal = names::pascal(names::bare(&field.rust)).unwrap_or_default();
            let state = StateTraits {
                is_set: format!("{pascal}IsSet"),
                is_unset: format!("{pascal}IsUnset"),
            };
            let what = owner(format!("the builder state of property `{}`", field.wire));
            let help = "rename one of the properties";
            traits.claim(&state.is_set, &what, help)?;
            traits.claim(&state.is_unset, &what, help)?;
            field.state_traits = Some(state);
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
            rust,
            doc: property
                .description
                .clone()
                .or_else(|| referenced.and_then(|r| r.description.clone())),
            shape,
            presence,
            sensitive: self.is_sensitive(property)?,
            deprecated: property.deprecated,
            boxed: false,
            maybe_setter: None,
            state_traits: None,
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
