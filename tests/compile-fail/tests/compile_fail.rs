//! Misuse of the generated API that must not compile (trybuild). Each case in
//! `tests/compile_fail/` has the expected compiler output beside it (`.stderr`); after an
//! intended change, regenerate them with `TRYBUILD=overwrite cargo test -p compile-fail-tests --test
//! compile_fail` and read the diff.
//!
//! This crate depends on `commerce-apis` alone: trybuild builds the dependencies of the crate it
//! runs in again, in a target directory of its own (in `workspace-tests`, with jsonschema, the
//! generator and proptest, that was most of the test command's build time).
//!
//! - `missing_required_field`: a V3OrderRequest without a required field does not build; the
//!   error names the field.
//! - `non_exhaustive_literal`: a `#[non_exhaustive]` struct cannot be a struct literal outside the
//!   crate.
//! - `required_field_twice`: a required field cannot be set twice on a builder; the error says it
//!   is already set.
//! - `enum_typo`: a string is not an enum value (no lenient `From<&str>`).
//! - `exhaustive_enum_match`: a match on a generated enum needs a wildcard arm.
//!
//! The `.stderr` files are rustc's whole output as the toolchain in `compile_fail/BLESSED_WITH`
//! lays it out. On that toolchain they are compared exactly. On any other (the crates promise
//! their `rust-version` and newer), every case must still fail to compile, with the same error
//! code and, where the message is the generated code's own (`#[diagnostic::on_unimplemented]`:
//! the missing or repeated field), the same first line.

use std::path::{Path, PathBuf};
use std::process::Command;

const CASES: &str = "compile_fail";

fn rustc_version() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = Command::new(rustc)
        .arg("--version")
        .output()
        .expect("rustc runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The first line of a compiler output: `error[E0277]: ...`.
fn first_line(stderr: &str) -> &str {
    stderr.lines().next().unwrap_or_default()
}

/// What must agree across toolchains: the whole first line where the generated code wrote the
/// message, else the error code.
fn stable_part(line: &str) -> &str {
    let ours = ["is missing the required field", "is already set"];
    if ours.iter().any(|phrase| line.contains(phrase)) {
        line
    } else {
        line.split(':').next().unwrap_or_default()
    }
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the compile_fail folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    cases.sort();
    cases
}

#[test]
fn misuse_does_not_compile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let blessed = std::fs::read_to_string(root.join(CASES).join("BLESSED_WITH"))
        .expect("compile_fail/BLESSED_WITH");
    let blessed = blessed.trim();
    if rustc_version().starts_with(blessed) || std::env::var_os("TRYBUILD").is_some() {
        trybuild::TestCases::new().compile_fail(format!("{CASES}/*.rs"));
        return;
    }
    // Another toolchain: bless a copy of the cases and compare the parts that do not depend on
    // the toolchain's layout.
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile_fail_any_toolchain");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).expect("a scratch folder");
    for case in cases(&root.join(CASES)) {
        std::fs::copy(&case, copy.join(case.file_name().unwrap())).expect("copy a case");
    }
    // No other test of this binary reads the environment while this one sets it.
    std::env::set_var("TRYBUILD", "overwrite");
    trybuild::TestCases::new().compile_fail(copy.join("*.rs"));
    let mut problems = Vec::new();
    for case in cases(&root.join(CASES)) {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.with_extension("stderr")).expect("a .stderr");
        let got = std::fs::read_to_string(copy.join(format!("{name}.stderr")))
            .unwrap_or_else(|_| format!("(case {name} compiled, or wrote no output)"));
        let (expected, got) = (first_line(&expected), first_line(&got));
        if stable_part(expected) != stable_part(got) {
            problems.push(format!("{name}: expected `{expected}`, got `{got}`"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_toolchain_independent_part_is_the_generated_message_or_the_error_code() {
    assert_eq!(
        stable_part("error[E0277]: `V3OrderRequest` is missing the required field `payment`"),
        "error[E0277]: `V3OrderRequest` is missing the required field `payment`"
    );
    assert_eq!(
        stable_part("error[E0004]: non-exhaustive patterns: `&_` not covered"),
        "error[E0004]"
    );
}
