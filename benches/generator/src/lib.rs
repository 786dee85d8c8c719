//! Inputs of the generator benchmark: the real crate identity and specs of the workspace, read the
//! way `cargo xtask codegen` reads them, and the stages of `codegen::generate` callable one by one.

use std::path::{Path, PathBuf};

use codegen::{CrateInput, GeneratedFile, SpecInput};

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("benches/generator lives in the workspace")
        .to_path_buf()
}

/// `spec/crate.toml`, `spec/crate-docs.md` and every `spec/<api>/openapi.json`.
pub fn inputs() -> (CrateInput, Vec<SpecInput>) {
    let root = workspace_root();
    let krate = xtask::read_crate(&root).unwrap_or_else(|e| panic!("{e}"));
    let specs = xtask::read_specs(&root).unwrap_or_else(|e| panic!("{e}"));
    (krate, specs)
}

/// What `cargo xtask codegen` generates for `generated/`.
pub fn generate(krate: &CrateInput, specs: &[SpecInput]) -> Vec<GeneratedFile> {
    codegen::generate(krate, specs).unwrap_or_else(|e| panic!("{e}"))
}

/// Stage 1: spec text -> spec model, for every spec.
pub fn parse(specs: &[SpecInput]) -> usize {
    specs
        .iter()
        .map(|s| codegen::spec::parse_document(&s.path, &s.text).map(drop))
        .collect::<Result<Vec<()>, _>>()
        .unwrap_or_else(|e| panic!("{e}"))
        .len()
}

/// Stages 1 and 2: parse and lower to the IR, for every spec.
pub fn load(specs: &[SpecInput]) -> Vec<codegen::ir::Api> {
    specs
        .iter()
        .map(codegen::load)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Stage 2b: the test kits' plans (names, schemas; no example files, as `generate`).
pub fn kits(specs: &[SpecInput], apis: &[codegen::ir::Api]) -> Vec<Option<codegen::ir::TestKit>> {
    codegen::plan_test_kits(specs, apis, &[]).unwrap_or_else(|e| panic!("{e}"))
}

/// Stages 3 and 4: IR -> tokens -> laid-out files, runtime and manifest included.
pub fn emit_and_render(
    krate: &CrateInput,
    apis: &[codegen::ir::Api],
    kits: &[Option<codegen::ir::TestKit>],
) -> Vec<GeneratedFile> {
    codegen::generate_from_ir_with_kits(krate, apis, kits).unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_stages_give_what_generate_gives() {
        let (krate, specs) = super::inputs();
        assert_eq!(super::parse(&specs), specs.len());
        let apis = super::load(&specs);
        let kits = super::kits(&specs, &apis);
        assert_eq!(
            super::emit_and_render(&krate, &apis, &kits),
            super::generate(&krate, &specs)
        );
    }
}
