//! Spec -> IR: resolves `$ref`s, settles every Rust name centrally (rejecting collisions), merges
//! `allOf`, types `oneOf`/`anyOf` unions and flag conditionals, and boxes recursive fields.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Diagnostic, Result};
use crate::ir::*;
use crate::names::{self, RESERVED_TYPE_NAMES, UNRECOGNIZED_VARIANT};
use crate::spec::{Additional, Document, JsonType, Schema};

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// Lowers one parsed document into the IR of module `module`.
pub fn lower(module: &str, doc: &Document) -> Result<Api> {
    let mut lowerer = Lowerer::new(doc)?;
    for (key, schema) in &doc.schemas {
        lowerer.lower_component(key, schema)?;
    }
    let settings = lowerer.settings()?;
    let operations = doc
        .operations
        .iter()
        .map(|op| lowerer.lower_operation(op))
        .collect::<Result<Vec<_>>>()?;
    for (index, op) in operations.iter().enumerate() {
        if let Some(other) = operations[..index].iter().find(|o| o.rust == op.rust) {
            return Err(Diagnostic::new(
                &doc.file,
                &doc.operations[index].pointer,
                format!(
                    "operationIds `{}` and `{}` both give the Rust name `{}`",
                    other.operation_id, op.operation_id, op.rust
                ),
                "give the operations distinct operationIds",
            ));
        }
    }
    let mut types: Vec<TypeDef> = lowerer
        .types
        .into_iter()
        .map(|t| t.expect("every claimed slot is filled"))
        .collect();
    box_recursive_fields(&mut types);
    Ok(Api {
        module: module.to_owned(),
        source: doc.file.clone(),
        title: doc.title.clone(),
        version: doc.version.clone(),
        description: doc.description.clone(),
        base_url: doc.server_url.clone(),
        auth: doc.security.as_ref().map(|s| Auth {
            description: s.description.clone(),
        }),
        settings,
        types,
        operations,
    })
}

struct Lowerer<'d> {
    doc: &'d Document,
    components: BTreeMap<&'d str, &'d Schema>,
    /// Component key -> Rust type name.
    component_names: BTreeMap<&'d str, String>,
    /// Rust type name -> the JSON pointer that claimed it.
    claimed: BTreeMap<String, String>,
    /// Type slots in emission order; a slot is reserved before its inline children are lowered.
    types: Vec<Option<TypeDef>>,
}

/// Properties, requirements and conditionals of an object schema with its `allOf` merged in.
#[derive(Default)]
struct Gathered<'s> {
    properties: Vec<(&'s str, &'s Schema)>,
    required: BTreeSet<&'s str>,
    conditionals: Vec<&'s Schema>,
}

impl<'d> Lowerer<'d> {
    fn new(doc: &'d Document) -> Result<Self> {
        let mut lowerer = Lowerer {
            doc,
            components: BTreeMap::new(),
            component_names: BTreeMap::new(),
            claimed: BTreeMap::new(),
            types: Vec::new(),
        };
        for (key, schema) in &doc.schemas {
            let name = names::type_name(key).ok_or_else(|| {
                schema.error(
                    format!("component name `{key}` gives no Rust name"),
                    "rename it",
                )
            })?;
            lowerer.claim(&name, schema)?;
            lowerer.components.insert(key, schema);
            lowerer.component_names.insert(key, name);
        }
        Ok(lowerer)
    }

    /// Reserves a Rust type name, failing on a collision or a reserved name.
    fn claim(&mut self, name: &str, schema: &Schema) -> Result<()> {
        self.claim_at(name, &schema.file, &schema.pointer)
    }

    fn claim_at(&mut self, name: &str, file: &str, pointer: &str) -> Result<()> {
        let error = |message: String, help: &str| Diagnostic::new(file, pointer, message, help);
        if RESERVED_TYPE_NAMES.contains(&name) || name.ends_with("Builder") {
            return Err(error(
                format!("the Rust type name `{name}` is reserved by the generated code"),
                "rename the component (or, for an inline schema, its property)",
            ));
        }
        for taken in [name.to_owned(), format!("{name}Builder")] {
            if let Some(other) = self.claimed.get(&taken) {
                return Err(error(
                    format!("the Rust type name `{name}` collides with the type from {other}"),
                    "rename one of them, or make the inline schema a named component",
                ));
            }
        }
        self.claimed.insert(name.to_owned(), pointer.to_owned());
        Ok(())
    }

    fn claim_if(&mut self, claim: Claim, name: &str, schema: &Schema) -> Result<()> {
        match claim {
            Claim::Needed => self.claim(name, schema),
            Claim::Done => Ok(()),
        }
    }

    fn reserve_slot(&mut self) -> usize {
        self.types.push(None);
        self.types.len() - 1
    }

    fn resolve_ref(&self, schema: &Schema, reference: &str) -> Result<(&'d str, &'d Schema)> {
        let key = reference.strip_prefix(SCHEMA_REF_PREFIX).ok_or_else(|| {
            schema.error(
                format!("`$ref` {reference} must point to {SCHEMA_REF_PREFIX}<Name>"),
                "move the schema into components/schemas of the same document",
            )
        })?;
        self.components
            .get_key_value(key)
            .map(|(k, s)| (*k, *s))
            .ok_or_else(|| {
                schema.error(
                    format!("`$ref` {reference} does not resolve"),
                    format!("define components/schemas/{key}"),
                )
            })
    }

    fn lower_component(&mut self, key: &str, schema: &'d Schema) -> Result<()> {
        let name = self.component_names[key].clone();
        if schema.split_null().1 {
            return Err(schema.error(
                "a named component cannot be nullable itself",
                "drop \"null\" here and make the fields that use it nullable",
            ));
        }
        match classify(schema)? {
            Kind::Struct => self.define_struct(name, schema, Claim::Done).map(drop),
            Kind::Enum => self.define_enum(name, schema, Claim::Done).map(drop),
            Kind::Union(branches) => self
                .define_union(name, schema, branches, Claim::Done)
                .map(drop),
            Kind::Other => {
                let slot = self.reserve_slot();
                let (shape, _) = self.shape_of(schema, &name)?;
                if shape.ty == Ty::Named(name.clone()) {
                    return Err(schema.error(
                        format!("`{key}` is defined as itself"),
                        "give the component a real schema",
                    ));
                }
                self.types[slot] = Some(TypeDef {
                    name,
                    doc: schema.description.clone(),
                    source: schema.pointer.clone(),
                    kind: TypeKind::Alias(shape),
                });
                Ok(())
            }
        }
    }

    /// The shape of a value schema, and whether it may be null. Inline objects, enums and unions
    /// become new types named `hint`.
    fn shape_of(&mut self, schema: &'d Schema, hint: &str) -> Result<(Shape, bool)> {
        reject_conditional_keywords(schema)?;
        if let Some(reference) = &schema.reference {
            let extra = structural_keywords(schema);
            if extra.len() > 1 {
                return Err(schema.error(
                    format!("`$ref` with sibling keywords {}", extra.join(", ")),
                    "next to `$ref` only annotations (description, ...) are accepted",
                ));
            }
            let (key, _) = self.resolve_ref(schema, reference)?;
            let name = self.component_names[key].clone();
            return Ok((
                Shape {
                    ty: Ty::Named(name),
                    constraints: schema.constraints.clone(),
                },
                false,
            ));
        }
        let (types, nullable) = schema.split_null();
        let name = || {
            names::type_name(hint)
                .ok_or_else(|| schema.error(format!("no Rust name for `{hint}`"), ""))
        };
        match classify(schema)? {
            Kind::Struct => {
                let name = self.define_struct(name()?, schema, Claim::Needed)?;
                return Ok((Shape::plain(Ty::Named(name)), nullable));
            }
            Kind::Enum => {
                let name = self.define_enum(name()?, schema, Claim::Needed)?;
                return Ok((Shape::plain(Ty::Named(name)), nullable));
            }
            Kind::Union(branches) => {
                let (non_null, nulls): (Vec<_>, Vec<_>) =
                    branches.into_iter().partition(|b| !b.is_null_only());
                let nullable = nullable || !nulls.is_empty();
                if non_null.len() == 1 && !nulls.is_empty() {
                    let (shape, _) = self.shape_of(non_null[0], hint)?;
                    return Ok((shape, true));
                }
                let name = self.define_union(name()?, schema, non_null, Claim::Needed)?;
                return Ok((Shape::plain(Ty::Named(name)), nullable));
            }
            Kind::Other => {}
        }
        let applicable: &[&str] = match types.first() {
            None => &["type", "items", "constraints"],
            Some(JsonType::Array) => &["type", "items", "constraints"],
            Some(JsonType::Object) => &["type", "additionalProperties"],
            Some(_) => &["type", "constraints"],
        };
        reject_foreign_keywords(schema, applicable)?;
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
            Some(JsonType::Null) => unreachable!("split_null removed null"),
        };
        Ok((
            Shape {
                ty,
                constraints: schema.constraints.clone(),
            },
            nullable,
        ))
    }

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

    fn gather(&self, schema: &'d Schema, into: &mut Gathered<'d>) -> Result<()> {
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
                let (_, target) = self.resolve_ref(branch, reference)?;
                if !matches!(classify(target)?, Kind::Struct) {
                    return Err(branch.error("an `allOf` branch must be an object schema", ""));
                }
                self.gather(target, into)?;
            } else {
                reject_conditional_keywords(branch)?;
                reject_foreign_keywords(branch, &["type", "properties", "required", "allOf"])?;
                if !matches!(classify(branch)?, Kind::Struct | Kind::Other)
                    || branch.enum_values.is_some()
                {
                    return Err(branch.error("an `allOf` branch must be an object schema", ""));
                }
                self.gather(branch, into)?;
            }
        }
        Ok(())
    }

    fn define_struct(&mut self, name: String, schema: &'d Schema, claim: Claim) -> Result<String> {
        self.claim_if(claim, &name, schema)?;
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
                "",
            ));
        }
        let slot = self.reserve_slot();
        let mut gathered = Gathered::default();
        self.gather(schema, &mut gathered)?;
        for required in &gathered.required {
            if !gathered.properties.iter().any(|(k, _)| k == required) {
                return Err(schema.error(
                    format!("`{required}` is required but is not a property"),
                    "add the property or drop it from `required`",
                ));
            }
        }

        let conditionals = gathered
            .conditionals
            .iter()
            .map(|branch| parse_conditional(branch, &gathered))
            .collect::<Result<Vec<_>>>()?;

        let mut fields: Vec<Field> = Vec::new();
        let mut rust_names: BTreeMap<String, &str> = BTreeMap::new();
        for (key, property) in &gathered.properties {
            // A conditional pair becomes one field, placed where the first of its keys stands.
            let field = match conditionals
                .iter()
                .find(|c| c.flag == *key || c.dependent == *key)
            {
                Some(c) if fields.iter().any(|f| f.wire == c.title) => continue,
                Some(c) => self.conditional_field(&name, c)?,
                None => self.plain_field(&name, key, property, gathered.required.contains(key))?,
            };
            if let Some(previous) = rust_names.insert(field.rust.clone(), key) {
                return Err(property.error(
                    format!(
                        "property `{key}` gets the Rust name `{}`, like `{previous}`",
                        field.rust
                    ),
                    "rename one of the properties",
                ));
            }
            fields.push(field);
        }

        self.types[slot] = Some(TypeDef {
            name: name.clone(),
            doc: schema.description.clone(),
            source: schema.pointer.clone(),
            kind: TypeKind::Struct(Struct { fields }),
        });
        Ok(name)
    }

    fn plain_field(
        &mut self,
        parent: &str,
        key: &str,
        property: &'d Schema,
        required: bool,
    ) -> Result<Field> {
        let rust = names::snake(key).ok_or_else(|| {
            property.error(format!("property `{key}` gives no Rust name"), "rename it")
        })?;
        if rust == "build" {
            return Err(property.error(
                format!("property `{key}` would take the Rust name `build`, the builders' finishing method"),
                "the generator cannot bind this property yet; raise it with the maintainers",
            ));
        }
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
            sensitive: property.sensitive
                || referenced.is_some_and(|r| r.sensitive)
                || property
                    .items
                    .as_deref()
                    .is_some_and(|items| items.sensitive),
            deprecated: property.deprecated,
            boxed: false,
        })
    }

    fn referenced(&self, schema: &Schema) -> Result<Option<&'d Schema>> {
        schema
            .reference
            .as_deref()
            .map(|r| self.resolve_ref(schema, r).map(|(_, s)| s))
            .transpose()
    }

    fn conditional_field(&mut self, parent: &str, c: &ParsedConditional<'d>) -> Result<Field> {
        let name = names::type_name(&c.title).ok_or_else(|| {
            c.branch
                .error(format!("title `{}` gives no Rust name", c.title), "")
        })?;
        self.claim(&name, c.branch)?;
        let slot = self.reserve_slot();
        let dependent_pascal = names::pascal(c.dependent).unwrap_or_default();
        let (dependent_shape, nullable) =
            self.shape_of(c.dependent_schema, &format!("{parent}{dependent_pascal}"))?;
        if nullable {
            return Err(c.dependent_schema.error(
                "the dependent value of a conditional cannot be nullable",
                "",
            ));
        }
        let referenced = self.referenced(c.dependent_schema)?;
        let flag_variant = names::pascal(c.flag).unwrap_or_default();
        if flag_variant == dependent_pascal {
            return Err(c.branch.error(
                "flag and dependent property give the same variant name",
                "rename one",
            ));
        }
        self.types[slot] = Some(TypeDef {
            name: name.clone(),
            doc: c.branch.description.clone(),
            source: c.branch.pointer.clone(),
            kind: TypeKind::Conditional(Conditional {
                flag: c.flag.to_owned(),
                flag_doc: c.flag_schema.description.clone(),
                flag_variant,
                dependent: c.dependent.to_owned(),
                dependent_doc: c
                    .dependent_schema
                    .description
                    .clone()
                    .or_else(|| referenced.and_then(|r| r.description.clone())),
                dependent_shape,
                dependent_sensitive: c.dependent_schema.sensitive
                    || referenced.is_some_and(|r| r.sensitive),
                dependent_variant: dependent_pascal,
            }),
        });
        Ok(Field {
            wire: c.title.clone(),
            rust: names::snake(&c.title).unwrap_or_default(),
            doc: c.branch.description.clone(),
            shape: Shape::plain(Ty::Named(name)),
            presence: Presence::Flattened,
            sensitive: false,
            deprecated: false,
            boxed: false,
        })
    }

    fn define_enum(&mut self, name: String, schema: &'d Schema, claim: Claim) -> Result<String> {
        self.claim_if(claim, &name, schema)?;
        reject_conditional_keywords(schema)?;
        reject_foreign_keywords(schema, &["type", "enum"])?;
        let values = schema.enum_values.as_ref().expect("classified as enum");
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
        let mut variants: Vec<EnumVariant> = Vec::new();
        for value in values {
            let rust = names::pascal(value).ok_or_else(|| {
                schema.error(
                    format!("enum value `{value}` gives no Rust variant name"),
                    "",
                )
            })?;
            if rust == UNRECOGNIZED_VARIANT {
                return Err(schema.error(
                    format!("enum value `{value}` would take the variant name `{UNRECOGNIZED_VARIANT}`, reserved for unknown values"),
                    "the generator cannot bind this value; raise it with the maintainers",
                ));
            }
            if let Some(other) = variants.iter().find(|v| v.rust == rust) {
                return Err(schema.error(
                    format!(
                        "enum values `{}` and `{value}` both give the variant `{rust}`",
                        other.wire
                    ),
                    "",
                ));
            }
            variants.push(EnumVariant {
                wire: value.clone(),
                rust,
                doc: schema.enum_descriptions.get(value).cloned(),
            });
        }
        self.types.push(Some(TypeDef {
            name: name.clone(),
            doc: schema.description.clone(),
            source: schema.pointer.clone(),
            kind: TypeKind::Enum(Enum { variants }),
        }));
        Ok(name)
    }

    fn define_union(
        &mut self,
        name: String,
        schema: &'d Schema,
        branches: Vec<&'d Schema>,
        claim: Claim,
    ) -> Result<String> {
        self.claim_if(claim, &name, schema)?;
        reject_conditional_keywords(schema)?;
        reject_foreign_keywords(schema, &["type", "oneOf", "anyOf"])?;
        let slot = self.reserve_slot();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for branch in branches {
            let variant = match (&branch.reference, &branch.title) {
                (_, Some(title)) => names::pascal(title),
                (Some(reference), None) => {
                    Some(self.component_names[self.resolve_ref(branch, reference)?.0].clone())
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
                sensitive: branch.sensitive || referenced.is_some_and(|r| r.sensitive),
            });
        }
        self.types[slot] = Some(TypeDef {
            name: name.clone(),
            doc: schema.description.clone(),
            source: schema.pointer.clone(),
            kind: TypeKind::Union(Union { variants }),
        });
        Ok(name)
    }

    fn settings(&self) -> Result<Vec<HeaderSetting>> {
        let mut settings: Vec<HeaderSetting> = Vec::new();
        for op in &self.doc.operations {
            for param in &op.header_params {
                if settings
                    .iter()
                    .any(|s| s.header.eq_ignore_ascii_case(&param.name))
                {
                    continue;
                }
                let base = param
                    .component
                    .clone()
                    .unwrap_or_else(|| param.name.trim_start_matches("x-").to_owned());
                let rust = names::snake(&base).ok_or_else(|| {
                    Diagnostic::new(
                        &self.doc.file,
                        &param.pointer,
                        "header gives no Rust name",
                        "",
                    )
                })?;
                if let Some(other) = settings.iter().find(|s| s.rust == rust) {
                    return Err(Diagnostic::new(
                        &self.doc.file,
                        &param.pointer,
                        format!(
                            "headers `{}` and `{}` both give the Config field `{rust}`",
                            other.header, param.name
                        ),
                        "rename one of the header parameters (or its components/parameters key)",
                    ));
                }
                if param.schema.split_null().0 != [JsonType::String] {
                    return Err(param.schema.error(
                        "header parameters must be strings",
                        "use `\"type\": \"string\"`",
                    ));
                }
                settings.push(HeaderSetting {
                    header: param.name.clone(),
                    rust,
                    doc: param.description.clone(),
                    required: param.required,
                    example: param.example.clone(),
                    constraints: param.schema.constraints.clone(),
                });
            }
        }
        Ok(settings)
    }

    fn lower_operation(&mut self, op: &'d crate::spec::Operation) -> Result<Operation> {
        let rust = names::snake(&op.operation_id).ok_or_else(|| {
            Diagnostic::new(
                &self.doc.file,
                &op.pointer,
                "operationId gives no Rust name",
                "",
            )
        })?;
        let pascal = names::pascal(&op.operation_id).unwrap_or_default();
        let path_params = op
            .path_params
            .iter()
            .map(|p| {
                if !p.required || p.schema.split_null().0 != [JsonType::String] {
                    return Err(p
                        .schema
                        .error("path parameters must be required strings", ""));
                }
                Ok(PathParam {
                    wire: p.name.clone(),
                    rust: names::snake(&p.name).unwrap_or_default(),
                    doc: p.description.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        for (index, param) in path_params.iter().enumerate() {
            if path_params[..index].iter().any(|p| p.rust == param.rust) {
                return Err(Diagnostic::new(
                    &self.doc.file,
                    &op.path_params[index].pointer,
                    format!(
                        "path parameter `{}` gives the same Rust name as another one",
                        param.wire
                    ),
                    "rename one of them",
                ));
            }
        }
        let request = op
            .request_body
            .as_ref()
            .map(|body| self.body_shape(body, &format!("{pascal}Request")))
            .transpose()?;
        let responses = op
            .responses
            .iter()
            .map(|response| {
                let body = response
                    .body
                    .as_ref()
                    .map(|body| {
                        self.body_shape(body, &format!("{pascal}{}Response", response.status))
                    })
                    .transpose()?;
                Ok(ResponseDef {
                    status: response.status,
                    description: response.description.clone(),
                    body,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // An enum of error statuses and, with several successes, one of success statuses.
        let successes = responses.iter().filter(|r| r.is_success()).count();
        let error_enum = (successes < responses.len()).then(|| format!("{pascal}Error"));
        let success_enum = (successes > 1).then(|| format!("{pascal}Response"));
        for name in error_enum.iter().chain(&success_enum) {
            self.claim_at(name, &self.doc.file, &op.pointer)?;
        }
        Ok(Operation {
            success_enum,
            error_enum,
            operation_id: op.operation_id.clone(),
            rust,
            method: op.method.clone(),
            path: op.path.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            path_params,
            headers: op.header_params.iter().map(|p| p.name.clone()).collect(),
            request,
            responses,
        })
    }

    fn body_shape(&mut self, body: &'d Schema, hint: &str) -> Result<Shape> {
        let (shape, nullable) = self.shape_of(body, hint)?;
        if nullable {
            return Err(body.error("a nullable request or response body is not supported", ""));
        }
        Ok(shape)
    }
}

/// Whether a type name still has to be claimed (inline types) or already was (components).
#[derive(Clone, Copy)]
enum Claim {
    Needed,
    Done,
}

enum Kind<'s> {
    Struct,
    Enum,
    Union(Vec<&'s Schema>),
    Other,
}

fn classify(schema: &Schema) -> Result<Kind<'_>> {
    if !schema.one_of.is_empty() && !schema.any_of.is_empty() {
        return Err(schema.error(
            "`oneOf` and `anyOf` together are not supported",
            "use one of them",
        ));
    }
    let branches: Vec<&Schema> = schema.one_of.iter().chain(&schema.any_of).collect();
    let is_struct = !schema.properties.is_empty() || !schema.all_of.is_empty();
    let kinds = [
        is_struct,
        schema.enum_values.is_some(),
        !branches.is_empty(),
    ];
    if kinds.iter().filter(|k| **k).count() > 1 {
        return Err(schema.error(
            "a schema may be an object with properties, an enum or a union, not several",
            "split it into named components",
        ));
    }
    Ok(if is_struct {
        Kind::Struct
    } else if schema.enum_values.is_some() {
        Kind::Enum
    } else if !branches.is_empty() {
        Kind::Union(branches)
    } else {
        Kind::Other
    })
}

/// Names of the structural (non-annotation) keywords a schema uses.
fn structural_keywords(schema: &Schema) -> Vec<&'static str> {
    let checks: [(&str, bool); 14] = [
        ("type", !schema.types.is_empty()),
        ("properties", !schema.properties.is_empty()),
        ("required", !schema.required.is_empty()),
        (
            "additionalProperties",
            !matches!(schema.additional, Additional::Closed),
        ),
        ("items", schema.items.is_some()),
        ("enum", schema.enum_values.is_some()),
        ("const", schema.const_value.is_some()),
        ("$ref", schema.reference.is_some()),
        ("allOf", !schema.all_of.is_empty()),
        ("oneOf", !schema.one_of.is_empty()),
        ("anyOf", !schema.any_of.is_empty()),
        (
            "if",
            schema.if_schema.is_some()
                || schema.then_schema.is_some()
                || schema.else_schema.is_some(),
        ),
        ("not", schema.not.is_some()),
        ("constraints", !schema.constraints.is_empty()),
    ];
    checks
        .iter()
        .filter(|(_, present)| *present)
        .map(|(name, _)| *name)
        .collect()
}

/// Fails when `schema` uses a structural keyword outside `allowed` (e.g. `items` on a string).
fn reject_foreign_keywords(schema: &Schema, allowed: &[&str]) -> Result<()> {
    match structural_keywords(schema)
        .into_iter()
        .find(|k| !allowed.contains(k))
    {
        Some(keyword) => Err(schema.error(
            format!("`{keyword}` does not apply to this schema and would be ignored"),
            "remove it, or restructure the schema (see spec/CONVENTIONS.md)",
        )),
        None => Ok(()),
    }
}

fn reject_conditional_keywords(schema: &Schema) -> Result<()> {
    let misplaced = [
        ("const", schema.const_value.is_some()),
        (
            "if/then/else",
            schema.if_schema.is_some()
                || schema.then_schema.is_some()
                || schema.else_schema.is_some(),
        ),
        ("not", schema.not.is_some()),
    ];
    match misplaced.iter().find(|(_, present)| *present) {
        Some((keyword, _)) => Err(schema.error(
            format!("`{keyword}` is only supported in a flag conditional"),
            "see \"The flag conditional\" in spec/CONVENTIONS.md",
        )),
        None => Ok(()),
    }
}

struct ParsedConditional<'s> {
    branch: &'s Schema,
    title: String,
    flag: &'s str,
    flag_schema: &'s Schema,
    dependent: &'s str,
    dependent_schema: &'s Schema,
}

/// Recognises `{"title", "if": {flag: const true, required [flag]}, "then": {"not": {"required":
/// [dep]}}, "else": {"required": [dep]}}` and nothing else.
fn parse_conditional<'s>(
    branch: &'s Schema,
    gathered: &Gathered<'s>,
) -> Result<ParsedConditional<'s>> {
    let help = "write exactly the flag conditional of spec/CONVENTIONS.md";
    let bad = |what: &str| branch.error(format!("unsupported conditional: {what}"), help);
    if structural_keywords(branch) != ["if"] {
        return Err(bad(
            "the branch may only hold title, description, if, then and else",
        ));
    }
    let title = branch
        .title
        .clone()
        .ok_or_else(|| bad("missing `title` (the Rust type name)"))?;
    let (Some(if_s), Some(then_s), Some(else_s)) =
        (&branch.if_schema, &branch.then_schema, &branch.else_schema)
    else {
        return Err(bad("`if`, `then` and `else` are all needed"));
    };
    let flag =
        match (if_s.properties.as_slice(), if_s.required.as_slice()) {
            ([(flag, test)], [req])
                if flag == req
                    && test.const_value == Some(serde_json::Value::Bool(true))
                    && structural_keywords(test) == ["const"] =>
            {
                flag
            }
            _ => return Err(bad(
                "`if` must be {\"properties\": {FLAG: {\"const\": true}}, \"required\": [FLAG]}",
            )),
        };
    let dependent =
        match (then_s.not.as_deref(), else_s.required.as_slice()) {
            (Some(not), [dep])
                if not.required == [dep.clone()]
                    && structural_keywords(not) == ["required"]
                    && structural_keywords(else_s) == ["required"]
                    && structural_keywords(then_s) == ["not"] =>
            {
                dep
            }
            _ => return Err(bad(
                "`then` must be {\"not\": {\"required\": [KEY]}} and `else` {\"required\": [KEY]}",
            )),
        };
    let find = |key: &str| -> Result<&'s Schema> {
        let schema = gathered
            .properties
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| *s)
            .ok_or_else(|| bad(&format!("`{key}` is not a property of the object")))?;
        if gathered.required.contains(key) {
            return Err(bad(&format!(
                "`{key}` must not be in the object's `required`"
            )));
        }
        Ok(schema)
    };
    let flag_schema = find(flag)?;
    if flag_schema.split_null() != (vec![JsonType::Boolean], false) {
        return Err(bad(&format!(
            "the flag `{flag}` must be a non-nullable boolean"
        )));
    }
    let dependent_schema = find(dependent)?;
    Ok(ParsedConditional {
        branch,
        title,
        flag,
        flag_schema,
        dependent,
        dependent_schema,
    })
}

/// Boxes every field and union variant whose type leads back to its own type without passing
/// through a `Vec` or map (which already allocate).
fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|t| (t.name.clone(), direct_targets(&t.kind)))
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if seen.insert(current.clone()) {
                stack.extend(edges.get(&current).into_iter().flatten().cloned());
            }
        }
        false
    };
    for def in types.iter_mut() {
        let owner = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Ty::Named(target) = &field.shape.ty {
                        field.boxed = reaches(target, &owner);
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if let Ty::Named(target) = &variant.shape.ty {
                        variant.boxed = reaches(target, &owner);
                    }
                }
            }
            _ => {}
        }
    }
}

fn direct_targets(kind: &TypeKind) -> Vec<String> {
    let named = |shape: &Shape| match &shape.ty {
        Ty::Named(name) => Some(name.clone()),
        _ => None,
    };
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.shape)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| named(&v.shape)).collect(),
        TypeKind::Conditional(c) => named(&c.dependent_shape).into_iter().collect(),
        TypeKind::Alias(shape) => named(shape).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}
