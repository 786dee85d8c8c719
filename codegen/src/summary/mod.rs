//! Change reports: what a spec change does to crates that depend on the generated crate.
//!
//! ```text
//! ir::Api --from_ir--> ApiSummary (model.rs; kept as generated/summary/<api>.json)
//! (old, new) summaries --diff--> Change --classify--> breaking / behaviour / compatible --report--> text
//! ```
//!
//! Only `from_ir.rs` reads the IR; everything else works on summaries.

pub mod changelog;
pub mod classify;
pub mod diff;
mod from_ir;
pub mod model;
pub mod report;
pub mod semver;
pub mod webhooks;

pub use classify::Class;
pub use from_ir::summarize;
pub use model::ApiSummary;
pub use report::{compare, Report};
pub use semver::Version;

/// Path of an API's summary inside the generated crate.
pub fn summary_path(module: &str) -> String {
    format!("summary/{module}.json")
}
