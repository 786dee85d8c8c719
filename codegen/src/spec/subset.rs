//! What the accepted subset allows where: the one place that answers "may this keyword stand
//! here?". Lowering asks these questions; it does not decide them.

use super::node::Node;
use super::schema::{Additional, JsonType, Schema};
use crate::error::Result;
use crate::ir::{Constraints, Format};

/// What a schema describes, by its structural keywords.
pub enum Kind<'s> {
    /// An object with `properties` and/or `allOf`.
    Struct,
    /// A string `enum`.
    Enum,
    /// A `oneOf`/`anyOf` union, with its branches.
    Union(Vec<&'s Schema>),
    /// A primitive, array, map, `$ref` or untyped value.
    Other,
}

/// Classifies a schema, rejecting one that is several things at once.
pub fn classify(schema: &Schema) -> Result<Kind<'_>> {
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

/// Names of the structural (non-annotation) keywords a schema uses; the value constraints count
/// as one, `constraints` (which constraint applies to which type is checked when reading).
pub fn structural_keywords(schema: &Schema) -> Vec<&'static str> {
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

/// The keywords a value schema (no struct, enum or union) may carry, by its type.
pub fn value_keywords(ty: Option<JsonType>) -> &'static [&'static str] {
    match ty {
        None | Some(JsonType::Array) => &["type", "items", "constraints"],
        Some(JsonType::Object) => &["type", "additionalProperties"],
        Some(_) => &["type", "constraints"],
    }
}

/// Fails when `schema` uses a structural keyword outside `allowed` (e.g. `items` on a string).
pub fn reject_foreign_keywords(schema: &Schema, allowed: &[&str]) -> Result<()> {
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

/// Fails when `const`, `if`/`then`/`else` or `not` stand outside a flag conditional.
pub fn reject_conditional_keywords(schema: &Schema) -> Result<()> {
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

/// The value type constraints are checked against: the declared non-null type, or `array` for an
/// untyped schema with `items`. `None` when it is not known yet (beside a `$ref`, checked once the
/// reference is resolved) or the schema is untyped.
fn constrained_type(node: &Node<'_>, types: &[JsonType]) -> Option<JsonType> {
    match types.iter().find(|t| **t != JsonType::Null) {
        Some(ty) => Some(*ty),
        None if node.get("items").is_some() => Some(JsonType::Array),
        None => None,
    }
}

/// Checks at reading time that every constraint applies to the schema's type and that together
/// they can be satisfied: a keyword without effect is an error, not silently ignored.
pub fn check_constraints(node: &Node<'_>, types: &[JsonType], c: &Constraints) -> Result<()> {
    if c.is_empty() {
        return Ok(());
    }
    match constrained_type(node, types) {
        Some(ty) => check_applicable(node, ty, c)?,
        None if node.get("$ref").is_some() => {}
        None => {
            let keyword = present_constraints(c)[0];
            return Err(node.require(keyword)?.error(
                format!("`{keyword}` on a schema without `type` would be ignored"),
                "give the schema a `type`, or remove the constraint",
            ));
        }
    }
    check_satisfiable(
        node,
        c,
        constrained_type(node, types) == Some(JsonType::Integer),
    )?;
    if let Some(pattern) = &c.pattern {
        check_pattern(node, pattern)?;
    }
    Ok(())
}

/// The spec names of the constraints present.
fn present_constraints(c: &Constraints) -> Vec<&'static str> {
    [
        ("format", c.format.is_some()),
        ("minLength", c.min_length.is_some()),
        ("maxLength", c.max_length.is_some()),
        ("pattern", c.pattern.is_some()),
        ("minimum", c.minimum.is_some()),
        ("maximum", c.maximum.is_some()),
        ("minItems", c.min_items.is_some()),
        ("maxItems", c.max_items.is_some()),
    ]
    .into_iter()
    .filter(|(_, present)| *present)
    .map(|(name, _)| name)
    .collect()
}

/// Whether constraint `keyword` (and, for `format`, the format) has an effect on type `ty`.
fn applies(keyword: &str, format: Option<Format>, ty: JsonType) -> bool {
    match keyword {
        "minLength" | "maxLength" | "pattern" => ty == JsonType::String,
        "minimum" | "maximum" => matches!(ty, JsonType::Integer | JsonType::Number),
        "minItems" | "maxItems" => ty == JsonType::Array,
        "format" => match format {
            Some(Format::Int32 | Format::Int64) => ty == JsonType::Integer,
            Some(Format::Double) => ty == JsonType::Number,
            Some(_) => ty == JsonType::String,
            None => true,
        },
        _ => true,
    }
}

/// The first constraint that does nothing on type `ty` (`maxLength` on an integer, ...): its
/// keyword and a message. Also asked of constraints beside a `$ref`, once the type is known.
pub fn inapplicable_constraint(ty: JsonType, c: &Constraints) -> Option<(&'static str, String)> {
    let keyword = present_constraints(c)
        .into_iter()
        .find(|keyword| !applies(keyword, c.format, ty))?;
    let what = match (keyword, c.format) {
        ("format", Some(format)) => format!("`format: {format}`"),
        _ => format!("`{keyword}`"),
    };
    Some((
        keyword,
        format!(
            "{what} does not apply to a value of type {} and would be ignored",
            ty.as_str()
        ),
    ))
}

/// Help for [`inapplicable_constraint`].
pub const INAPPLICABLE_HELP: &str = "remove it, or fix the schema's `type`";

fn check_applicable(node: &Node<'_>, ty: JsonType, c: &Constraints) -> Result<()> {
    match inapplicable_constraint(ty, c) {
        Some((keyword, message)) => {
            let at = node.get(keyword).unwrap_or_else(|| node.clone());
            Err(at.error(message, INAPPLICABLE_HELP))
        }
        None => Ok(()),
    }
}

/// Fails on bounds no value can meet (`minLength` 5 with `maxLength` 2; for an integer, no
/// 64-bit integer between `minimum` and `maximum`, as `0.2` to `0.8`).
fn check_satisfiable(node: &Node<'_>, c: &Constraints, integer: bool) -> Result<()> {
    let pairs = [
        (
            "minLength",
            "maxLength",
            c.min_length.zip(c.max_length).is_some_and(|(a, b)| a > b),
        ),
        (
            "minimum",
            "maximum",
            c.minimum.zip(c.maximum).is_some_and(|(a, b)| a.exceeds(b)),
        ),
        (
            "minItems",
            "maxItems",
            c.min_items.zip(c.max_items).is_some_and(|(a, b)| a > b),
        ),
    ];
    if let Some((min, max, _)) = pairs.iter().find(|(_, _, broken)| *broken) {
        return Err(node.require(min)?.error(
            format!("`{min}` is greater than `{max}`: no value can satisfy both"),
            "fix the bounds",
        ));
    }
    if integer {
        let (min, max) = c.integer_bounds();
        let below = c
            .maximum
            .is_some_and(|b| b.floor_integer() < i128::from(i64::MIN));
        let above = c
            .minimum
            .is_some_and(|b| b.ceil_integer() > i128::from(i64::MAX));
        if below || above || min.zip(max).is_some_and(|(a, b)| a > b) {
            let keyword = if above || c.maximum.is_none() {
                "minimum"
            } else {
                "maximum"
            };
            return Err(node.require(keyword)?.error(
                "no 64-bit integer lies between `minimum` and `maximum`",
                "fix the bounds",
            ));
        }
    }
    Ok(())
}

/// Fails on a pattern the generated crate could not evaluate. The runtime checks patterns with
/// regex-lite; a pattern it rejects (invalid, or ECMA-262 look-around and backreferences) would
/// make every request fail at run time, so it is refused here instead.
fn check_pattern(node: &Node<'_>, pattern: &str) -> Result<()> {
    match regex_lite::Regex::new(pattern) {
        Ok(_) => Ok(()),
        Err(err) => Err(node.require("pattern")?.error(
            format!("the pattern cannot be evaluated by the generated crate's regex engine (regex-lite): {err}"),
            "rewrite it in the syntax regex-lite runs (no look-around, backreferences or \\p{..} Unicode classes), or remove it",
        )),
    }
}
