//! `generated/` must be exactly what `cargo xtask codegen` makes from `spec/*/openapi.json`
//! (like rust-analyzer's tidy test): a spec edit without a regeneration, or a hand edit of a
//! generated file, fails here with the diff and the command to run.

#[test]
fn generated_crate_is_up_to_date() {
    let root = xtask::workspace_root();
    match xtask::codegen(&root, true) {
        Ok(files) => assert!(
            !files.is_empty(),
            "the generator produced no file: the check would be vacuous"
        ),
        Err(e) => panic!("{e}"),
    }
}
