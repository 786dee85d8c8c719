//! Nothing here: the cases are in `compile_fail/`, run by `tests/compile_fail.rs`.
