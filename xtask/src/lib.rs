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
        let text = fs::read_to_string(&file).map_err(io_error(&file))?;
        inputs.push(SpecInput {
            module,
            path: format!(
                "{SPEC_DIR}/{}/openapi.json",
                dir.file_name().unwrap_or_default().to_string_lossy()
            ),
            text,
        });
    }
    inputs.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(inputs)
}

/// Reads the generated crate's identity under `root`: `spec/crate.toml` and `spec/crate-docs.md`.
pub fn read_crate(root: &Path) -> Result<CrateInput, Error> {
    let read = |relative: &str| {
        let path = root.join(relative);
        fs::read_to_string(&path).map_err(io_error(&path))
    };
    Ok(CrateInput {
        manifest_path: CRATE_MANIFEST.to_owned(),
        manifest: read(CRATE_MANIFEST)?,
        docs_path: CRATE_DOCS.to_owned(),
        docs: read(CRATE_DOCS)?,
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

/// Generates from the specs under `root`; writes `root/generated/` or, with `check`, compares it.
/// Nothing outside `root` is read or written.
pub fn codegen(root: &Path, check: bool) -> Result<Report, Error> {
    let krate = read_crate(root)?;
    let files = codegen::generate(&krate, &read_specs(root)?).map_err(Error::Spec)?;
    let out = root.join(GENERATED_DIR);
    let stale_extra = extra_files(&out, &files)?;
    if check {
        let mut reports = Vec::new();
        for file in &files {
            let path = out.join(&file.path);
            let current = fs::read_to_string(&path).ok();
            match current {
                Some(current) if current == file.contents => {}
                Some(current) => reports.push(format!(
                    "{GENERATED_DIR}/{} is stale:\n{}",
                    file.path,
                    short_diff(&current, &file.contents)
                )),
                None => reports.push(format!("{GENERATED_DIR}/{} is missing", file.path)),
            }
        }
        for extra in &stale_extra {
            reports.push(format!(
                "{GENERATED_DIR}/{extra} is no longer generated and should be deleted"
            ));
        }
        return if reports.is_empty() {
            Ok(Report {
                files: files.into_iter().map(|f| f.path).collect(),
                changes: Vec::new(),
            })
        } else {
            Err(Error::Stale(reports))
        };
    }
    let mut changes = Vec::new();
    for file in &files {
        if let Some(change) = write_atomically(&out.join(&file.path), &file.contents)? {
            changes.push((change, format!("{GENERATED_DIR}/{}", file.path)));
        }
    }
    for extra in &stale_extra {
        let path = out.join(extra);
        fs::remove_file(&path).map_err(io_error(&path))?;
        changes.push((Change::Deleted, format!("{GENERATED_DIR}/{extra}")));
    }
    Ok(Report {
        files: files.into_iter().map(|f| f.path).collect(),
        changes,
    })
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
