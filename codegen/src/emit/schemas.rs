//! `schemas.rs` of an API module (feature `schemars`): one row per model type for the runtime's
//! `spec_schemas!`, with the JSON Schema lowering attached to it (`lower/json_schemas.rs`,
//! decision 022).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::ident;
use crate::ir::{Api, TypeKind};
use serde_json::Value;

/// The file's tokens: the types that serve their schema, and the aliases, inlined where they are
/// referred to.
pub fn schemas_file(api: &Api) -> TokenStream {
    let mut served = Vec::new();
    let mut inlined = Vec::new();
    for def in api.types_in_order() {
        let name = ident(&def.name);
        match (&def.kind, &def.json_schema) {
            // Set for every type by lowering.
            (_, None) => {}
            (TypeKind::Alias(_), Some(schema)) => {
                let text = schema_literal(schema);
                inlined.push(quote!(#name = #text));
            }
            (_, Some(schema)) => {
                let text = schema_literal(schema);
                served.push(quote!(#name = #text));
            }
        }
    }
    quote! {
        //! `schemars::JsonSchema` for the model types: each serves the spec's own schema.

        #[allow(unused_imports)]
        use super::types::*;

        crate::support::spec_schemas! {
            served: [#(#served,)*]
            inlined: [#(#inlined,)*]
        }
    }
}

/// `schema` as a raw string literal of compact JSON. Characters beyond ASCII are written as
/// `\uXXXX` escapes (the same JSON), so no bidi or invisible character reaches the source.
fn schema_literal(schema: &Value) -> TokenStream {
    let json = ascii_json(schema);
    // Enough `#`s that no `"#...` inside the text ends the literal.
    let hashes = "#".repeat(longest_hash_run_after_quote(&json) + 1);
    format!("r{hashes}\"{json}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| quote!(#json))
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
        let literal: syn::LitStr = syn::parse2(schema_literal(&schema)).unwrap();
        let text = literal.value();
        assert!(text.is_ascii(), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), schema);
    }
}
