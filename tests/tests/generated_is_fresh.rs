//! `generated/` must be exactly what `cargo xtask codegen` makes from `spec/` (like
//! rust-analyzer's tidy test): a spec edit without a regeneration, or a hand edit of a generated
//! file, fails here with the diff and the command to run.

#[test]
fn generated_crate_is_up_to_date() {
    // This checkout's workspace (tests are built per checkout, so the compile-time path is right).
    let root = xtask::find_workspace_root(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{e}"));
    match xtask::codegen(&root, true) {
        Ok(report) => assert!(
            !report.files.is_empty(),
            "the generator produced no file: the check would be vacuous"
        ),
        Err(e) => panic!("{e}"),
    }
}
