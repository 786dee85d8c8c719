//! The API summary: a compact, serializable digest of one API as a downstream crate sees it,
//! written beside the generated code as `summary/<api>.json`.
//!
//! ```text
//! ir::Api --from_ir--> ApiSummary (model.rs) --to_json--> generated/summary/<api>.json
//! ```
//!
//! Comparing two sets of summaries (diff, classification, change report, changelog, semver) is
//! the job of the `change-report` crate (`report/`), which `cargo xtask` uses; the generator only
//! writes them.

mod from_ir;
pub mod model;

pub use from_ir::summarize;
pub use model::ApiSummary;

/// Path of an API's summary inside the generated crate.
pub fn summary_path(module: &str) -> String {
    format!("summary/{module}.json")
}
