//! `cargo xtask semver-pairs`: for every fixture pair `report/tests/change_pairs/<kind>/{old,new}.json`,
//! generates both crates into a temporary directory, runs `cargo semver-checks` on them and prints
//! the change report's verdict beside the tool's.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use change_report::Class;
use codegen::summary::ApiSummary;
use codegen::{Generation, SpecInput};

use crate::Error;

/// Where the pairs live, relative to the workspace root.
pub const PAIRS_DIR: &str = "report/tests/change_pairs";
/// Module name every pair is generated under.
pub const MODULE: &str = "shop";

/// One fixture pair.
pub struct Pair {
    pub kind: String,
    pub old: SpecInput,
    pub new: SpecInput,
}

fn read(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Every pair under `root`, sorted by kind.
pub fn read_pairs(root: &Path) -> Result<Vec<Pair>, Error> {
    let dir = root.join(PAIRS_DIR);
    let mut kinds: Vec<String> = fs::read_dir(&dir)
        .map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("old.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    kinds.sort();
    kinds
        .into_iter()
        .map(|kind| {
            let input = |side: &str| -> Result<SpecInput, Error> {
                let path = dir.join(&kind).join(format!("{side}.json"));
                Ok(SpecInput {
                    module: MODULE.to_owned(),
                    path: format!("{PAIRS_DIR}/{kind}/{side}.json"),
                    text: read(&path)?,
                })
            };
            Ok(Pair {
                old: input("old")?,
                new: input("new")?,
                kind,
            })
        })
        .collect()
}

/// The workspace sections of the root manifest, so a generated crate builds outside the workspace
/// with the same dependency versions.
fn workspace_sections(root: &Path) -> Result<String, Error> {
    let manifest = read(&root.join("Cargo.toml"))?;
    let start = manifest
        .find("[workspace.package]")
        .ok_or_else(|| Error::Message("Cargo.toml has no [workspace.package] table".to_owned()))?;
    Ok(manifest[start..].to_owned())
}

/// Writes the crate generated from `spec` into `dir/commerce-apis`, inside a one-member workspace;
/// returns the summary it wrote.
fn write_crate(root: &Path, dir: &Path, spec: &SpecInput) -> Result<Vec<ApiSummary>, Error> {
    let generation = Generation::new(&crate::read_crate(root)?, std::slice::from_ref(spec))
        .map_err(Error::Spec)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let krate = dir.join("commerce-apis");
    for file in generation.files {
        let path = krate.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::write(&path, file.contents).map_err(io(&path))?;
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [\"commerce-apis\"]\n\n{}",
        workspace_sections(root)?
    );
    let path = dir.join("Cargo.toml");
    fs::write(&path, manifest).map_err(io(&path))?;
    // The same dependency versions as the workspace, without a registry round trip.
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        let target = dir.join("Cargo.lock");
        fs::copy(&lock, &target).map_err(io(&target))?;
    }
    Ok(generation.summaries)
}

/// The tool's verdict on one pair.
pub struct ToolResult {
    pub breaking: bool,
    /// Failed lints (`enum_variant_added`, ...), and warnings prefixed with `warn:`.
    pub lints: Vec<String>,
    pub seconds: f64,
    /// The tool failed to run (not a semver verdict).
    pub error: Option<String>,
}

/// Runs the tool on `dir/{old,new}`; `target` is shared by all pairs, so the dependencies are
/// built once.
fn run_tool(dir: &Path, target: &Path) -> ToolResult {
    let started = Instant::now();
    let output = Command::new("cargo")
        .args([
            "semver-checks",
            "--default-features",
            "--release-type",
            "patch",
        ])
        .arg("--baseline-root")
        .arg(dir.join("old"))
        .arg("--manifest-path")
        .arg(dir.join("new/commerce-apis/Cargo.toml"))
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TARGET_DIR", target)
        .output();
    let seconds = started.elapsed().as_secs_f64();
    let output = match output {
        Ok(output) => output,
        Err(e) => {
            return ToolResult {
                breaking: false,
                lints: Vec::new(),
                seconds,
                error: Some(format!("cannot run cargo semver-checks: {e}")),
            }
        }
    };
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut lints = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        for (prefix, label) in [("--- failure ", ""), ("--- warning ", "warn:")] {
            if let Some(rest) = line.strip_prefix(prefix) {
                let lint = rest.split(':').next().unwrap_or(rest).trim();
                lints.push(format!("{label}{lint}"));
            }
        }
    }
    let failed_lints = lints.iter().any(|l| !l.starts_with("warn:"));
    let error = (!output.status.success() && !failed_lints).then(|| {
        text.lines()
            .filter(|l| l.contains("error"))
            .take(3)
            .collect::<Vec<_>>()
            .join(" | ")
    });
    ToolResult {
        breaking: failed_lints,
        lints,
        seconds,
        error,
    }
}

/// The table (Markdown), and the pairs where the report is less strict than the tool or the tool
/// could not run: those fail the command. (The report may be stricter than the tool: the test
/// `report/tests/change_pairs.rs` explains each such pair.)
pub struct Outcome {
    pub table: String,
    pub problems: Vec<String>,
}

/// Runs the comparison over every pair (or the one named `only`).
pub fn semver_pairs(root: &Path, only: Option<&str>) -> Result<Outcome, Error> {
    let mut problems = Vec::new();
    let mut rows = 0;
    let work: PathBuf =
        std::env::temp_dir().join(format!("xtask-semver-pairs-{}", std::process::id()));
    let mut table = String::from(
        "| pair | change report | cargo semver-checks | agree | tool lints | tool time |\n|---|---|---|---|---|---|\n",
    );
    let started = Instant::now();
    for pair in read_pairs(root)? {
        if only.is_some_and(|o| o != pair.kind) {
            continue;
        }
        rows += 1;
        let dir = work.join(&pair.kind);
        let old = write_crate(root, &dir.join("old"), &pair.old)?;
        let new = write_crate(root, &dir.join("new"), &pair.new)?;
        let report = change_report::compare(&old, &new);
        let ours = report.worst().map_or("no change", Class::label);
        eprintln!("semver-pairs: {} ...", pair.kind);
        let tool = run_tool(&dir, &work.join("target"));
        let (theirs, agree) = match &tool.error {
            Some(e) => {
                problems.push(format!("{}: cargo semver-checks failed: {e}", pair.kind));
                (format!("error: {e}"), "?".to_owned())
            }
            None => {
                let theirs = if tool.breaking {
                    "breaking"
                } else {
                    "not breaking"
                };
                let ours_breaking = report.worst() == Some(Class::Breaking);
                if tool.breaking && !ours_breaking {
                    problems.push(format!(
                        "{}: cargo semver-checks finds a breaking change ({}) that the report classifies as {ours}",
                        pair.kind,
                        tool.lints.join(", ")
                    ));
                }
                let agree = match (tool.breaking, ours_breaking) {
                    (a, b) if a == b => "yes",
                    (false, true) => "no: report stricter",
                    _ => "**no: report missed it**",
                };
                (theirs.to_owned(), agree.to_owned())
            }
        };
        let _ = writeln!(
            table,
            "| {} | {ours} | {theirs} | {agree} | {} | {:.1} s |",
            pair.kind,
            if tool.lints.is_empty() {
                "-".to_owned()
            } else {
                tool.lints.join(", ")
            },
            tool.seconds
        );
    }
    let _ = writeln!(
        table,
        "\ntotal: {:.0} s; crates in {}",
        started.elapsed().as_secs_f64(),
        work.display()
    );
    if rows == 0 {
        problems.push(match only {
            Some(kind) => format!("no pair named `{kind}` in {PAIRS_DIR}"),
            None => format!("no pairs in {PAIRS_DIR}"),
        });
    }
    Ok(Outcome { table, problems })
}
