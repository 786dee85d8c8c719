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

// ---------------------------------------------------------------------------------------------
// Mutations: the accepted corpus, the construct fixtures and the real specs, each changed at random
// places (a value of another JSON type, a key dropped or renamed, a subtree moved elsewhere).
// Whatever the generator makes of them, it must not panic, and it must not blame itself: a
// diagnostic saying the generator produced invalid Rust or lost a doc comment is a generator bug
// a spec found. Seeded, so a failure names the seed and mutation that reproduce it;
// `HOSTILE_MUTATIONS=N` runs more (`cargo test --release -p codegen --test hostile mutations`).

/// A small seeded generator (splitmix64): reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The JSON pointer of every node of `value` (the root included).
fn node_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let token = key.replace('~', "~0").replace('/', "~1");
                node_pointers(child, format!("{at}/{token}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                node_pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Values a spec author (or an attacker) might put anywhere.
fn odd_value(rng: &mut Rng) -> Value {
    let choices = [
        Value::Null,
        Value::Bool(true),
        serde_json::json!(0),
        serde_json::json!(-1),
        serde_json::json!(1.5),
        serde_json::json!(1e308),
        serde_json::json!(u64::MAX),
        serde_json::json!(""),
        serde_json::json!("type"),
        serde_json::json!("#/components/schemas/Missing"),
        serde_json::json!("#/components/schemas"),
        serde_json::json!("\u{202e}x\u{0}y`*/"),
        serde_json::json!("integer"),
        serde_json::json!(["string", "null"]),
        serde_json::json!({}),
        serde_json::json!([]),
        serde_json::json!({"type": "object"}),
        serde_json::json!({"$ref": "#"}),
        serde_json::json!({"type": "string", "enum": ["", "A", "a", "a"]}),
    ];
    choices[rng.below(choices.len())].clone()
}

/// One random change of `spec`, described for the failure message.
fn mutate(spec: &mut Value, rng: &mut Rng) -> String {
    let mut pointers = Vec::new();
    node_pointers(spec, String::new(), &mut pointers);
    let at = pointers[rng.below(pointers.len())].clone();
    let (parent, last) = match at.rfind('/') {
        Some(split) => (at[..split].to_owned(), at[split + 1..].to_owned()),
        None => (String::new(), String::new()),
    };
    match rng.below(5) {
        // Another value in its place.
        0 | 1 => {
            let value = odd_value(rng);
            let described = format!("{at} = {value}");
            if let Some(node) = spec.pointer_mut(&at) {
                *node = value;
            }
            described
        }
        // A subtree copied from elsewhere (a schema where a parameter was, ...).
        2 => {
            let from = pointers[rng.below(pointers.len())].clone();
            let value = spec.pointer(&from).cloned().unwrap_or(Value::Null);
            if let Some(node) = spec.pointer_mut(&at) {
                *node = value;
            }
            format!("{at} = copy of {from}")
        }
        // Dropped.
        3 => {
            match spec.pointer_mut(&parent) {
                Some(Value::Object(map)) => {
                    let key = last.replace("~1", "/").replace("~0", "~");
                    map.shift_remove(&key);
                }
                Some(Value::Array(items)) => {
                    if let Ok(index) = last.parse::<usize>() {
                        if index < items.len() {
                            items.remove(index);
                        }
                    }
                }
                _ => {}
            }
            format!("{at} removed")
        }
        // Renamed to a key that means something else.
        _ => {
            let keys = [
                "type",
                "$ref",
                "required",
                "properties",
                "items",
                "enum",
                "x-sensitive",
                "nullable",
                "allOf",
                "oneOf",
                "format",
                "pattern",
            ];
            let new_key = keys[rng.below(keys.len())];
            if let Some(Value::Object(map)) = spec.pointer_mut(&parent) {
                let key = last.replace("~1", "/").replace("~0", "~");
                if let Some(value) = map.shift_remove(&key) {
                    map.insert(new_key.to_owned(), value);
                }
            }
            format!("{at} renamed to {new_key}")
        }
    }
}

#[test]
fn mutated_specs_never_panic_and_never_break_the_renderer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<(String, Value)> = corpus("accept")
        .iter()
        .chain(&corpus_of(&root.join("tests/fixtures")))
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            (stem(path), serde_json::from_str(&text).unwrap())
        })
        .collect();
    let forte = root.join("../spec/forte/openapi.json");
    specs.push((
        "forte".into(),
        serde_json::from_str(&std::fs::read_to_string(forte).unwrap()).unwrap(),
    ));
    let runs: usize = std::env::var("HOSTILE_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    let krate = fixture_crate();
    let mut failures = Vec::new();
    for seed in 0..runs as u64 {
        let mut rng = Rng(seed);
        let (name, spec) = &specs[rng.below(specs.len())];
        let mut spec = spec.clone();
        let changes: Vec<String> = (0..1 + rng.below(3))
            .map(|_| mutate(&mut spec, &mut rng))
            .collect();
        let input = SpecInput {
            module: "mutated".into(),
            path: format!("spec/mutated/{name}.json"),
            text: serde_json::to_string_pretty(&spec).unwrap(),
        };
        let what = format!("seed {seed}, {name}: {}", changes.join("; "));
        match std::panic::catch_unwind(|| codegen::generate(&krate, std::slice::from_ref(&input))) {
            Err(_) => failures.push(format!("{what}: the generator panicked")),
            // A generator bug, or a lowering invariant broken ("internal error").
            Ok(Err(d))
                if d.message.contains("generator") || d.message.contains("internal error") =>
            {
                failures.push(format!("{what}:\n{d}"))
            }
            Ok(Err(d)) if d.file.is_empty() || d.help.trim().is_empty() => {
                failures.push(format!("{what}: a diagnostic without a file or help:\n{d}"))
            }
            Ok(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {runs}:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The `*.json` files of `dir`, sorted.
fn corpus_of(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}
