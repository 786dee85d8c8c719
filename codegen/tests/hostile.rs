//! The hostile-spec corpus (`tests/hostile/`): specs that once crashed the generator, were
//! accepted but gave a crate that failed CI, or dropped a keyword silently.
//!
//! - `reject/<case>.json`: `{"why", "expect": {"pointer", "message"}, "spec" | "text", "module"?}`.
//!   Each must fail with a diagnostic naming the spec file, exactly that JSON pointer, a message
//!   containing `message`, and help text. The generator must not panic.
//! - `accept/<case>.json`: a spec that must generate. Each is also a module of the fixture crate
//!   `tests/output`, which CI compiles, lints and doc-tests (see `fixture_crate.rs`).

use std::path::{Path, PathBuf};

use codegen::SpecInput;
use serde_json::Value;

fn corpus(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_rejected_case_fails_with_a_located_diagnostic_and_help() {
    let cases = corpus("reject");
    assert!(
        cases.len() >= 80,
        "the corpus shrank to {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for path in &cases {
        let name = stem(path);
        let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let text = match (&case["text"], &case["spec"]) {
            (Value::String(text), _) => text.clone(),
            (_, spec) => serde_json::to_string_pretty(spec).unwrap(),
        };
        let file = format!("spec/{name}/openapi.json");
        let input = SpecInput {
            module: case["module"].as_str().unwrap_or("hostile").to_owned(),
            path: file.clone(),
            text,
        };
        let expected_pointer = case["expect"]["pointer"].as_str().unwrap();
        let expected_message = case["expect"]["message"].as_str().unwrap();
        match std::panic::catch_unwind(|| codegen::load(&input)) {
            Err(_) => failures.push(format!("{name}: the generator panicked")),
            Ok(Ok(_)) => failures.push(format!("{name}: accepted")),
            Ok(Err(d)) => {
                if d.file != file
                    || d.pointer != expected_pointer
                    || !d.message.contains(expected_message)
                    || d.help.trim().is_empty()
                {
                    failures.push(format!(
                        "{name}: expected #{expected_pointer} containing {expected_message:?} with help, got:\n{d}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_accepted_case_generates() {
    let cases = corpus("accept");
    assert!(
        cases.len() >= 40,
        "the corpus shrank to {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for path in &cases {
        let name = stem(path);
        let input = SpecInput {
            module: name.clone(),
            path: format!("codegen/tests/hostile/accept/{name}.json"),
            text: std::fs::read_to_string(path).unwrap(),
        };
        match std::panic::catch_unwind(|| {
            codegen::generate(&fixture_crate(), std::slice::from_ref(&input))
        }) {
            Err(_) => failures.push(format!("{name}: the generator panicked")),
            Ok(Err(d)) => failures.push(format!("{name}: {d}")),
            Ok(Ok(_)) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The fixture crate's identity, as `cargo xtask codegen` reads it.
fn fixture_crate() -> codegen::CrateInput {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    codegen::CrateInput {
        manifest_path: "codegen/tests/fixtures/crate.toml".into(),
        manifest: std::fs::read_to_string(dir.join("crate.toml")).unwrap(),
        docs_path: "codegen/tests/fixtures/crate-docs.md".into(),
        docs: std::fs::read_to_string(dir.join("crate-docs.md")).unwrap(),
        files: Vec::new(),
    }
}
