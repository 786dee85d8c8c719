//! `cargo xtask codegen [--check]`: reads every `spec/<api>/openapi.json`, generates the
//! `commerce-apis` crate into `generated/`, or (with `--check`) verifies it is up to date, with a
//! change report against the previous `generated/summary/*.json`. `cargo xtask diff [REV]`: the
//! report between the specs at a git revision and the working tree.
//!
//! The generator itself is pure (`codegen`); this is the only place that touches the disk.

mod git;
pub mod semver_pairs;
mod version;

pub use git::diff;
pub use version::{read_crate_version, write_crate_version, CRATE_TOML};

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::summary::{self, ApiSummary, Class, Report, Version};
use codegen::{GeneratedFile, SpecInput};

/// Directory of the generated crate, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated";
/// Directory of the specs, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
/// The changelog written from change reports, relative to the workspace root.
pub const CHANGELOG: &str = "generated/CHANGELOG.md";

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Everything that can go wrong, as a message for the terminal.
#[derive(Debug)]
pub enum Error {
    Spec(codegen::Diagnostic),
    Io {
        path: PathBuf,
        source: io::Error,
    },
    /// Stale files (one report each), then what the change report says about them.
    Stale(Vec<String>, String),
    /// Any other failure, as a complete message.
    Message(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Spec(diagnostic) => write!(
                f,
                "error: {diagnostic}\nnothing was written to {GENERATED_DIR}/"
            ),
            Error::Io { path, source } => write!(f, "error: {}: {source}", path.display()),
            Error::Message(message) => write!(f, "error: {message}"),
            Error::Stale(reports, changes) => {
                for report in reports {
                    writeln!(f, "{report}")?;
                }
                if !changes.is_empty() {
                    writeln!(f, "{changes}")?;
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

/// What `cargo xtask codegen` did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The generated files (written or checked), relative to `generated/`.
    pub files: Vec<String>,
    /// Changes against the previous summaries; `None` when there were none on disk.
    pub report: Option<Report>,
    /// Lines about the version and the changelog, for the terminal.
    pub notes: Vec<String>,
}

/// Generates from the specs under `root`; writes `generated/` or, with `check`, compares it.
/// Returns the paths written (or checked).
pub fn codegen(root: &Path, check: bool) -> Result<Vec<String>, Error> {
    run_codegen(root, check).map(|outcome| outcome.files)
}

/// The summaries in `generated/summary/`, by module; unreadable ones are skipped with a note.
pub fn read_summaries(root: &Path, notes: &mut Vec<String>) -> Vec<ApiSummary> {
    let dir = root.join(GENERATED_DIR).join("summary");
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(&dir) else {
        return found;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        match fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| ApiSummary::from_json(&text))
        {
            Ok(summary) => found.push(summary),
            Err(err) => notes.push(format!(
                "note: {} ignored ({err}); no change report for it",
                path.display()
            )),
        }
    }
    found
}

/// The version the previous summaries were generated for (the highest, if they disagree).
fn previous_version(previous: &[ApiSummary]) -> Option<Version> {
    previous
        .iter()
        .filter_map(|s| Version::parse(&s.crate_version).ok())
        .max()
}

/// The version `spec/crate.toml` must have for `report`, when it has less: `(required, why)`.
fn missing_bump(report: &Report, previous: Option<Version>, current: Version) -> Option<Version> {
    let previous = previous?;
    (report.has_breaking() && !current.satisfies(previous, Class::Breaking))
        .then(|| previous.bumped(Class::Breaking))
}

/// [`codegen`] with the change report, the version bump and the changelog.
pub fn run_codegen(root: &Path, check: bool) -> Result<Outcome, Error> {
    let specs = read_specs(root)?;
    let version_text = read_crate_version(root)?;
    let mut version = Version::parse(&version_text)
        .map_err(|e| Error::Message(format!("{CRATE_TOML}: version {e}")))?;
    let mut notes = Vec::new();
    let previous = read_summaries(root, &mut notes);
    let fresh = codegen::summarize(&specs, &version.to_string()).map_err(Error::Spec)?;
    let report = (!previous.is_empty()).then(|| summary::compare(&previous, &fresh));
    let previous_version = previous_version(&previous);
    let bump = report
        .as_ref()
        .and_then(|r| missing_bump(r, previous_version, version));

    if check {
        let files = codegen::generate(&specs, &version.to_string()).map_err(Error::Spec)?;
        let out = root.join(GENERATED_DIR);
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
        for extra in &extra_files(&out, &files)? {
            reports.push(format!(
                "{GENERATED_DIR}/{extra} is no longer generated and should be deleted"
            ));
        }
        if reports.is_empty() {
            return Ok(Outcome {
                files: files.into_iter().map(|f| f.path).collect(),
                report,
                notes,
            });
        }
        let mut changes = String::new();
        if let Some(report) = report.as_ref().filter(|r| !r.is_empty()) {
            let _ = writeln!(
                changes,
                "\nchanges since the last generation ({}):",
                report.counts()
            );
            changes.push_str(&report.text());
            if let Some(required) = bump {
                let _ = writeln!(
                    changes,
                    "\nerror: breaking changes without a version bump: {CRATE_TOML} has {version}, they need at least {required}\n  (`{}` bumps it and writes {CHANGELOG})",
                    codegen::REGENERATE
                );
            }
        }
        return Err(Error::Stale(reports, changes));
    }

    if let Some(required) = bump {
        notes.push(format!(
            "breaking changes: version bumped {version} -> {required} in {CRATE_TOML}"
        ));
        version = required;
    }
    let files = codegen::generate(&specs, &version.to_string()).map_err(Error::Spec)?;
    let out = root.join(GENERATED_DIR);
    let stale_extra = extra_files(&out, &files)?;
    for file in &files {
        write_atomically(&out.join(&file.path), &file.contents)?;
    }
    for extra in &stale_extra {
        let path = out.join(extra);
        fs::remove_file(&path).map_err(io_error(&path))?;
    }
    if bump.is_some() {
        write_crate_version(root, &version.to_string())?;
    }
    match &report {
        Some(report) if !report.is_empty() => {
            let heading = if Some(version) != previous_version {
                version.to_string()
            } else {
                summary::changelog::UNRELEASED.to_owned()
            };
            let path = root.join(CHANGELOG);
            let existing = fs::read_to_string(&path).unwrap_or_default();
            let text = summary::changelog::add_entry(&existing, &heading, report);
            write_atomically(&path, &text)?;
            notes.push(format!("{CHANGELOG}: entry `{heading}` updated"));
            if !report.has_breaking() {
                if let Some(worst) = report.worst() {
                    let base = previous_version.unwrap_or(version);
                    notes.push(format!(
                        "no breaking change: the next release needs a {} bump ({} -> {}); not applied",
                        summary::semver::bump_name(base, worst),
                        base,
                        base.bumped(worst)
                    ));
                }
            }
        }
        Some(_) => {}
        None => notes.push(format!(
            "no previous {GENERATED_DIR}/summary/*.json: this generation is the baseline of future change reports"
        )),
    }
    Ok(Outcome {
        files: files.into_iter().map(|f| f.path).collect(),
        report,
        notes,
    })
}

/// Rust files under `generated/src` and summaries under `generated/summary` that the generator
/// no longer produces.
fn extra_files(out: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    collect_files(&out.join("src"), "src", ".rs", &mut found)?;
    collect_files(&out.join("summary"), "summary", ".json", &mut found)?;
    found.retain(|path| !files.iter().any(|f| &f.path == path));
    found.sort();
    Ok(found)
}

fn collect_files(
    dir: &Path,
    relative: &str,
    ext: &str,
    found: &mut Vec<String>,
) -> Result<(), Error> {
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
            collect_files(&path, &rel, ext, found)?;
        } else if name.ends_with(ext) {
            found.push(rel);
        }
    }
    Ok(())
}

/// Writes through a temporary file and a rename, so a file is never left half-written. Unchanged
/// files are not touched (keeps mtimes, and so incremental builds, stable).
fn write_atomically(path: &Path, contents: &str) -> Result<(), Error> {
    if fs::read_to_string(path).is_ok_and(|current| current == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let temporary = path.with_extension("tmp~");
    fs::write(&temporary, contents).map_err(io_error(&temporary))?;
    fs::rename(&temporary, path).map_err(io_error(path))
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
