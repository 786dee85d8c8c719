//! Spec -> IR. Lowering decides everything the emitters need: it resolves `$ref`s to [`TypeId`]s,
//! claims every Rust name in the namespace it will live in (a collision is a diagnostic), merges
//! `allOf`, types `oneOf`/`anyOf` unions and flag conditionals, merges alias constraints, and
//! boxes recursive fields. What the subset allows where is asked of [`crate::spec::subset`].
//!
//! One file per construct: [`structs`], [`conditionals`], [`enums`], [`unions`], [`shapes`]
//! (values, arrays, maps, references), [`operations`] (settings and operations), [`aliases`],
//! [`cycles`], [`sizes`] and [`roles`] (passes over the finished types).

mod aliases;
mod conditionals;
mod cycles;
pub(crate) mod docs;
mod enums;
mod gathered;
mod json_schemas;
mod namespace;
mod operations;
mod roles;
mod shapes;
mod sizes;
mod structs;
pub(crate) mod testkit;
mod unions;
mod webhooks;

use std::collections::BTreeMap;

use crate::error::{Diagnostic, Result};
use crate::ir::{Api, Auth, TypeDef, TypeId, TypeKind};
use crate::names::{self, fixed, PRELUDE_NAMES};
use crate::spec::subset::{classify, Kind};
use crate::spec::{Document, Schema};
use namespace::{Namespace, Owner};

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// Lowers one parsed document into the IR of the module for spec folder `folder`.
pub fn lower(folder: &str, doc: &Document) -> Result<Api> {
    let module = module_name(folder, doc)?;
    let mut lowerer = Lowerer::new(&module, doc)?;
    for (index, (_, schema)) in doc.schemas.iter().enumerate() {
        lowerer.lower_component(TypeId(index), schema)?;
    }
    let settings = lowerer.settings()?;
    let mut operations = doc
        .operations
        .iter()
        .map(|op| lowerer.lower_operation(op, &settings))
        .collect::<Result<Vec<_>>>()?;
    let webhooks = lowerer.lower_webhooks()?;
    let mut types: Vec<TypeDef> = Vec::with_capacity(lowerer.types.len());
    for (index, slot) in lowerer.types.into_iter().enumerate() {
        // Every id handed out is filled before lowering returns; an empty slot is a bug, reported
        // rather than panicking.
        types.push(slot.ok_or_else(|| {
            Diagnostic::new(
                &doc.file,
                "",
                format!("internal error: type #{index} was never defined"),
                "please report this spec to the generator's maintainers",
            )
        })?);
    }
    cycles::newtype_recursive_aliases(&mut types);
    aliases::merge_alias_constraints(&doc.file, &mut types, &mut operations)?;
    cycles::box_recursive_fields(&mut types);
    cycles::reject_infinite_types(&doc.file, &types)?;
    cycles::mark_checked(&mut types);
    sizes::box_large_variants(&mut types, &mut operations);
    unions::reject_ambiguous_unions(&doc.file, &types)?;
    mark_read(&mut types, &operations, &webhooks);
    roles::settle(&mut types);
    json_schemas::attach(doc, &mut types)?;
    let mut api = Api {
        module,
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
        order: lowerer.order,
        operations,
        webhooks,
    };
    docs::sanitize_api(&mut api);
    Ok(api)
}

/// The module (and cargo feature) name of spec folder `folder`: a plain snake_case identifier that
/// is neither a keyword nor the shared `support` module.
fn module_name(folder: &str, doc: &Document) -> Result<String> {
    let name = names::snake(folder).filter(|n| !n.starts_with("r#") && !n.ends_with('_'));
    let taken = |name: &str| {
        name == fixed::SUPPORT_MODULE
            || fixed::API_SUBMODULES.contains(&name)
            || fixed::FIXED_FEATURES.contains(&name)
            || fixed::ROOT_MODULES.contains(&name)
    };
    match name {
        Some(name) if !taken(&name) => Ok(name),
        _ => Err(Diagnostic::new(
            &doc.file,
            "",
            format!("the spec folder `{folder}` gives no usable Rust module name"),
            format!(
                "rename the folder to a snake_case word that is not a Rust keyword, `{}`, or one of: {}",
                fixed::SUPPORT_MODULE,
                [fixed::API_SUBMODULES, fixed::FIXED_FEATURES, fixed::ROOT_MODULES]
                    .concat()
                    .join(", ")
            ),
        )),
    }
}

/// The state of lowering one document.
struct Lowerer<'d> {
    doc: &'d Document,
    /// The module name of the API.
    module: String,
    /// Component key -> its schema and id (ids `0..n` are the components, in document order).
    components: BTreeMap<&'d str, (&'d Schema, TypeId)>,
    /// Type slots by id; a slot is filled once its type is lowered.
    types: Vec<Option<TypeDef>>,
    /// Emission order: each type when lowering starts on it.
    order: Vec<TypeId>,
    /// Type names of the module: types, builders, status enums, `Config`, `Client`.
    type_names: Namespace,
    /// Free functions of the module: `build_*`, `parse_*`.
    functions: Namespace,
    /// Methods of the module's `Client`.
    client_methods: Namespace,
}

impl<'d> Lowerer<'d> {
    /// Claims the fixed names and every component's type name, so references resolve before the
    /// components they point to are lowered.
    fn new(module: &str, doc: &'d Document) -> Result<Self> {
        let mut type_names = Namespace::of_items(format!("type names of module `{module}`"));
        type_names.reserve(PRELUDE_NAMES, "the Rust prelude");
        type_names.reserve(&[fixed::CONFIG], "the generated configuration type");
        type_names.reserve(&[fixed::CLIENT], "the generated async client");
        let mut client_methods = Namespace::new(format!("methods of `{module}::Client`"));
        client_methods.reserve(fixed::CLIENT_METHODS, "the generated `Client`");
        let mut lowerer = Lowerer {
            doc,
            module: module.to_owned(),
            components: BTreeMap::new(),
            types: Vec::new(),
            order: Vec::new(),
            type_names,
            functions: Namespace::of_items(format!("functions of module `{module}`")),
            client_methods,
        };
        for (index, (key, schema)) in doc.schemas.iter().enumerate() {
            let name = names::type_name(key).ok_or_else(|| {
                schema.error(
                    format!("component name `{key}` gives no Rust name"),
                    "rename it to a word of letters and digits",
                )
            })?;
            lowerer.claim_type(&name, schema)?;
            lowerer.types.push(None);
            lowerer.components.insert(key, (schema, TypeId(index)));
        }
        Ok(lowerer)
    }

    /// Claims a type name for the schema at `schema`.
    fn claim_type(&mut self, name: &str, schema: &Schema) -> Result<()> {
        let owner = Owner::new(
            format!("the schema at {}", schema.pointer),
            &schema.file,
            &schema.pointer,
        );
        self.type_names.claim(
            name,
            &owner,
            "rename one of them, or make an inline schema a named component",
        )
    }

    /// A new id for an inline type, already placed in the emission order.
    fn new_type(&mut self) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.order.push(id);
        id
    }

    /// Fills the slot of `id` with the type `name` of kind `kind`, documented and located by the
    /// schema it came from (`read` is settled once every operation is lowered).
    fn define(&mut self, id: TypeId, name: String, schema: &Schema, kind: TypeKind) {
        self.types[id.0] = Some(TypeDef {
            name,
            read: false,
            doc: schema.description.clone(),
            source: schema.pointer.clone(),
            kind,
            checked: true,
            alias_target: None,
            json_schema: None,
        });
    }

    /// The name a type was given; components are named up front, inline types when claimed.
    fn component_name(&self, key: &str) -> String {
        names::type_name(key).unwrap_or_default()
    }

    /// Resolves a `$ref` to a component: its key, schema and id. The reference is a JSON pointer
    /// in a URI fragment, so `%xx` escapes and RFC 6901's `~1` (`/`) and `~0` (`~`) are decoded.
    fn resolve_ref(
        &self,
        schema: &Schema,
        reference: &str,
    ) -> Result<(&'d str, &'d Schema, TypeId)> {
        let escaped = reference.strip_prefix(SCHEMA_REF_PREFIX).ok_or_else(|| {
            schema.error(
                format!("`$ref` {reference} must point to {SCHEMA_REF_PREFIX}<Name>"),
                "move the schema into components/schemas of the same document",
            )
        })?;
        let key = decode_pointer_token(escaped).ok_or_else(|| {
            schema.error(
                format!("`$ref` {reference} is not a valid JSON pointer"),
                "escape `~` as `~0` and `/` as `~1`; percent-encode as in a URI fragment",
            )
        })?;
        self.components
            .get_key_value(key.as_str())
            .map(|(k, (s, id))| (*k, *s, *id))
            .ok_or_else(|| {
                schema.error(
                    format!("`$ref` {reference} does not resolve"),
                    format!("define components/schemas/{key}"),
                )
            })
    }

    /// Lowers component `id`, whose name was claimed in [`Lowerer::new`].
    fn lower_component(&mut self, id: TypeId, schema: &'d Schema) -> Result<()> {
        let key = &self.doc.schemas[id.0].0;
        let name = self.component_name(key);
        if schema.split_null().1 {
            return Err(schema.error(
                "a named component cannot be nullable itself",
                "drop \"null\" here and make the fields that use it nullable",
            ));
        }
        self.order.push(id);
        match classify(schema)? {
            Kind::Struct => self.define_struct(id, name, schema),
            Kind::Enum => self.define_enum(id, name, schema),
            Kind::Union(branches) => self.define_union(id, name, schema, branches),
            Kind::Other => self.define_alias(id, name, schema),
        }
    }
}

/// Marks every type a response body or a webhook's payload or answer holds, directly or nested:
/// those are read, so always `Deserialize`.
fn mark_read(
    types: &mut [TypeDef],
    operations: &[crate::ir::Operation],
    webhooks: &[crate::ir::Webhook],
) {
    use crate::ir::{Shape, Ty, TypeKind};
    fn named(shape: &Shape, out: &mut Vec<TypeId>) {
        match &shape.ty {
            Ty::Named(id) => out.push(*id),
            Ty::List(inner) | Ty::Map(inner) => named(inner, out),
            _ => {}
        }
    }
    let mut stack = Vec::new();
    for op in operations {
        for body in op.responses.iter().filter_map(|r| r.body.as_ref()) {
            named(body, &mut stack);
        }
    }
    for hook in webhooks {
        named(&hook.payload, &mut stack);
        if let Some(body) = &hook.answer.body {
            named(body, &mut stack);
        }
    }
    while let Some(id) = stack.pop() {
        let def = &mut types[id.0];
        if std::mem::replace(&mut def.read, true) {
            continue;
        }
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| named(&f.shape, &mut stack)),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| named(&v.shape, &mut stack)),
            TypeKind::Conditional(c) => named(&c.dependent_shape, &mut stack),
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => named(shape, &mut stack),
            TypeKind::Enum(_) => {}
        }
    }
}

/// Decodes one JSON pointer token written in a URI fragment: percent escapes, then `~1` and `~0`.
fn decode_pointer_token(escaped: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(escaped.len());
    let mut rest = escaped.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    let text = String::from_utf8(bytes).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '~' => match chars.next()? {
                '0' => out.push('~'),
                '1' => out.push('/'),
                _ => return None,
            },
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode_pointer_token;

    #[test]
    fn pointer_tokens_are_decoded_per_rfc_6901() {
        assert_eq!(decode_pointer_token("Order").unwrap(), "Order");
        assert_eq!(decode_pointer_token("a~1b").unwrap(), "a/b");
        assert_eq!(decode_pointer_token("a~0b").unwrap(), "a~b");
        assert_eq!(decode_pointer_token("a~01").unwrap(), "a~1");
        assert_eq!(decode_pointer_token("a%20b").unwrap(), "a b");
        assert_eq!(decode_pointer_token("a~2"), None);
        assert_eq!(decode_pointer_token("a%2"), None);
    }
}
