//! Snapshot tests: one small fixture spec per construct (`tests/fixtures/<name>.json`), and a
//! snapshot of every file generated from it (`tests/snapshots/<name>__<file>.snap`).
//!
//! A generator change shows up as a snapshot diff. Review it, then accept it with
//! `INSTA_UPDATE=always cargo test -p codegen` (or `cargo insta review`). Under `CI=true` insta
//! fails on a changed snapshot instead of writing it.

use std::path::{Path, PathBuf};

use codegen::{CrateInput, GeneratedFile, SpecInput};

/// Every fixture, sorted, with the generated file that shows what it is about: its one
/// snapshot. All of a fixture's files are compiled, linted and doc-tested as a module of the
/// fixture crate `tests/output` (written by `cargo xtask codegen`), so the snapshots need not
/// repeat the boilerplate every module has.
const FIXTURES: &[(&str, &str)] = &[
    ("all_of", "types.rs"),
    ("arrays", "validate.rs"),
    ("conditionals", "types.rs"),
    ("enums", "types.rs"),
    ("hostile_names", "types.rs"),
    ("http_operations", "operations.rs"),
    ("maps", "types.rs"),
    ("nested_objects", "builders.rs"),
    ("notifications", "webhooks.rs"),
    ("nullable", "types.rs"),
    ("one_of_any_of", "types.rs"),
    ("recursion", "types.rs"),
    ("sensitive", "types.rs"),
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

/// A small crate identity for generating the fixtures as one crate.
fn test_crate() -> CrateInput {
    CrateInput {
        manifest_path: "codegen/tests/crate.toml".into(),
        manifest: r#"[package]
name = "fixture-apis"
version = "0.0.1"
edition = "2021"
license = "MIT"
description = "The codegen fixtures as one crate."

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
http = "1"
percent-encoding = "2"
base64 = "0.22"
regex-lite = "0.1"
sha2 = { version = "0.11", default-features = false }
hmac = "0.13"
subtle = { version = "2.6", default-features = false }
schemars = { version = "1", optional = true }
reqwest = { version = "0.12", default-features = false, optional = true }
tokio = { version = "1", optional = true }
tracing = { version = "0.1", optional = true }
jsonschema = { version = "0.61", default-features = false, optional = true }
socket2 = { version = "0.6", optional = true }
"#
        .into(),
        docs_path: "codegen/tests/crate-docs.md".into(),
        docs: "The codegen fixtures.\n".into(),
        files: Vec::new(),
    }
}

fn load(name: &str) -> codegen::ir::Api {
    codegen::load(&fixture(name)).unwrap_or_else(|diagnostic| panic!("{diagnostic}"))
}

fn render(name: &str) -> Vec<GeneratedFile> {
    codegen::render_api(&load(name)).unwrap_or_else(|diagnostic| panic!("{diagnostic}"))
}

fn settings(name: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(fixtures_dir().join(format!("{name}.json")));
    settings
}

/// Each fixture's file of interest matches its snapshot `<fixture>.snap`. Every fixture is
/// checked before failing, so one run reports (and, when updating, writes) every change.
#[test]
fn every_fixture_matches_its_snapshot() {
    let failed: Vec<&str> = FIXTURES
        .iter()
        .filter(|(name, file)| {
            let files = render(name);
            let path = format!("src/{name}/{file}");
            let Some(shown) = files.iter().find(|f| f.path == path) else {
                panic!("{name} generates no {path}");
            };
            std::panic::catch_unwind(|| {
                settings(name).bind(|| insta::assert_snapshot!(*name, shown.contents));
            })
            .is_err()
        })
        .map(|(name, _)| *name)
        .collect();
    assert!(failed.is_empty(), "snapshots differ for {failed:?}");
}

/// Every fixture in `tests/fixtures` is listed in `FIXTURES`.
#[test]
fn every_fixture_has_a_snapshot() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let listed: Vec<&str> = FIXTURES.iter().map(|(name, _)| *name).collect();
    assert_eq!(found, listed);
}

/// Every `.snap` file belongs to a listed fixture (insta does not notice snapshots nothing
/// asserts any more). `tests/errors.rs` uses inline snapshots only.
#[test]
fn no_stale_snapshots() {
    let expected: Vec<String> = FIXTURES
        .iter()
        .map(|(name, _)| format!("{name}.snap"))
        .collect();
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
    for (name, _) in FIXTURES {
        assert_eq!(render(name), render(name), "render_api of {name}");
    }
    let inputs: Vec<SpecInput> = FIXTURES.iter().map(|(n, _)| fixture(n)).collect();
    let first = codegen::generate(&test_crate(), &inputs).expect("generate fixtures");
    let again = codegen::generate(&test_crate(), &inputs).expect("generate fixtures again");
    assert_eq!(first, again);
    let reversed: Vec<SpecInput> = inputs.iter().rev().cloned().collect();
    let from_reversed = codegen::generate(&test_crate(), &reversed).expect("generate reversed");
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
    let read = |name: &str| std::fs::read_to_string(spec_dir.join(name)).expect(name);
    let krate = CrateInput {
        manifest_path: "spec/crate.toml".into(),
        manifest: read("crate.toml"),
        docs_path: "spec/crate-docs.md".into(),
        docs: read("crate-docs.md"),
        files: Vec::new(),
    };
    let files =
        codegen::generate(&krate, &inputs).unwrap_or_else(|diagnostic| panic!("{diagnostic}"));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for expected in ["Cargo.toml", "src/lib.rs", "src/support/mod.rs"] {
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
