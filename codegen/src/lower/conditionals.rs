//! The flag conditional: "`dependent` is required unless `flag` is true", as one enum field.

use super::gathered::Gathered;
use super::Lowerer;
use crate::error::Result;
use crate::ir::{Conditional, Field, FieldTypes, Presence, Shape, Ty, TypeKind};
use crate::names;
use crate::spec::subset::structural_keywords;
use crate::spec::{JsonType, Schema};

/// What to do about a conditional's title that gives no Rust name.
const TITLE_HELP: &str =
    "give the conditional a `title` of letters and digits: it names the Rust enum and its field";

impl<'d> Lowerer<'d> {
    /// The field of a flag conditional: one enum for the pair of keys.
    pub(super) fn conditional_field(
        &mut self,
        parent: &str,
        c: &ParsedConditional<'d>,
    ) -> Result<Field> {
        let name = names::type_name(&c.title).ok_or_else(|| {
            c.branch.error(
                format!("title `{}` gives no Rust name", c.title),
                TITLE_HELP,
            )
        })?;
        self.claim_type(&name, c.branch)?;
        let id = self.new_type();
        let dependent_pascal = names::pascal(c.dependent).unwrap_or_default();
        let (dependent_shape, nullable) =
            self.shape_of(c.dependent_schema, &format!("{parent}{dependent_pascal}"))?;
        if nullable {
            return Err(c.dependent_schema.error(
                "the dependent value of a conditional cannot be nullable",
                "drop \"null\" from its type: the conditional already says when it is absent",
            ));
        }
        let referenced = self.referenced(c.dependent_schema)?;
        let flag_variant = names::pascal(c.flag).ok_or_else(|| {
            c.branch.error(
                format!("flag `{}` gives no Rust variant name", c.flag),
                "rename it",
            )
        })?;
        if dependent_pascal.is_empty() {
            return Err(c.branch.error(
                format!("`{}` gives no Rust variant name", c.dependent),
                "rename it",
            ));
        }
        let dependent_fn = names::snake(c.dependent).ok_or_else(|| {
            c.branch.error(
                format!("`{}` gives no Rust function name", c.dependent),
                "rename it",
            )
        })?;
        if flag_variant == dependent_pascal {
            return Err(c.branch.error(
                "flag and dependent property give the same variant name",
                "rename one",
            ));
        }
        self.define(
            id,
            name.clone(),
            c.branch,
            TypeKind::Conditional(Conditional {
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
                dependent_type: String::new(),
                dependent_integer: false,
                dependent_sensitive: self.is_sensitive(c.dependent_schema)?,
                dependent_variant: dependent_pascal,
                dependent_fn,
                large_value: false,
            }),
        );
        let rust = names::snake(&c.title).ok_or_else(|| {
            c.branch.error(
                format!("title `{}` gives no Rust field name", c.title),
                TITLE_HELP,
            )
        })?;
        Ok(Field {
            wire: c.title.clone(),
            role: Field::role_of(Presence::Flattened, &rust),
            rust,
            doc: c.branch.description.clone(),
            shape: Shape::plain(Ty::Named(id)),
            presence: Presence::Flattened,
            sensitive: false,
            deprecated: false,
            boxed: false,
            reads_integer: false,
            types: FieldTypes::default(),
        })
    }
}

pub(super) struct ParsedConditional<'s> {
    pub branch: &'s Schema,
    pub title: String,
    pub flag: &'s str,
    pub flag_schema: &'s Schema,
    pub dependent: &'s str,
    pub dependent_schema: &'s Schema,
}

/// Recognises `{"title", "if": {flag: const true, required [flag]}, "then": {"not": {"required":
/// [dep]}}, "else": {"required": [dep]}}` and nothing else.
pub(super) fn parse_conditional<'s>(
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
    let flag = flag_of(if_s).ok_or_else(|| bad(FLAG_SHAPE))?;
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
    let flag_schema = flag_property(gathered, flag, &bad)?;
    let dependent_schema = optional_property(gathered, dependent, &bad)?;
    Ok(ParsedConditional {
        branch,
        title,
        flag,
        flag_schema,
        dependent,
        dependent_schema,
    })
}

const FLAG_SHAPE: &str =
    "`if` must be {\"properties\": {FLAG: {\"const\": true}}, \"required\": [FLAG]}";

/// The flag of `if`: `{"properties": {FLAG: {"const": true}}, "required": [FLAG]}`.
fn flag_of(if_s: &Schema) -> Option<&str> {
    match (if_s.properties.as_slice(), if_s.required.as_slice()) {
        ([(flag, test)], [req])
            if flag == req
                && test.const_value == Some(serde_json::Value::Bool(true))
                && structural_keywords(test) == ["const"] =>
        {
            Some(flag)
        }
        _ => None,
    }
}

/// The property `key` of the object, which must not be required.
fn optional_property<'s>(
    gathered: &Gathered<'s>,
    key: &str,
    bad: &impl Fn(&str) -> crate::Diagnostic,
) -> Result<&'s Schema> {
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
}

/// The flag property `key`: optional and a non-nullable boolean.
fn flag_property<'s>(
    gathered: &Gathered<'s>,
    key: &str,
    bad: &impl Fn(&str) -> crate::Diagnostic,
) -> Result<&'s Schema> {
    let schema = optional_property(gathered, key, bad)?;
    if schema.split_null() != (vec![JsonType::Boolean], false) {
        return Err(bad(&format!(
            "the flag `{key}` must be a non-nullable boolean"
        )));
    }
    Ok(schema)
}

/// "`dependent` must be absent when `flag` is true", with both keys optional otherwise: an
/// `allOf` branch `{"if": <flag true>, "then": {"not": {"required": [KEY]}}}` without `else`.
/// Both stay plain optional fields; `build_*` refuses a body that sends both.
pub(super) struct ParsedExclusion<'s> {
    pub flag: &'s str,
    pub dependent: &'s str,
}

/// Whether `branch` is an exclusion (a flag conditional without `else`).
pub(super) fn is_exclusion(branch: &Schema) -> bool {
    branch.if_schema.is_some() && branch.else_schema.is_none()
}

/// Recognises the exclusion branch and nothing else.
pub(super) fn parse_exclusion<'s>(
    branch: &'s Schema,
    gathered: &Gathered<'s>,
) -> Result<ParsedExclusion<'s>> {
    let help = "write exactly the exclusion of spec/CONVENTIONS.md";
    let bad = |what: &str| branch.error(format!("unsupported exclusion: {what}"), help);
    if structural_keywords(branch) != ["if"] {
        return Err(bad(
            "the branch may only hold title, description, if and then",
        ));
    }
    let (Some(if_s), Some(then_s)) = (&branch.if_schema, &branch.then_schema) else {
        return Err(bad("`if` and `then` are both needed"));
    };
    let flag = flag_of(if_s).ok_or_else(|| bad(FLAG_SHAPE))?;
    let dependent = match then_s.not.as_deref() {
        Some(not)
            if structural_keywords(then_s) == ["not"]
                && structural_keywords(not) == ["required"]
                && not.required.len() == 1 =>
        {
            not.required[0].as_str()
        }
        _ => return Err(bad("`then` must be {\"not\": {\"required\": [KEY]}}")),
    };
    flag_property(gathered, flag, &bad)?;
    optional_property(gathered, dependent, &bad)?;
    Ok(ParsedExclusion { flag, dependent })
}
