//! Rust names for wire names: snake_case fields, PascalCase types and variants, keywords escaped,
//! leading digits spelled out.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Identifiers that cannot be raw identifiers either; they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Type names the generated code itself uses unqualified; a spec type may not shadow them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Serialize",
    "Deserialize",
    "Value",
    "Map",
    "Client",
    "Config",
    "Credentials",
    "Error",
    "ApiError",
    "Violation",
    "Validate",
];

/// The variant name every generated enum reserves for values it does not know.
pub const UNRECOGNIZED_VARIANT: &str = "Unrecognized";

const DIGITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// Spells out leading digits so the name is a valid identifier: `3DS` -> `three DS`.
fn spell_leading_digits(name: &str) -> String {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return name.to_owned();
    }
    let words: Vec<&str> = digits
        .chars()
        .map(|d| DIGITS[d as usize - '0' as usize])
        .collect();
    format!("{} {}", words.join(" "), &name[digits.len()..])
}

/// A field or function name: `customerIP` -> `customer_ip`, `type` -> `r#type`. `None` when nothing
/// usable is left (e.g. an all-punctuation name).
pub fn snake(name: &str) -> Option<String> {
    let snake = spell_leading_digits(name).to_snake_case();
    if snake.is_empty() {
        return None;
    }
    Some(escape_keyword(snake))
}

/// A type or variant name: `PRE_AUTHORIZATION` -> `PreAuthorization`, `3DS` -> `ThreeDs`.
pub fn pascal(name: &str) -> Option<String> {
    let pascal = spell_leading_digits(name).to_upper_camel_case();
    if pascal.is_empty() {
        return None;
    }
    Some(escape_keyword(pascal))
}

/// Keeps a component name that already is a PascalCase identifier (`V3OrderRequest`, `ThreeDS`),
/// otherwise converts it.
pub fn type_name(component: &str) -> Option<String> {
    let is_ident = component
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase())
        && component.chars().all(|c| c.is_ascii_alphanumeric());
    if is_ident {
        Some(component.to_owned())
    } else {
        pascal(component)
    }
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without a raw prefix, for building other names from it.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_idiomatic_rust() {
        assert_eq!(snake("customerIP").unwrap(), "customer_ip");
        assert_eq!(snake("amountUSD").unwrap(), "amount_usd");
        assert_eq!(
            snake("threeDSServerTransID").unwrap(),
            "three_ds_server_trans_id"
        );
        assert_eq!(snake("ECIValue").unwrap(), "eci_value");
        assert_eq!(snake("type").unwrap(), "r#type");
        assert_eq!(snake("self").unwrap(), "self_");
        assert_eq!(snake("3DS").unwrap(), "three_ds");
        assert_eq!(pascal("PRE_AUTHORIZATION").unwrap(), "PreAuthorization");
        assert_eq!(pascal("not reviewed").unwrap(), "NotReviewed");
        assert_eq!(pascal("3DS").unwrap(), "ThreeDs");
        assert_eq!(type_name("V3OrderRequest").unwrap(), "V3OrderRequest");
        assert_eq!(type_name("order_type").unwrap(), "OrderType");
        assert_eq!(snake("--"), None);
    }
}
