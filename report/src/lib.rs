//! The change report: what a spec change does to crates that depend on the generated crate.
//!
//! ```text
//! (old, new) ApiSummary --diff--> Change --classify--> breaking / behaviour / compatible
//!                                                  --report--> text, Markdown, changelog, semver bump
//! ```
//!
//! The summaries come from the generator (`codegen::summary`: the model and its construction from
//! the IR; written as `generated/summary/<api>.json`). This crate never reads a spec or the IR;
//! `cargo xtask codegen` and `cargo xtask diff` use it.

pub mod changelog;
pub mod classify;
pub mod diff;
pub mod report;
pub mod semver;
pub mod webhooks;

pub use classify::Class;
pub use report::{compare, Report};
pub use semver::Version;
