//! `cargo xtask codegen` acts on the tree it is given and nowhere else: run on a copy of this
//! checkout's `spec/` in a temporary directory, it writes only there (a shared target directory
//! once made one checkout's `cargo xtask codegen` rewrite another checkout's `generated/`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use xtask::Change;

/// A directory under the system temp dir, removed on drop.
struct TempTree(PathBuf);

impl TempTree {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempTree(dir)
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `dir` with its length and modification time.
fn listing(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                out.insert(path, (meta.len(), meta.modified().unwrap()));
            }
        }
    }
    out
}

#[test]
fn codegen_writes_only_inside_the_tree_it_is_run_on() {
    let this = xtask::find_workspace_root(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let this_generated = listing(&this.join(xtask::GENERATED_DIR));
    let this_fixtures = listing(&this.join(xtask::FIXTURE_CRATE_DIR));

    let tree = TempTree::new("other-checkout");
    let root = &tree.0;
    fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    copy_dir(&this.join(xtask::SPEC_DIR), &root.join(xtask::SPEC_DIR));
    for dir in xtask::FIXTURE_SPEC_DIRS {
        copy_dir(&this.join(dir), &root.join(dir));
    }
    // A file the generator no longer produces, as after an upgrade.
    fs::create_dir_all(root.join("generated/src")).unwrap();
    fs::write(root.join("generated/src/support.rs"), "// old\n").unwrap();

    // The root is found from anywhere inside the tree.
    assert_eq!(
        xtask::find_workspace_root(&root.join("spec/forter/examples")).unwrap(),
        *root
    );

    let report = xtask::codegen(root, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.files.is_empty());
    // Each spec (the APIs' and the fixtures') is parsed and lowered once per run.
    let specs =
        xtask::read_specs(root).unwrap().len() + xtask::read_fixture_specs(root).unwrap().len();
    assert!(specs > 2);
    assert_eq!(report.lowered, specs);
    for file in &report.files {
        assert!(root.join(file).is_file(), "{file} not written");
    }
    let created: Vec<&str> = report
        .changes
        .iter()
        .filter(|(change, _)| *change == Change::Created)
        .map(|(_, path)| path.as_str())
        .collect();
    assert_eq!(created.len(), report.files.len(), "{:?}", report.changes);
    assert!(report
        .changes
        .contains(&(Change::Deleted, "generated/src/support.rs".to_owned())));
    assert!(!root.join("generated/src/support.rs").exists());

    // A second run writes nothing; the check passes.
    assert_eq!(xtask::codegen(root, false).unwrap().changes, []);
    xtask::codegen(root, true).unwrap_or_else(|e| panic!("{e}"));

    // An edited spec shows up as an update of the files that depend on it.
    let manifest = root.join("spec/crate.toml");
    let bumped = xtask::read_crate(root)
        .unwrap()
        .with_version("9.9.9")
        .expect("a version");
    fs::write(&manifest, bumped.manifest).unwrap();
    assert!(
        xtask::codegen(root, true).is_err(),
        "check must see the change"
    );
    // The manifest, and the summaries that record the version they were made for.
    assert_eq!(
        xtask::codegen(root, false).unwrap().changes,
        [
            "generated/Cargo.toml",
            "generated/summary/forte.json",
            "generated/summary/forter.json"
        ]
        .map(|path| (Change::Updated, path.to_owned()))
    );

    // This checkout's generated/ was not touched.
    assert_eq!(listing(&this.join(xtask::GENERATED_DIR)), this_generated);
    assert_eq!(listing(&this.join(xtask::FIXTURE_CRATE_DIR)), this_fixtures);
}

#[test]
fn a_directory_outside_any_workspace_is_an_error() {
    let tree = TempTree::new("no-workspace");
    fs::write(tree.0.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    // The system temp dir is not inside a workspace; if it were, this would find that one.
    if let Ok(found) = xtask::find_workspace_root(&tree.0) {
        assert_ne!(found, tree.0);
    }
}
