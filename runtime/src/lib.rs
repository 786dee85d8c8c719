//! The runtime support of the generated crate, as ordinary Rust.
//!
//! This crate exists so that the runtime is compiled, linted and unit-tested in the workspace like
//! any other code. It is not a dependency of the generated crate: `cargo xtask codegen` copies
//! every file of `src/support/` verbatim (behind a do-not-edit banner) into the generated crate as
//! its `support` module, so the generated crate stays self-contained. See
//! `docs/decisions/007-runtime-shipped-verbatim.md`.

pub mod support;

/// The tests of the test kit engine (they need tokio with a runtime, which `support/` cannot).
#[cfg(all(test, feature = "test-kit"))]
mod testkit_tests;
