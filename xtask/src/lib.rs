//! `cargo xtask codegen [--check]`: reads the crate identity (`spec/crate.toml`,
//! `spec/crate-docs.md`) and every `spec/<api>/openapi.json`, generates the crate into
//! `generated/` (and the fixture crate into `codegen/tests/output/`), or (with `--check`)
//! verifies both are up to date; either way with a change report against the previous
//! `generated/summary/*.json`. `cargo xtask diff [REV]`: the report between the specs at a git
//! revision and the working tree.
//!
//! The generator itself is pure (`codegen`); this is the only place that touches the disk, and it
//! touches only the tree it is given: the workspace it is run from, found at run time.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

mod git;
pub mod semver_pairs;

pub use git::diff;

use change_report::{Class, Version};
use codegen::summary::ApiSummary;
use codegen::{CrateInput, GeneratedFile, Generation, SpecInput};

/// Directory of the generated crate, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated";
/// Directory of the specs, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
/// The generated crate's manifest fragment, relative to the workspace root.
pub const CRATE_MANIFEST: &str = "spec/crate.toml";
/// The generated crate's crate-level docs, relative to the workspace root.
pub const CRATE_DOCS: &str = "spec/crate-docs.md";
/// The changelog written from change reports, relative to the workspace root.
pub const CHANGELOG: &str = "generated/CHANGELOG.md";

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
    Io {
        path: PathBuf,
        source: io::Error,
    },
    /// Stale files (one report each), then what the change report says about them.
    Stale(Vec<String>, String),
    NoWorkspace(PathBuf),
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
            Error::NoWorkspace(start) => write!(
                f,
                "error: no Cargo.toml with [workspace] in {} or above: run from inside the checkout, or pass --root DIR",
                start.display()
            ),
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

/// Reads the response examples of every spec (`spec/<api>/examples/*.json`) for the test kits.
pub fn read_examples(
    root: &Path,
    specs: &[SpecInput],
) -> Result<Vec<(String, Vec<codegen::ExampleInput>)>, Error> {
    let mut out = Vec::new();
    for spec in specs {
        let relative = format!("{SPEC_DIR}/{}/examples", spec.module);
        let dir = root.join(&relative);
        let mut files = Vec::new();
        if dir.is_dir() {
            for entry in fs::read_dir(&dir).map_err(io_error(&dir))? {
                let path = entry.map_err(io_error(&dir))?.path();
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if !name.ends_with(".json") {
                    continue;
                }
                let file = format!("{relative}/{name}");
                files.push(codegen::ExampleInput {
                    name: name.to_owned(),
                    text: fs::read_to_string(&path).map_err(io_error(&path))?,
                    path: file,
                });
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        out.push((spec.module.clone(), files));
    }
    Ok(out)
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
    // Files copied verbatim into the crate's root: `<manifest without .toml>-files/`.
    let files_dir = format!("{}-files", manifest.trim_end_matches(".toml"));
    let mut files = Vec::new();
    if let Ok(entries) = fs::read_dir(root.join(&files_dir)) {
        for entry in entries {
            let path = entry.map_err(io_error(&root.join(&files_dir)))?.path();
            if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                files.push((name.to_owned(), read(&format!("{files_dir}/{name}"))?));
            }
        }
    }
    files.sort();
    Ok(CrateInput {
        manifest_path: manifest.to_owned(),
        manifest: read(manifest)?,
        docs_path: docs.to_owned(),
        docs: read(docs)?,
        files,
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
#[derive(Debug, Default)]
pub struct Report {
    /// Every generated file, relative to the workspace root.
    pub files: Vec<String>,
    /// The files written or deleted (none in check mode), relative to the workspace root.
    pub changes: Vec<(Change, String)>,
    /// Changes of the APIs against the previous summaries; `None` when there were none on disk.
    pub api_changes: Option<change_report::Report>,
    /// Specs parsed and lowered by the run (each once: those of `spec/` and the fixture specs).
    pub lowered: usize,
    /// Lines about the version and the changelog, for the terminal.
    pub notes: Vec<String>,
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

/// The generated crate's version, read from its identity by the generator's manifest parser.
pub fn crate_version(krate: &CrateInput) -> Result<Version, Error> {
    let package = krate.package().map_err(Error::Spec)?;
    Version::parse(&package.version)
        .map_err(|e| Error::Message(format!("{}: version {e}", krate.manifest_path)))
}

/// The version the previous summaries were generated for (the highest, if they disagree).
fn previous_version(previous: &[ApiSummary]) -> Option<Version> {
    previous
        .iter()
        .filter_map(|s| Version::parse(&s.crate_version).ok())
        .max()
}

/// The version `spec/crate.toml` must have for `report`, when it has less.
fn missing_bump(
    report: &change_report::Report,
    previous: Option<Version>,
    current: Version,
) -> Option<Version> {
    let previous = previous?;
    (report.has_breaking() && !current.satisfies(previous, Class::Breaking))
        .then(|| previous.bumped(Class::Breaking))
}

/// Generates from the specs under `root`: the crate into `root/generated/` and the fixture crate
/// into `root/codegen/tests/output/`; writes them or, with `check`, compares them. Both are
/// generated before anything is written, so a bad spec leaves both untouched. The APIs are
/// compared with the previous `generated/summary/*.json`: a breaking change bumps the version in
/// `spec/crate.toml` (or, with `check`, fails when the bump is missing) and every change gets an
/// entry in `generated/CHANGELOG.md`. Nothing outside `root` is read or written.
pub fn codegen(root: &Path, check: bool) -> Result<Report, Error> {
    let lowered_before = codegen::lowerings_on_this_thread();
    let specs = read_specs(root)?;
    let mut krate = read_crate(root)?;
    let version = crate_version(&krate)?;
    let mut notes = Vec::new();
    let previous = read_summaries(root, &mut notes);
    let previous_version = previous_version(&previous);
    // Each spec is lowered once; the summaries compared are the ones the generation writes.
    let examples = read_examples(root, &specs)?;
    let mut generation =
        Generation::with_examples(&krate, &specs, &examples).map_err(Error::Spec)?;
    let compare = |generation: &Generation| {
        (!previous.is_empty()).then(|| change_report::compare(&previous, &generation.summaries))
    };
    let mut api_changes = compare(&generation);
    let bump = api_changes
        .as_ref()
        .and_then(|r| missing_bump(r, previous_version, version));

    // The crate as it will be written: with the bumped version when a breaking change needs one
    // (emitted again from the same IR; only the version differs).
    if let (Some(required), false) = (bump, check) {
        krate = krate
            .with_version(&required.to_string())
            .map_err(Error::Spec)?;
        generation = generation.with_crate(&krate).map_err(Error::Spec)?;
        api_changes = compare(&generation);
    }
    let mut outputs = vec![(GENERATED_DIR, generation.files)];
    // A tree without the generator's fixtures (one that only uses xtask) has no fixture crate.
    if root.join(FIXTURE_MANIFEST).is_file() {
        let fixtures = codegen::generate(
            &read_identity(root, FIXTURE_MANIFEST, FIXTURE_DOCS)?,
            &read_fixture_specs(root)?,
        )
        .map_err(Error::Spec)?;
        outputs.push((FIXTURE_CRATE_DIR, fixtures));
    }
    if check {
        let stale: Vec<String> = outputs
            .iter()
            .map(|(dir, files)| stale_reports(root, dir, files))
            .collect::<Result<Vec<_>, _>>()?
            .concat();
        if !stale.is_empty() {
            return Err(Error::Stale(
                stale,
                change_text(api_changes.as_ref(), bump, version),
            ));
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
    if !check {
        let version = match bump {
            Some(required) => {
                write_atomically(&root.join(CRATE_MANIFEST), &krate.manifest)?;
                notes.push(format!(
                    "breaking changes: version bumped {version} -> {required} in {CRATE_MANIFEST}"
                ));
                required
            }
            None => version,
        };
        changelog(
            root,
            api_changes.as_ref(),
            previous_version,
            version,
            &mut notes,
        )?;
    }
    report.api_changes = api_changes;
    report.notes = notes;
    report.lowered = codegen::lowerings_on_this_thread() - lowered_before;
    Ok(report)
}

/// What `--check` says about the API changes behind stale files.
fn change_text(
    api_changes: Option<&change_report::Report>,
    bump: Option<Version>,
    version: Version,
) -> String {
    let mut text = String::new();
    if let Some(report) = api_changes.filter(|r| !r.is_empty()) {
        let _ = writeln!(
            text,
            "\nchanges since the last generation ({}):",
            report.counts()
        );
        text.push_str(&report.text());
        if let Some(required) = bump {
            let _ = writeln!(
                text,
                "\nerror: breaking changes without a version bump: {CRATE_MANIFEST} has {version}, they need at least {required}\n  (`{}` bumps it and writes {CHANGELOG})",
                codegen::REGENERATE
            );
        }
    }
    text
}

/// Adds the entry of `api_changes` to `generated/CHANGELOG.md`, and notes for the terminal.
fn changelog(
    root: &Path,
    api_changes: Option<&change_report::Report>,
    previous_version: Option<Version>,
    version: Version,
    notes: &mut Vec<String>,
) -> Result<(), Error> {
    match api_changes {
        Some(report) if !report.is_empty() => {
            let heading = if Some(version) != previous_version {
                version.to_string()
            } else {
                change_report::changelog::UNRELEASED.to_owned()
            };
            let path = root.join(CHANGELOG);
            let existing = fs::read_to_string(&path).unwrap_or_default();
            let text = change_report::changelog::add_entry(&existing, &heading, report);
            write_atomically(&path, &text)?;
            notes.push(format!("{CHANGELOG}: entry `{heading}` updated"));
            if !report.has_breaking() {
                if let Some(worst) = report.worst() {
                    let base = previous_version.unwrap_or(version);
                    notes.push(format!(
                        "no breaking change: the next release needs a {} bump ({} -> {}); not applied",
                        change_report::semver::bump_name(base, worst),
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
    Ok(())
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

/// Rust files under `src/` and summaries under `summary/` of an output that the generator no
/// longer produces.
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

/// At most this many lines of diff are shown per stale file.
const DIFF_LINES: usize = 80;

/// A unified line diff of two texts (3 lines of context around each change, a hunk per changed
/// region), cut after [`DIFF_LINES`] lines with a count of the rest.
pub fn short_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff.unified_diff().context_radius(3).to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: String = lines
        .iter()
        .take(DIFF_LINES)
        .map(|line| format!("{line}\n"))
        .collect();
    if lines.len() > DIFF_LINES {
        let _ = writeln!(out, "... ({} more diff lines)", lines.len() - DIFF_LINES);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::short_diff;

    #[test]
    fn short_diff_shows_only_the_changed_lines_with_context() {
        let diff = short_diff("a\nb\nc\nd\n", "a\nB\nc\nd\n");
        assert_eq!(diff, "@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n d\n");
    }

    /// A change at the top and one at the bottom of a long file are two small hunks, not one
    /// hunk of the whole file (as when only a common prefix and suffix were skipped).
    #[test]
    fn distant_changes_are_separate_hunks() {
        let old: String = (0..6400).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 10\n", "line ten\n")
            .replace("line 6300\n", "line 6300\nadded\n");
        let diff = short_diff(&old, &new);
        assert_eq!(diff.matches("@@ ").count(), 2, "{diff}");
        assert_eq!(diff.lines().count(), 2 + 8 + 7, "{diff}");
        assert!(diff.contains("-line 10\n+line ten\n"), "{diff}");
        assert!(diff.contains(" line 6300\n+added\n"), "{diff}");
    }

    #[test]
    fn a_rewrite_is_cut_with_a_count() {
        let old: String = (0..500).map(|i| format!("{i}\n")).collect();
        let new: String = (0..500).map(|i| format!("x{i}\n")).collect();
        let diff = short_diff(&old, &new);
        assert_eq!(diff.lines().count(), super::DIFF_LINES + 1);
        assert!(diff.ends_with("... (921 more diff lines)\n"), "{diff}");
    }
}
