//! Misuse of the generated API that must not compile (trybuild). Each case in
//! `tests/compile_fail/` has the expected compiler output beside it (`.stderr`); after an
//! intended change, regenerate them with `TRYBUILD=overwrite cargo test -p workspace-tests --test
//! compile_fail` and read the diff.
//!
//! - `missing_required_field`: a V3OrderRequest without a required field does not build; the
//!   error names the field.
//! - `non_exhaustive_literal`: a `#[non_exhaustive]` struct cannot be a struct literal outside the
//!   crate.
//! - `required_field_twice`: a required field cannot be set twice on a builder; the error says it
//!   is already set.
//! - `enum_typo`: a string is not an enum value (no lenient `From<&str>`).
//! - `exhaustive_enum_match`: a match on a generated enum needs a wildcard arm.

#[test]
fn misuse_does_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("compile_fail/*.rs");
}
