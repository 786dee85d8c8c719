//! The rules of `spec/CONVENTIONS.md` that the subset itself does not already enforce: names and
//! documentation a maintainer would otherwise find missing only in the generated crate. Each
//! failure is located and says what to write instead.

use super::document::{Document, Operation};
use super::schema::Schema;
use crate::error::{pointer_push, Diagnostic, Result};

/// Checks `doc` against the conventions.
pub fn check(doc: &Document) -> Result<()> {
    for (_, schema) in &doc.schemas {
        if !has_text(&schema.description) {
            return Err(schema.error(
                "the component has no `description`",
                "describe the schema in a sentence: it becomes the Rust type's documentation",
            ));
        }
        check_properties(schema)?;
    }
    for op in &doc.operations {
        check_operation(&doc.file, op)?;
    }
    Ok(())
}

/// Whether `text` holds something other than white space.
fn has_text(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

/// Whether `operation_id` is camelCase: an ASCII letter, then ASCII letters and digits
/// (`validateOrder`, `self`; a leading capital, `GetOrder` or `Self`, gives the same snake_case
/// name and is accepted). No `_`, `-`, space or other character the snake_case name would drop.
fn is_camel_case(operation_id: &str) -> bool {
    let mut chars = operation_id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

fn check_operation(file: &str, op: &Operation) -> Result<()> {
    if !is_camel_case(&op.operation_id) {
        return Err(Diagnostic::new(
            file,
            &pointer_push(&op.pointer, "operationId"),
            format!("operationId `{}` is not camelCase", op.operation_id),
            "write it as ASCII lowerCamelCase (`validateOrder`): the generated functions are named after it (`build_validate_order`)",
        ));
    }
    if !has_text(&op.summary) && !has_text(&op.description) {
        return Err(Diagnostic::new(
            file,
            &op.pointer,
            format!("operation `{}` has neither `summary` nor `description`", op.operation_id),
            "give it a `summary` (and, for the details, a `description`): they become the documentation of its functions",
        ));
    }
    for param in op.path_params.iter().chain(&op.header_params) {
        if !has_text(&param.description) {
            return Err(Diagnostic::new(
                file,
                &param.pointer,
                format!("parameter `{}` has no `description`", param.name),
                "say what the value is: it becomes the documentation of the argument or `Config` setting",
            ));
        }
    }
    if let Some(body) = &op.request_body {
        if body.reference.is_none() {
            return Err(body.error(
                "the request body schema is written inline",
                "move it to components/schemas/<Name> (a PascalCase name) and refer to it with `$ref`: the name is the Rust type users build",
            ));
        }
    }
    for body in op.responses.iter().filter_map(|r| r.body.as_ref()) {
        check_properties(body)?;
    }
    Ok(())
}

/// Every property of `schema` and of the schemas inside it has a description, or is a `$ref`
/// (or a nullable `$ref`), whose component has one.
fn check_properties(schema: &Schema) -> Result<()> {
    for (key, property) in &schema.properties {
        if !has_text(&property.description) && !is_reference(property) {
            return Err(property.error(
                format!("property `{key}` has no `description`"),
                "describe the value (for a timestamp, its unit): it becomes the field's documentation",
            ));
        }
        check_properties(property)?;
    }
    let nested = schema
        .items
        .iter()
        .map(AsRef::as_ref)
        .chain(match &schema.additional {
            super::schema::Additional::Schema(values) => Some(values.as_ref()),
            _ => None,
        })
        .chain(&schema.all_of)
        .chain(&schema.one_of)
        .chain(&schema.any_of);
    for inner in nested {
        check_properties(inner)?;
    }
    Ok(())
}

/// A `$ref`, or a `oneOf`/`anyOf` of one `$ref` and `{"type": "null"}`.
fn is_reference(schema: &Schema) -> bool {
    if schema.reference.is_some() {
        return true;
    }
    let branches = if schema.one_of.is_empty() {
        &schema.any_of
    } else {
        &schema.one_of
    };
    let (refs, others): (Vec<&Schema>, Vec<&Schema>) =
        branches.iter().partition(|b| b.reference.is_some());
    refs.len() == 1 && others.iter().all(|b| b.is_null_only())
}

#[cfg(test)]
mod tests {
    use super::is_camel_case;

    #[test]
    fn operation_ids_are_camel_case() {
        for ok in [
            "validateOrder",
            "self",
            "v3Orders",
            "a",
            "ValidateOrder",
            "Self",
        ] {
            assert!(is_camel_case(ok), "{ok}");
        }
        for bad in [
            "validate_order",
            "get-order",
            "get order",
            "3ds",
            "",
            "caf\u{e9}",
            "_x",
        ] {
            assert!(!is_camel_case(bad), "{bad}");
        }
    }
}
