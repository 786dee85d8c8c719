#[test]
fn dump() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut inputs = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let m = p.file_stem().unwrap().to_string_lossy().into_owned();
        inputs.push(codegen::SpecInput { module: m.clone(), path: format!("codegen/tests/fixtures/{m}.json"), text: std::fs::read_to_string(&p).unwrap() });
    }
    let out = std::path::Path::new("/tmp/fixture_check");
    let _ = std::fs::remove_dir_all(out.join("src"));
    for f in codegen::generate(&inputs).unwrap() {
        if f.path == "Cargo.toml" { continue; }
        let p = out.join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, f.contents).unwrap();
    }
}
