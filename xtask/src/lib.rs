//! `cargo xtask codegen [--check]`: reads the crate identity (`spec/crate.toml`,
//! `spec/crate-docs.md`) and every `spec/<api>/openapi.json`, generates the crate into
//! `generated/`, or (with `--check`) verifies it is up to date.
//!
//! The generator itself is pure (`codegen`); this is the only place that touches the disk, and it
//! touches only the tree it is given: the workspace it is run from, found at run time.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::{CrateInput, GeneratedFile, SpecInput};

/// Directory of the generated crate, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated";
/// Directory of the specs, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
/// The generated crate's manifest fragment, relative to the workspace root.
pub const CRATE_MANIFEST: &str = "spec/crate.toml";
/// The generated crate's crate-level docs, relative to the workspace root.
pub const CRATE_DOCS: &str = "spec/crate-docs.md";

/// The root of the workspace containing `start`: the nearest directory, `start` included, whose
/// `Cargo.toml` has a `[workspace]` table.
///
/// Found at run time on purpose. The compile-time `CARGO_MANIFEST_DIR` names the checkout the
/// binary was built in, which with a target directory shared between checkouts is not the one
/// `cargo xtask` was run from (cargo runs the alias from the invocation directory).
pub fn find_workspace_root(start: &Path) -> Result<PathBuf, Error> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        if manifest.is_file() {
            let text = fs::read_to_string(&manifest).map_err(io_error(&manifest))?;
            if text.lines().any(|line| line.trim() == "[workspace]") {
                return Ok(dir.to_path_buf());
            }
        }
    }
    Err(Error::NoWorkspace(start.to_path_buf()))
}

/// The root of the workspace containing the current directory.
pub fn workspace_root() -> Result<PathBuf, Error> {
    let current = std::env::current_dir().map_err(io_error(Path::new(".")))?;
    find_workspace_root(&current)
}

/// Everything that can go wrong, as a message for the terminal.
#[derive(Debug)]
pub enum Error {
    Spec(codegen::Diagnostic),
    Io { path: PathBuf, source: io::Error },
    Stale(Vec<String>),
    NoWorkspace(PathBuf),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Spec(diagnostic) => write!(
                f,
                "error: {diagnostic}\nnothing was written to {GENERATED_DIR}/"
            ),
            Error::Io { path, source } => write!(f, "error: {}: {source}", path.display()),
            Error::NoWorkspace(start) => write!(
                f,
                "error: no Cargo.toml with [workspace] in {} or above: run from inside the checkout, or pass --root DIR",
                start.display()
            ),
            Error::Stale(reports) => {
                for report in reports {
                    writeln!(f, "{report}")?;
                }
                write!(
                    f,
                    "{} generated file(s) are not up to date: run `{}`",
                    reports.len(),
                    codegen::REGENERATE
                )
            }
        }
    }
}

impl std::error::Error for Error {}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Directory of the fixture crate, relative to the workspace root.
pub const FIXTURE_CRATE_DIR: &str = "codegen/tests/output";
/// Fixture specs compiled into the fixture crate, one module per file.
pub const FIXTURE_SPEC_DIRS: &[&str] = &["codegen/tests/fixtures", "codegen/tests/hostile/accept"];
/// The fixture crate's identity.
pub const FIXTURE_MANIFEST: &str = "codegen/tests/fixtures/crate.toml";
pub const FIXTURE_DOCS: &str = "codegen/tests/fixtures/crate-docs.md";

/// Reads a spec file. Text that is not UTF-8 is a spec error located at the file, not an I/O
/// error without one.
fn read_spec_text(root: &Path, relative: &str) -> Result<String, Error> {
    let path = root.join(relative);
    let bytes = fs::read(&path).map_err(io_error(&path))?;
    String::from_utf8(bytes).map_err(|err| {
        Error::Spec(codegen::Diagnostic {
            file: relative.to_owned(),
            pointer: String::new(),
            message: format!(
                "the file is not UTF-8 (invalid byte at offset {})",
                err.utf8_error().valid_up_to()
            ),
            help: "save the spec as UTF-8 JSON".to_owned(),
        })
    })
}

/// Reads every `*.json` of the fixture directories as a spec whose module is the file stem.
pub fn read_fixture_specs(root: &Path) -> Result<Vec<SpecInput>, Error> {
    let mut inputs = Vec::new();
    for dir in FIXTURE_SPEC_DIRS {
        let full = root.join(dir);
        for entry in fs::read_dir(&full).map_err(io_error(&full))? {
            let path = entry.map_err(io_error(&full))?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(module) = name.strip_suffix(".json") else {
                continue;
            };
            let relative = format!("{dir}/{name}");
            inputs.push(SpecInput {
                module: module.to_owned(),
                text: read_spec_text(root, &relative)?,
                path: relative,
            });
        }
    }
    inputs.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(inputs)
}

/// Reads every `spec/<api>/openapi.json` under `root`, sorted by API name.
pub fn read_specs(root: &Path) -> Result<Vec<SpecInput>, Error> {
    let spec_dir = root.join(SPEC_DIR);
    let mut inputs = Vec::new();
    for entry in fs::read_dir(&spec_dir).map_err(io_error(&spec_dir))? {
        let dir = entry.map_err(io_error(&spec_dir))?.path();
        let file = dir.join("openapi.json");
        if !file.is_file() {
            continue;
        }
        let module = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let relative = format!(
            "{SPEC_DIR}/{}/openapi.json",
            dir.file_name().unwrap_or_default().to_string_lossy()
        );
        inputs.push(SpecInput {
            module,
            text: read_spec_text(root, &relative)?,
            path: relative,
        });
    }
    inputs.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(inputs)
}

/// Reads the generated crate's identity under `root`: `spec/crate.toml` and `spec/crate-docs.md`.
pub fn read_crate(root: &Path) -> Result<CrateInput, Error> {
    read_identity(root, CRATE_MANIFEST, CRATE_DOCS)
}

fn read_identity(root: &Path, manifest: &str, docs: &str) -> Result<CrateInput, Error> {
    let read = |relative: &str| {
        let path = root.join(relative);
        fs::read_to_string(&path).map_err(io_error(&path))
    };
    Ok(CrateInput {
        manifest_path: manifest.to_owned(),
        manifest: read(manifest)?,
        docs_path: docs.to_owned(),
        docs: read(docs)?,
    })
}

/// What happened to one file of `generated/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Deleted,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Change::Created => "created",
            Change::Updated => "updated",
            Change::Deleted => "deleted",
        })
    }
}

/// The outcome of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every generated file, relative to `generated/`.
    pub files: Vec<String>,
    /// The files written or deleted (none in check mode), relative to the workspace root.
    pub changes: Vec<(Change, String)>,
}

/// Generates from the specs under `root`: the crate into `root/generated/` and the fixture crate
/// into `root/codegen/tests/output/`; writes them or, with `check`, compares them. Both are
/// generated before anything is written, so a bad spec leaves both untouched. Nothing outside
/// `root` is read or written.
pub fn codegen(root: &Path, check: bool) -> Result<Report, Error> {
    let outputs = [
        (
            GENERATED_DIR,
            codegen::generate(&read_crate(root)?, &read_specs(root)?).map_err(Error::Spec)?,
        ),
        (
            FIXTURE_CRATE_DIR,
            codegen::generate(
                &read_identity(root, FIXTURE_MANIFEST, FIXTURE_DOCS)?,
                &read_fixture_specs(root)?,
            )
            .map_err(Error::Spec)?,
        ),
    ];
    if check {
        let stale: Vec<String> = outputs
            .iter()
            .map(|(dir, files)| stale_reports(root, dir, files))
            .collect::<Result<Vec<_>, _>>()?
            .concat();
        if !stale.is_empty() {
            return Err(Error::Stale(stale));
        }
    }
    let mut report = Report::default();
    for (dir, files) in outputs {
        if !check {
            report.changes.extend(write_output(root, dir, &files)?);
        }
        report
            .files
            .extend(files.into_iter().map(|f| format!("{dir}/{}", f.path)));
    }
    Ok(report)
}

/// What differs between `files` and what is in `root/dir`, one report per file.
fn stale_reports(root: &Path, dir: &str, files: &[GeneratedFile]) -> Result<Vec<String>, Error> {
    let out = root.join(dir);
    let mut reports = Vec::new();
    for file in files {
        match fs::read_to_string(out.join(&file.path)).ok() {
            Some(current) if current == file.contents => {}
            Some(current) => reports.push(format!(
                "{dir}/{} is stale:\n{}",
                file.path,
                short_diff(&current, &file.contents)
            )),
            None => reports.push(format!("{dir}/{} is missing", file.path)),
        }
    }
    for extra in extra_files(&out, files)? {
        reports.push(format!(
            "{dir}/{extra} is no longer generated and should be deleted"
        ));
    }
    Ok(reports)
}

/// Writes `files` into `root/dir` and deletes the Rust files no longer generated.
fn write_output(
    root: &Path,
    dir: &str,
    files: &[GeneratedFile],
) -> Result<Vec<(Change, String)>, Error> {
    let out = root.join(dir);
    let stale_extra = extra_files(&out, files)?;
    let mut changes = Vec::new();
    for file in files {
        if let Some(change) = write_atomically(&out.join(&file.path), &file.contents)? {
            changes.push((change, format!("{dir}/{}", file.path)));
        }
    }
    for extra in &stale_extra {
        let path = out.join(extra);
        fs::remove_file(&path).map_err(io_error(&path))?;
        changes.push((Change::Deleted, format!("{dir}/{extra}")));
    }
    Ok(changes)
}

/// Rust files under `generated/src` that the generator no longer produces.
fn extra_files(out: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    collect_rs(&out.join("src"), "src", &mut found)?;
    found.retain(|path| !files.iter().any(|f| &f.path == path));
    found.sort();
    Ok(found)
}

fn collect_rs(dir: &Path, relative: &str, found: &mut Vec<String>) -> Result<(), Error> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry.map_err(io_error(dir))?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let rel = format!("{relative}/{name}");
        if path.is_dir() {
            collect_rs(&path, &rel, found)?;
        } else if name.ends_with(".rs") {
            found.push(rel);
        }
    }
    Ok(())
}

/// Writes through a temporary file and a rename, so a file is never left half-written. Unchanged
/// files are not touched (keeps mtimes, and so incremental builds, stable): `None` for those.
fn write_atomically(path: &Path, contents: &str) -> Result<Option<Change>, Error> {
    let change = match fs::read_to_string(path) {
        Ok(current) if current == contents => return Ok(None),
        _ if path.exists() => Change::Updated,
        _ => Change::Created,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let temporary = path.with_extension("tmp~");
    fs::write(&temporary, contents).map_err(io_error(&temporary))?;
    fs::rename(&temporary, path).map_err(io_error(path))?;
    Ok(Some(change))
}

/// The changed region between two texts: common leading and trailing lines are skipped, at most
/// 12 removed and 12 added lines are shown.
pub fn short_diff(old: &str, new: &str) -> String {
    const SHOWN: usize = 12;
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = &old[prefix..old.len() - suffix];
    let added = &new[prefix..new.len() - suffix];
    let mut out = format!("@@ line {} @@\n", prefix + 1);
    for (sign, lines) in [('-', removed), ('+', added)] {
        for line in lines.iter().take(SHOWN) {
            let _ = writeln!(out, "{sign}{line}");
        }
        if lines.len() > SHOWN {
            let _ = writeln!(out, "{sign}... ({} more lines)", lines.len() - SHOWN);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::short_diff;

    #[test]
    fn short_diff_shows_only_the_changed_region() {
        let diff = short_diff("a\nb\nc\nd\n", "a\nB\nc\nd\n");
        assert_eq!(diff, "@@ line 2 @@\n-b\n+B\n");
    }
}
