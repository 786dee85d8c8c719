//! Hand-written examples of the generated crate `commerce-apis`, kept outside `generated/` (which
//! is never edited by hand). Run one with `cargo run -p commerce-apis-examples --example <name>`:
//!
//! - `forter_validate_order`: build a Forter decision request, print it, parse canned answers;
//! - `forte_products`: create and list Forte products offline;
//! - `readme`: the README's usage snippets, compiled so they cannot rot.
