//! The cases of the run-time benchmarks (`benches/wire.rs`) and of the instruction counts
//! (`src/bin/wire-ops.rs`): every example file `spec/<api>/examples/*.json`, with the generated
//! Rust type it goes through (the same table as `tests/tests/round_trip.rs`).
//!
//! Four operations per example: deserialize the text into the typed value or into
//! `serde_json::Value`, and serialize either back to JSON text. A test checks that [`CASES`]
//! lists every example file, so a new example cannot be left out of the benchmarks.

use std::path::{Path, PathBuf};

use commerce_apis::{forte, forter};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Every example, as `<api>/<file stem>`: `spec/<api>/examples/<file stem>.json`.
pub const CASES: &[&str] = &[
    "forte/create_product.201",
    "forte/create_product.422",
    "forte/create_product.request.infinite",
    "forte/create_product.request.limited",
    "forte/get_product.200",
    "forte/get_product.302.not_found",
    "forte/list_products.200",
    "forte/update_product.request",
    "forter/compensation_request.200",
    "forter/compensation_request.request",
    "forter/update_order_status.200",
    "forter/update_order_status.request",
    "forter/validate_order.200",
    "forter/validate_order.200.approve",
    "forter/validate_order.200.decline",
    "forter/validate_order.200.not_reviewed",
    "forter/validate_order.200.verification_required",
    "forter/validate_order.request",
];

/// The four operations of a case.
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
}

impl Op {
    pub const ALL: [Op; 4] = [
        Op::DeserializeTyped,
        Op::DeserializeValue,
        Op::SerializeTyped,
        Op::SerializeValue,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Op::DeserializeTyped => "de-typed",
            Op::DeserializeValue => "de-value",
            Op::SerializeTyped => "ser-typed",
            Op::SerializeValue => "ser-value",
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

/// How the examples of one Rust type are read and written.
#[derive(Clone, Copy)]
pub struct Codec {
    /// The Rust type, for messages.
    pub rust: &'static str,
    /// Deserializes the text into the type and drops it.
    pub deserialize: fn(&str) -> serde_json::Result<()>,
    /// Deserializes the text into the type, kept for the serialize benchmarks.
    pub typed: fn(&str) -> serde_json::Result<Box<dyn Write>>,
}

fn codec<T: Serialize + DeserializeOwned + 'static>(rust: &'static str) -> Codec {
    Codec {
        rust,
        deserialize: |text| serde_json::from_str::<T>(text).map(drop),
        typed: |text| Ok(Box::new(serde_json::from_str::<T>(text)?)),
    }
}

/// The Rust type of an example: `(api, operation, "request" | status)`, as in
/// `tests/tests/round_trip.rs` (which checks the table against the spec's `$ref`s).
pub fn codec_for(api: &str, operation: &str, body: &str) -> Option<Codec> {
    macro_rules! c {
        ($t:ty) => {
            codec::<$t>(stringify!($t))
        };
    }
    Some(match (api, operation, body) {
        ("forter", "validate_order", "request") => c!(forter::V3OrderRequest),
        ("forter", "validate_order", "200") => c!(forter::V3OrderResponse),
        ("forter", "update_order_status", "request") => c!(forter::OrderStatusRequest),
        ("forter", "update_order_status", "200") => c!(forter::StatusResponse),
        ("forter", "compensation_request", "request") => c!(forter::UnifiedCompensationRequest),
        ("forter", "compensation_request", "200") => {
            c!(forter::UnifiedCompensationRequestResponse)
        }
        ("forter", _, "400" | "401" | "404" | "500") => c!(forter::ErrorResponse),
        ("forte", "create_product", "request") => c!(forte::CreateProductRequest),
        ("forte", "create_product", "201") | ("forte", "get_product", "200") => {
            c!(forte::Product)
        }
        ("forte", "create_product" | "update_product", "422") => {
            c!(forte::ProductValidationError)
        }
        ("forte", "list_products", "200") => c!(forte::ProductList),
        ("forte", "get_product", "302") => c!(forte::ProductNotFound),
        ("forte", "update_product", "request") => c!(forte::UpdateProductRequest),
        _ => return None,
    })
}

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
            "benches/src/lib.rs CASES must list every spec/*/examples/*.json"
        );
        for name in CASES {
            let case = Case::load(name);
            for op in Op::ALL {
                case.runner(op)();
            }
        }
    }
}
