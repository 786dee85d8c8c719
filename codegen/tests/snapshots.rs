//! Snapshot tests: one small fixture spec per construct (`tests/fixtures/<name>.json`), and a
//! snapshot of every file generated from it (`tests/snapshots/<name>__<file>.snap`).
//!
//! A generator change shows up as a snapshot diff. Review it, then accept it with
//! `INSTA_UPDATE=always cargo test -p codegen` (or `cargo insta review`). Under `CI=true` insta
//! fails on a changed snapshot instead of writing it.

use std::path::{Path, PathBuf};

use codegen::{GeneratedFile, SpecInput};

/// Every fixture, sorted; each has a test below.
const FIXTURES: &[&str] = &[
    "all_of",
    "arrays",
    "conditionals",
    "enums",
    "hostile_names",
    "maps",
    "nested_objects",
    "nullable",
    "one_of_any_of",
    "operations",
    "recursion",
    "sensitive",
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The fixture `name` as generator input; its module is named after it.
fn fixture(name: &str) -> SpecInput {
    let file = fixtures_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", file.display()));
    SpecInput {
        module: name.to_owned(),
        path: format!("codegen/tests/fixtures/{name}.json"),
        text,
    }
}

fn load(name: &str) -> codegen::ir::Api {
    codegen::load(&fixture(name)).unwrap_or_else(|diagnostic| panic!("{diagnostic}"))
}

fn render(name: &str) -> Vec<GeneratedFile> {
    codegen::render_api(&load(name)).unwrap_or_else(|diagnostic| panic!("{diagnostic}"))
}

/// The file name of a generated file (`src/enums/types.rs` -> `types.rs`).
fn file_name(file: &GeneratedFile) -> &str {
    file.path.rsplit('/').next().unwrap_or(&file.path)
}

fn settings(name: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(fixtures_dir().join(format!("{name}.json")));
    settings
}

/// Snapshots every file generated from fixture `name` as `<name>__<file>`.
fn snapshot_fixture(name: &str) {
    let files = render(name);
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let module_dir = format!("src/{name}/");
    assert!(
        paths.iter().all(|p| p.starts_with(&module_dir)),
        "files outside {module_dir}: {paths:?}"
    );
    // Check every file before failing, so one run reports (and, when updating, writes) all the
    // changed snapshots of the fixture rather than only the first.
    let failed: Vec<&str> = files
        .iter()
        .filter(|file| {
            let snapshot = format!("{name}__{}", file_name(file));
            std::panic::catch_unwind(|| {
                settings(name).bind(|| insta::assert_snapshot!(snapshot, file.contents));
            })
            .is_err()
        })
        .map(|file| file.path.as_str())
        .collect();
    assert!(failed.is_empty(), "snapshots differ for {failed:?}");
}

#[test]
fn nested_objects() {
    snapshot_fixture("nested_objects");
}

#[test]
fn enums() {
    snapshot_fixture("enums");
}

#[test]
fn nullable() {
    snapshot_fixture("nullable");
}

#[test]
fn arrays() {
    snapshot_fixture("arrays");
}

#[test]
fn maps() {
    snapshot_fixture("maps");
}

#[test]
fn all_of() {
    snapshot_fixture("all_of");
}

#[test]
fn one_of_any_of() {
    snapshot_fixture("one_of_any_of");
}

#[test]
fn conditionals() {
    snapshot_fixture("conditionals");
}

#[test]
fn recursion() {
    snapshot_fixture("recursion");
}

#[test]
fn hostile_names() {
    snapshot_fixture("hostile_names");
}

#[test]
fn sensitive() {
    snapshot_fixture("sensitive");
}

#[test]
fn operations() {
    snapshot_fixture("operations");
    // Operations and header settings live in the IR; snapshot them too so a change in how they
    // are read shows up even where no file renders them.
    let api = load("operations");
    settings("operations").bind(|| {
        insta::assert_debug_snapshot!("operations__ir_auth", api.auth);
        insta::assert_debug_snapshot!("operations__ir_settings", api.settings);
        insta::assert_debug_snapshot!("operations__ir_operations", api.operations);
    });
}

/// Every fixture in `tests/fixtures` has a snapshot test above.
#[test]
fn every_fixture_has_a_test() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, FIXTURES);
}

/// Every `.snap` file belongs to a file the generator still produces (insta does not notice
/// snapshots nothing asserts any more). `tests/errors.rs` uses inline snapshots only.
#[test]
fn no_stale_snapshots() {
    let mut expected: Vec<String> = FIXTURES
        .iter()
        .flat_map(|name| {
            render(name)
                .iter()
                .map(|file| format!("{name}__{}.snap", file_name(file)))
                .collect::<Vec<_>>()
        })
        .collect();
    expected.extend(
        ["auth", "settings", "operations"].map(|part| format!("operations__ir_{part}.snap")),
    );
    expected.sort();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .expect("snapshots dir")
        .map(|entry| {
            entry
                .expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".snap"))
        .collect();
    found.sort();
    assert_eq!(
        found,
        expected,
        "stale or unexpected files in {}",
        dir.display()
    );
}

/// Generating the same input twice gives byte-identical output, whatever the input order.
#[test]
fn generation_is_deterministic() {
    for name in FIXTURES {
        assert_eq!(render(name), render(name), "render_api of {name}");
    }
    let inputs: Vec<SpecInput> = FIXTURES.iter().map(|n| fixture(n)).collect();
    let first = codegen::generate(&inputs, "0.1.0").expect("generate fixtures");
    let again = codegen::generate(&inputs, "0.1.0").expect("generate fixtures again");
    assert_eq!(first, again);
    let reversed: Vec<SpecInput> = inputs.iter().rev().cloned().collect();
    let from_reversed = codegen::generate(&reversed, "0.1.0").expect("generate reversed");
    assert_eq!(first, from_reversed, "output depends on the input order");
}

/// The real specs under `spec/` generate (the output is checked in as the `generated` crate and
/// compared by `cargo xtask codegen --check`; too big for a snapshot).
#[test]
fn real_specs_generate() {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(&spec_dir).expect("spec dir") {
        let dir = entry.expect("dir entry").path();
        let file = dir.join("openapi.json");
        if !file.is_file() {
            continue;
        }
        let module = dir.file_name().unwrap().to_string_lossy().into_owned();
        inputs.push(SpecInput {
            path: format!("spec/{module}/openapi.json"),
            text: std::fs::read_to_string(&file).expect("read spec"),
            module,
        });
    }
    assert!(
        !inputs.is_empty(),
        "no specs found in {}",
        spec_dir.display()
    );
    let files =
        codegen::generate(&inputs, "0.1.0").unwrap_or_else(|diagnostic| panic!("{diagnostic}"));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for expected in ["Cargo.toml", "src/lib.rs", "src/support.rs"] {
        assert!(paths.contains(&expected), "{expected} missing: {paths:?}");
    }
    for input in &inputs {
        for file in ["mod.rs", "types.rs", "builders.rs"] {
            let path = format!("src/{}/{file}", input.module);
            assert!(paths.contains(&path.as_str()), "{path} missing: {paths:?}");
        }
    }
    assert!(files.iter().all(|f| f.contents.contains("@generated")));
}
