//! Writes the index of the generated crate (bodies and examples) into `OUT_DIR`; the benchmark
//! cases are every example with the Rust type of its body (see `tests/src/body_index.rs`).

include!("../tests/src/body_index.rs");

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ lives in the workspace");
    let out_dir =
        std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    match write_body_index(root, &out_dir) {
        Ok(sources) => {
            for source in sources {
                println!("cargo:rerun-if-changed={}", source.display());
            }
        }
        Err(problem) => {
            eprintln!("error: the index of the generated crate: {problem}");
            std::process::exit(1);
        }
    }
}
