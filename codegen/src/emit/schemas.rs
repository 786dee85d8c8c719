//! `schemas.rs` of an API module (feature `schemars`): one row per model type for the runtime's
//! `spec_schemas!`, with the JSON Schema lowering attached to it (`lower/json_schemas.rs`,
//! decision 022).

use std::fmt::Write as _;

use crate::ir::{Api, TypeKind};
use serde_json::Value;

/// The file's text, rows one to a line (formatting would wrap each row over two and leave the
/// JSON as it is; rustfmt leaves a brace-delimited macro call alone): the types that serve
/// their schema, and the aliases, inlined where they are referred to.
pub fn schemas_file(api: &Api) -> String {
    let mut served = String::new();
    let mut inlined = String::new();
    for def in api.types_in_order() {
        // Set for every type by lowering.
        let Some(schema) = &def.json_schema else {
            continue;
        };
        let rows = match def.kind {
            TypeKind::Alias(_) => &mut inlined,
            _ => &mut served,
        };
        // Type names are identifiers (`r#` ones included), checked by lowering.
        let _ = writeln!(rows, "        {} = {},", def.name, schema_literal(schema));
    }
    format!(
        "//! `schemars::JsonSchema` for the model types: each serves the spec's own schema.\n\
         #[allow(unused_imports)]\n\
         use super::types::*;\n\
         crate::support::spec_schemas! {{\n    \
         served: [\n{served}    ]\n    \
         inlined: [\n{inlined}    ]\n\
         }}\n"
    )
}

/// `schema` as a raw string literal of compact JSON. Characters beyond ASCII are written as
/// `\uXXXX` escapes (the same JSON), so no bidi or invisible character reaches the source.
fn schema_literal(schema: &Value) -> String {
    let json = ascii_json(schema);
    // Enough `#`s that no `"#...` inside the text ends the literal.
    let hashes = "#".repeat(longest_hash_run_after_quote(&json) + 1);
    format!("r{hashes}\"{json}\"{hashes}")
}

fn ascii_json(schema: &Value) -> String {
    let text = schema.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn longest_hash_run_after_quote(text: &str) -> usize {
    text.split('"')
        .skip(1)
        .map(|after| after.bytes().take_while(|b| *b == b'#').count())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_literal_is_ascii_and_reads_back_as_the_same_json() {
        let schema = json!({ "description": "Caf\u{e9} \u{202e}\u{1F600} \"#\"## end" });
        let literal: syn::LitStr = syn::parse_str(&schema_literal(&schema)).unwrap();
        let text = literal.value();
        assert!(text.is_ascii(), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), schema);
    }
}
