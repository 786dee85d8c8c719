//! The cases of the run-time benchmarks (`benches/wire.rs`) and of the instruction counts
//! (`src/bin/wire-ops.rs`): every example file `spec/<api>/examples/*.json`, with the generated
//! Rust type it goes through, both from the index `build.rs` writes (from
//! `generated/summary/*.json` and the example folders; the same index as
//! `tests/tests/round_trip.rs`).
//!
//! Five operations per example: deserialize the text into the typed value or into
//! `serde_json::Value`, serialize either back to JSON text, and `validate()` the typed value (what
//! `build_*` runs on every request body). A test checks that [`CASES`] lists every example file
//! and that each runs.

use std::path::{Path, PathBuf};

use commerce_apis::support::Validate;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Every example, as `<api>/<file stem>`: `spec/<api>/examples/<file stem>.json`, listed by
/// `build.rs` from the folders (a new example needs no edit here).
macro_rules! examples {
    ($($case:literal,)*) => {
        pub const CASES: &[&str] = &[$($case,)*];
    };
}

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The five operations of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Text -> generated type (and dropped).
    DeserializeTyped,
    /// Text -> `serde_json::Value` (and dropped).
    DeserializeValue,
    /// Generated type -> text (into a reused buffer).
    SerializeTyped,
    /// `serde_json::Value` -> text (into a reused buffer).
    SerializeValue,
    /// `validate()` of the typed value (the violations, if any, dropped).
    Validate,
}

impl Op {
    pub const ALL: [Op; 5] = [
        Op::DeserializeTyped,
        Op::DeserializeValue,
        Op::SerializeTyped,
        Op::SerializeValue,
        Op::Validate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Op::DeserializeTyped => "de-typed",
            Op::DeserializeValue => "de-value",
            Op::SerializeTyped => "ser-typed",
            Op::SerializeValue => "ser-value",
            Op::Validate => "validate",
        }
    }

    pub fn parse(name: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.name() == name)
    }
}

/// A value that can be written as JSON, behind a pointer so that one table serves every type.
pub trait Write {
    fn write(&self, out: &mut Vec<u8>);
}

impl<T: Serialize> Write for T {
    fn write(&self, out: &mut Vec<u8>) {
        serde_json::to_writer(out, self).expect("the generated types serialize");
    }
}

/// A value whose constraints can be checked, behind a pointer so that one table serves every type.
pub trait Check {
    /// The number of violations.
    fn check(&self) -> usize;
}

impl<T: Validate> Check for T {
    fn check(&self) -> usize {
        self.validate()
            .err()
            .map_or(0, |violations| violations.len())
    }
}

/// How the examples of one Rust type are read and written.
#[derive(Clone, Copy)]
pub struct Codec {
    /// The Rust type, for messages.
    pub rust: &'static str,
    /// Deserializes the text into the type and drops it.
    pub deserialize: fn(&str) -> serde_json::Result<()>,
    /// Deserializes the text into the type, kept for the serialize benchmarks.
    pub typed: fn(&str) -> serde_json::Result<Box<dyn Write>>,
    /// Deserializes the text into the type, kept for the validate benchmark.
    pub checked: fn(&str) -> serde_json::Result<Box<dyn Check>>,
}

fn codec<T: Serialize + DeserializeOwned + Validate + 'static>(rust: &'static str) -> Codec {
    Codec {
        rust,
        deserialize: |text| serde_json::from_str::<T>(text).map(drop),
        typed: |text| Ok(Box::new(serde_json::from_str::<T>(text)?)),
        checked: |text| Ok(Box::new(serde_json::from_str::<T>(text)?)),
    }
}

/// The Rust type of an example: `(api, operation, "request" | status)`, from the index of the
/// generated crate that `build.rs` writes (the same index as `tests/tests/round_trip.rs`, which
/// checks it against the spec's `$ref`s).
macro_rules! bodies {
    ($(($api:literal, $operation:literal, $body:literal, $t:ty),)*) => {
        pub fn codec_for(api: &str, operation: &str, body: &str) -> Option<Codec> {
            Some(match (api, operation, body) {
                $(($api, $operation, $body) => codec::<$t>(stringify!($t)),)*
                _ => return None,
            })
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/bodies.rs"));

/// One example, loaded.
pub struct Case {
    /// `<api>/<file stem>`.
    pub name: &'static str,
    /// The example's text.
    pub text: String,
    pub codec: Codec,
}

impl Case {
    /// Loads the case `name` (one of [`CASES`]); panics with the reason if it cannot.
    pub fn load(name: &'static str) -> Case {
        let (api, stem) = name.split_once('/').expect("<api>/<stem>");
        let mut parts = stem.split('.');
        let operation = parts.next().unwrap_or_default();
        let body = parts.next().unwrap_or_default();
        let codec = codec_for(api, operation, body)
            .unwrap_or_else(|| panic!("{name}: no Rust type for ({api}, {operation}, {body})"));
        let path = example_path(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Case { name, text, codec }
    }

    /// A closure running `op` once on this case; everything it needs is prepared here.
    pub fn runner(&self, op: Op) -> Box<dyn FnMut() + '_> {
        let text = self.text.as_str();
        match op {
            Op::DeserializeTyped => {
                let deserialize = self.codec.deserialize;
                Box::new(move || deserialize(std::hint::black_box(text)).expect("deserializes"))
            }
            Op::DeserializeValue => Box::new(move || {
                drop(
                    serde_json::from_str::<serde_json::Value>(std::hint::black_box(text))
                        .expect("JSON"),
                )
            }),
            Op::SerializeTyped => {
                let value = (self.codec.typed)(text).expect("deserializes");
                let mut out = Vec::with_capacity(2 * text.len());
                Box::new(move || {
                    out.clear();
                    std::hint::black_box(&value).write(&mut out);
                    std::hint::black_box(&out);
                })
            }
            Op::SerializeValue => {
                let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
                let mut out = Vec::with_capacity(2 * text.len());
                Box::new(move || {
                    out.clear();
                    serde_json::to_writer(&mut out, std::hint::black_box(&value)).expect("writes");
                    std::hint::black_box(&out);
                })
            }
            Op::Validate => {
                let value = (self.codec.checked)(text).expect("deserializes");
                Box::new(move || {
                    std::hint::black_box(std::hint::black_box(&value).check());
                })
            }
        }
    }
}

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ lives in the workspace")
        .to_path_buf()
}

/// `spec/<api>/examples/<stem>.json` of the case `<api>/<stem>`.
pub fn example_path(name: &str) -> PathBuf {
    let (api, stem) = name.split_once('/').expect("<api>/<stem>");
    workspace_root()
        .join("spec")
        .join(api)
        .join("examples")
        .join(format!("{stem}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every example file on disk is a case, and every case runs.
    #[test]
    fn cases_are_every_example_and_all_run() {
        let mut on_disk = Vec::new();
        for api in std::fs::read_dir(workspace_root().join("spec")).unwrap() {
            let api = api.unwrap().path();
            let Ok(files) = std::fs::read_dir(api.join("examples")) else {
                continue;
            };
            let api_name = api.file_name().unwrap().to_string_lossy().into_owned();
            for file in files {
                let name = file.unwrap().file_name().to_string_lossy().into_owned();
                if let Some(stem) = name.strip_suffix(".json") {
                    on_disk.push(format!("{api_name}/{stem}"));
                }
            }
        }
        on_disk.sort();
        let listed: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            listed, on_disk,
            "CASES (from the index build.rs writes) must list every spec/*/examples/*.json"
        );
        for name in CASES {
            let case = Case::load(name);
            for op in Op::ALL {
                case.runner(op)();
            }
        }
    }
}
