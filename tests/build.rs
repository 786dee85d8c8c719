//! Writes the index of the generated crate (bodies, body types, operations, examples) into
//! `OUT_DIR` from `generated/summary/*.json` and `spec/<api>/examples/`: the tests iterate over it
//! instead of tables kept by hand (see `src/body_index.rs`).

include!("src/body_index.rs");

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace");
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
