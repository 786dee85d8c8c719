//! `cargo xtask codegen` end to end in a scratch workspace: the baseline, `--check` naming a
//! breaking change and the missing bump, the bump of `spec/crate.toml`, the changelog, and a
//! compatible change going under "Unreleased".

use std::fs;
use std::path::{Path, PathBuf};

fn pair(kind: &str, side: &str) -> String {
    let path = xtask::find_workspace_root(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .join("report/tests/change_pairs")
        .join(kind)
        .join(format!("{side}.json"));
    fs::read_to_string(path).expect("pair")
}

fn scratch(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("spec/shop")).expect("mkdir");
    // This checkout's crate identity, at version 0.1.0, with a comment that must survive bumps.
    let this = xtask::find_workspace_root(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let manifest = fs::read_to_string(this.join("spec/crate.toml")).expect("crate.toml");
    let version = xtask::read_crate(&this)
        .expect("crate identity")
        .package()
        .expect("a version")
        .version;
    let manifest = manifest.replacen(
        &format!("version = \"{version}\""),
        "version = \"0.1.0\"\n# kept as is",
        1,
    );
    fs::write(root.join("spec/crate.toml"), manifest).expect("crate.toml");
    fs::copy(
        this.join("spec/crate-docs.md"),
        root.join("spec/crate-docs.md"),
    )
    .expect("docs");
    root
}

fn set_spec(root: &Path, text: &str) {
    fs::write(root.join("spec/shop/openapi.json"), text).expect("spec");
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap_or_default()
}

#[test]
fn breaking_change_is_named_bumped_and_logged() {
    let root = scratch("codegen-flow");
    set_spec(&root, &pair("field_removed", "old"));

    let first = xtask::codegen(&root, false).expect("baseline");
    assert!(first.api_changes.is_none());
    // One spec, lowered once: the summary written is the one compared next time.
    assert_eq!(first.lowered, 1);
    assert!(
        first.notes.iter().any(|n| n.contains("baseline")),
        "{:?}",
        first.notes
    );
    assert!(read(&root, "generated/summary/shop.json").contains("\"crate_version\": \"0.1.0\""));
    assert!(!root.join("generated/CHANGELOG.md").exists());
    xtask::codegen(&root, true).expect("fresh after generation");

    // A breaking edit: --check names it and the missing bump, and writes nothing.
    set_spec(&root, &pair("field_removed", "new"));
    let err = xtask::codegen(&root, true).expect_err("stale").to_string();
    assert!(
        err.contains("generated/summary/shop.json is stale"),
        "{err}"
    );
    assert!(
        err.contains("breaking   shop::Order.note: field removed (Option<String>, wire note)"),
        "{err}"
    );
    assert!(
        err.contains("breaking changes without a version bump: spec/crate.toml has 0.1.0, they need at least 0.2.0"),
        "{err}"
    );
    assert!(read(&root, "spec/crate.toml").contains("version = \"0.1.0\""));
    let before = read(&root, "spec/crate.toml");

    // Regeneration bumps the version (only that line) and writes the changelog entry.
    let second = xtask::codegen(&root, false).expect("regenerate");
    // Even with the bump (the crate emitted again for the new version), the spec is lowered once.
    assert_eq!(second.lowered, 1);
    let report = second.api_changes.expect("report");
    assert_eq!(
        report.counts(),
        "1 breaking, 0 behaviour changes, 0 compatible"
    );
    assert_eq!(
        read(&root, "spec/crate.toml"),
        before.replace("version = \"0.1.0\"", "version = \"0.2.0\"")
    );
    assert!(read(&root, "generated/Cargo.toml").contains("version = \"0.2.0\""));
    assert!(read(&root, "generated/summary/shop.json").contains("\"crate_version\": \"0.2.0\""));
    let changelog = read(&root, "generated/CHANGELOG.md");
    assert!(
        changelog.contains("## 0.2.0\n\n### Breaking\n\n- `shop::Order.note`: field removed"),
        "{changelog}"
    );
    xtask::codegen(&root, true).expect("fresh after the bump");

    // Nothing changed: no second bump.
    let third = xtask::codegen(&root, false).expect("again");
    assert!(third.api_changes.expect("report").is_empty());
    assert!(read(&root, "spec/crate.toml").contains("version = \"0.2.0\""));

    // A compatible change: no bump, listed under Unreleased above 0.2.0.
    set_spec(&root, &pair("field_added_optional", "new"));
    let fourth = xtask::codegen(&root, false).expect("compatible");
    assert_eq!(
        fourth.api_changes.expect("report").counts(),
        "0 breaking, 0 behaviour changes, 2 compatible"
    );
    assert!(read(&root, "spec/crate.toml").contains("version = \"0.2.0\""));
    let changelog = read(&root, "generated/CHANGELOG.md");
    let unreleased = changelog.find("## Unreleased").expect("unreleased entry");
    assert!(unreleased < changelog.find("## 0.2.0").expect("0.2.0 entry"));
    assert!(changelog.contains("- `shop::Order.gift_wrap`: optional field added"));

    // A removed API: its summary is stale under --check and deleted by regeneration.
    fs::remove_dir_all(root.join("spec/shop")).expect("rm");
    fs::create_dir_all(root.join("spec/other")).expect("mkdir");
    fs::write(
        root.join("spec/other/openapi.json"),
        pair("field_added_optional", "new"),
    )
    .expect("spec");
    let err = xtask::codegen(&root, true).expect_err("stale").to_string();
    assert!(
        err.contains("generated/summary/shop.json is no longer generated"),
        "{err}"
    );
    assert!(err.contains("breaking   shop: API removed"), "{err}");
    xtask::codegen(&root, false).expect("regenerate");
    assert!(!root.join("generated/summary/shop.json").exists());
    assert!(read(&root, "spec/crate.toml").contains("version = \"0.3.0\""));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_bad_crate_toml_is_a_message() {
    let root = scratch("bad-crate-toml");
    set_spec(&root, &pair("docs_only", "old"));
    fs::write(root.join("spec/crate.toml"), "[package]\nname = \"x\"\n").expect("write");
    let err = xtask::codegen(&root, false)
        .expect_err("no version")
        .to_string();
    assert!(
        err.contains("spec/crate.toml#/package/version: missing: [package] needs `version"),
        "{err}"
    );
    fs::write(
        root.join("spec/crate.toml"),
        "[package]\nname = \"x\"\nversion = \"one\"\ndescription = \"d\"\nlicense = \"MIT\"\n",
    )
    .expect("write");
    let err = xtask::codegen(&root, false)
        .expect_err("bad version")
        .to_string();
    assert!(err.contains("`one` is not a version"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    let _ = fs::remove_dir_all(&root);
}
