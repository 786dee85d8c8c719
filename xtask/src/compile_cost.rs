//! `cargo xtask compile-cost`: what compiling `commerce-apis` costs every downstream user.
//!
//! For each feature set and for the debug (`CARGO_INCREMENTAL=0`) and release profiles, the
//! dependencies are built once, then the crate alone is rebuilt `--runs` times (its `src/lib.rs`
//! touched before each build) and the wall time of `cargo build` is taken. The builds are
//! interleaved: every round builds every configuration once, so a change of machine load hits
//! all of them alike, and ratios are taken within a round. With `--typify`, `cargo-typify` (from
//! crates.io) is installed into the target directory and its output for the JSON Schema of
//! Forter's `V3OrderRequest` (with every component it reaches) is built as a crate in the same
//! rounds. Prints a Markdown report (method, load averages, times, ratios, line counts).
//!
//! Everything is built in `<target dir>/compile-cost/`, never in the workspace's own target.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use serde_json::{json, Map, Value};

const USAGE: &str = "usage: cargo xtask compile-cost [--runs N] [--sets LIST] [--profiles LIST] [--typify] [--extra NAME=DIR] [--extra-features LIST] [--out FILE]

  --runs N         rebuilds per configuration (default 3); the median, min and max are reported
  --sets LIST      feature sets, comma-separated, of: forter, forte, both, client, schemars (default: all)
  --profiles LIST  debug, release or both (default: debug,release)
  --typify         also build cargo-typify's output for Forter's V3OrderRequest schema, as ratios
  --extra NAME=DIR also build the package in DIR (a what-if copy of the generated crate, see
                   benches/whatif.py) with `--no-default-features --features forter`; repeatable
  --extra-features LIST
                   the `--features` of the --extra packages instead of `forter` (e.g.
                   `forte,forter,schemars`, to set a what-if beside the feature set `schemars`)
  --out FILE       also write the Markdown report to FILE";

/// The version of cargo-typify measured against (the one of issue 12's first measurements).
const TYPIFY_VERSION: &str = "0.8.0";

/// A feature set of the generated crate: its name in the report and its `--features`.
const SETS: [(&str, &str); 6] = [
    ("forter", "forter"),
    ("forte", "forte"),
    ("both", "forte,forter"),
    ("client", "forte,forter,client"),
    ("schemars", "forte,forter,schemars"),
    // What a test crate using the test kit compiles (BENCHMARKS.md, decision 014).
    ("test-kit", "forte,forter,client,test-kit"),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Profile {
    Debug,
    Release,
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

/// One thing to rebuild and time.
struct Subject {
    /// `forter`, `both`, `typify`, ...
    name: String,
    profile: Profile,
    /// Where `cargo build` runs.
    dir: PathBuf,
    /// `cargo build` arguments beyond `-q` and `--release`.
    args: Vec<String>,
    /// The file touched before each rebuild.
    touch: PathBuf,
}

struct Options {
    runs: usize,
    sets: Vec<(&'static str, &'static str)>,
    profiles: Vec<Profile>,
    typify: bool,
    extra: Vec<(String, PathBuf)>,
    extra_features: String,
    out: Option<PathBuf>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        runs: 3,
        sets: SETS.to_vec(),
        profiles: vec![Profile::Debug, Profile::Release],
        typify: false,
        extra: Vec::new(),
        extra_features: "forter".to_owned(),
        out: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--runs" => {
                options.runs = value()?
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or("--runs takes a positive number")?
            }
            "--sets" => {
                let list = value()?;
                options.sets = list
                    .split(',')
                    .map(|name| {
                        SETS.iter()
                            .find(|(set, _)| *set == name)
                            .copied()
                            .ok_or(format!("unknown feature set {name}"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            "--profiles" => {
                let list = value()?;
                options.profiles = list
                    .split(',')
                    .map(|name| match name {
                        "debug" => Ok(Profile::Debug),
                        "release" => Ok(Profile::Release),
                        _ => Err(format!("unknown profile {name}")),
                    })
                    .collect::<Result<_, _>>()?;
            }
            "--typify" => options.typify = true,
            "--extra" => {
                let extra = value()?;
                let (name, dir) = extra.split_once('=').ok_or("--extra takes NAME=DIR")?;
                options.extra.push((name.to_owned(), PathBuf::from(dir)));
            }
            "--extra-features" => options.extra_features = value()?,
            "--out" => options.out = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    Ok(options)
}

/// Entry point from `main.rs`: `args` are the arguments after `compile-cost`.
pub fn main(root: &Path, args: impl Iterator<Item = String>) -> ExitCode {
    let args: Vec<String> = args.collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(args.into_iter()) {
        Ok(options) => options,
        Err(err) => {
            eprintln!("error: {err}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(root, &options) {
        Ok(report) => {
            println!("{report}");
            if let Some(out) = &options.out {
                if let Err(err) = fs::write(out, &report) {
                    eprintln!("error: {}: {err}", out.display());
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The target directory of the measurements: `$CARGO_TARGET_DIR/compile-cost` or
/// `<root>/target/compile-cost`.
fn work_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("compile-cost")
}

fn run(root: &Path, options: &Options) -> Result<String, String> {
    let work = work_dir(root);
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let target = work.join("target");
    let mut subjects = Vec::new();
    for &profile in &options.profiles {
        for (name, features) in &options.sets {
            subjects.push(Subject {
                name: (*name).to_owned(),
                profile,
                dir: root.to_path_buf(),
                args: [
                    "-p",
                    "commerce-apis",
                    "--no-default-features",
                    "--features",
                    features,
                ]
                .map(str::to_owned)
                .to_vec(),
                touch: root.join(xtask::GENERATED_DIR).join("src/lib.rs"),
            });
        }
    }
    for (name, dir) in &options.extra {
        let dir = fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for &profile in &options.profiles {
            subjects.push(Subject {
                name: name.clone(),
                profile,
                dir: dir.clone(),
                args: [
                    "--no-default-features",
                    "--features",
                    &options.extra_features,
                ]
                .map(str::to_owned)
                .to_vec(),
                touch: dir.join("src/lib.rs"),
            });
        }
    }
    let mut typify_note = String::new();
    if options.typify {
        let (dir, note) = typify_crate(root, &work)?;
        typify_note = note;
        for &profile in &options.profiles {
            subjects.push(Subject {
                name: "typify".to_owned(),
                profile,
                dir: dir.clone(),
                args: Vec::new(),
                touch: dir.join("src/lib.rs"),
            });
        }
    }

    eprintln!("compile-cost: building the dependencies of every configuration once");
    for subject in &subjects {
        build(subject, &target)?;
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); subjects.len()];
    let mut loads = Vec::new();
    for round in 1..=options.runs {
        loads.push(loadavg());
        for (subject, times) in subjects.iter().zip(&mut times) {
            touch(&subject.touch)?;
            let seconds = build(subject, &target)?;
            eprintln!(
                "compile-cost: round {round}/{}: {} {}: {seconds:.2} s",
                options.runs,
                subject.name,
                subject.profile.name()
            );
            times.push(seconds);
        }
    }
    loads.push(loadavg());
    Ok(report(
        root,
        options,
        &subjects,
        &times,
        &loads,
        &typify_note,
    ))
}

/// `cargo build` of one subject; returns the wall time in seconds.
fn build(subject: &Subject, target: &Path) -> Result<f64, String> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(&subject.dir)
        .arg("build")
        .arg("-q")
        .args(&subject.args)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        // Full debug info, what a downstream user's debug build has by default; the workspace's
        // own `[profile.dev]` keeps line tables only (for the test command), typify's crate and
        // the what-if copies have their own manifests: this keeps every subject alike.
        .env("CARGO_PROFILE_DEV_DEBUG", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if subject.profile == Profile::Release {
        command.arg("--release");
    }
    let start = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let seconds = start.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "cargo build {} failed in {}:\n{}",
            subject.args.join(" "),
            subject.dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(seconds)
}

/// Sets the modification time of `path` to now (its contents are unchanged).
fn touch(path: &Path) -> Result<(), String> {
    let file = fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The median of the per-round ratios `ours[i] / base[i]`, with min and max.
fn round_ratio(ours: &[f64], base: &[f64]) -> String {
    let ratios: Vec<f64> = ours.iter().zip(base).map(|(a, b)| a / b).collect();
    let (median, min, max) = stats(&ratios);
    format!("{median:.2} [{min:.2}–{max:.2}]")
}

/// Median, min and max.
fn stats(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (median, sorted[0], sorted[n - 1])
}

fn report(
    root: &Path,
    options: &Options,
    subjects: &[Subject],
    times: &[Vec<f64>],
    loads: &[String],
    typify_note: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Crate-alone rebuild of `commerce-apis` (`cargo xtask compile-cost`)\n\n\
         Wall time of `cargo build [--release] -p commerce-apis --no-default-features --features ...` \
         after touching `generated/src/lib.rs`, dependencies already built, `CARGO_INCREMENTAL=0`, full debug info (`CARGO_PROFILE_DEV_DEBUG=true`); \
         {} interleaved round(s); seconds as median [min–max].\n",
        options.runs
    );
    let _ = writeln!(
        out,
        "Load average (1, 5, 15 min) before each round and after the last: {}\n",
        loads.join(" | ")
    );
    let typify: BTreeMap<&str, &Vec<f64>> = subjects
        .iter()
        .zip(times)
        .filter(|(s, _)| s.name == "typify")
        .map(|(s, t)| (s.profile.name(), t))
        .collect();
    let first_name = subjects.first().map_or("", |s| s.name.as_str());
    let _ = write!(out, "| subject | features |");
    for profile in &options.profiles {
        let _ = write!(out, " {} (s) | ÷ {} |", profile.name(), first_name);
        if typify.contains_key(profile.name()) {
            let _ = write!(out, " ÷ typify |");
        }
    }
    let _ = writeln!(out);
    let columns = 2 * options.profiles.len()
        + options
            .profiles
            .iter()
            .filter(|p| typify.contains_key(p.name()))
            .count();
    let _ = writeln!(out, "|---|---|{}", "---:|".repeat(columns));
    let mut names: Vec<&str> = Vec::new();
    for subject in subjects {
        if !names.contains(&subject.name.as_str()) {
            names.push(&subject.name);
        }
    }
    for name in names {
        let features = SETS.iter().find(|(set, _)| *set == name).map_or_else(
            || match name {
                "typify" => format!("cargo-typify {TYPIFY_VERSION}"),
                _ => format!("what-if copy, `{}`", options.extra_features),
            },
            |(_, f)| format!("`{f}`"),
        );
        let _ = write!(out, "| {name} | {features} |");
        for profile in &options.profiles {
            let Some(index) = subjects
                .iter()
                .position(|s| s.name == name && s.profile == *profile)
            else {
                continue;
            };
            let (median, min, max) = stats(&times[index]);
            let _ = write!(out, " {median:.2} [{min:.2}–{max:.2}] |");
            let first = subjects
                .iter()
                .position(|s| s.profile == *profile)
                .expect("this subject has the profile");
            let _ = write!(out, " {} |", round_ratio(&times[index], &times[first]));
            if let Some(typify) = typify.get(profile.name()) {
                // The ratio of each round, then their median: load changes between rounds cancel.
                let _ = write!(out, " {} |", round_ratio(&times[index], typify));
            }
        }
        let _ = writeln!(out);
    }
    if !typify_note.is_empty() {
        let _ = writeln!(out, "\n{typify_note}");
    }
    let _ = writeln!(out, "\n{}", line_counts(root));
    out
}

/// Lines and bytes of every file of `generated/`.
fn line_counts(root: &Path) -> String {
    let mut files = Vec::new();
    collect(&root.join(xtask::GENERATED_DIR), "", &mut files);
    files.sort();
    let mut out = String::from(
        "### Lines of the generated crate\n\n| file | lines | bytes |\n|---|---:|---:|\n",
    );
    let (mut lines, mut bytes) = (0, 0);
    for (path, text) in &files {
        let count = text.lines().count();
        lines += count;
        bytes += text.len();
        let _ = writeln!(out, "| `{path}` | {count} | {} |", text.len());
    }
    let _ = writeln!(out, "| **total** | **{lines}** | **{bytes}** |");
    out
}

fn collect(dir: &Path, relative: &str, out: &mut Vec<(String, String)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if relative.is_empty() {
            name.clone()
        } else {
            format!("{relative}/{name}")
        };
        if path.is_dir() {
            collect(&path, &rel, out);
        } else if name.ends_with(".rs") || name == "Cargo.toml" {
            if let Ok(text) = fs::read_to_string(&path) {
                out.push((format!("{}/{rel}", xtask::GENERATED_DIR), text));
            }
        }
    }
}

// -------------------------------------------------------------------------------------------------
// typify

/// Installs cargo-typify (once) and makes the crate of its output for `V3OrderRequest`; returns
/// the crate's folder and a note for the report.
fn typify_crate(root: &Path, work: &Path) -> Result<(PathBuf, String), String> {
    let tools = work.join("tools");
    let binary = tools.join("bin/cargo-typify");
    if !binary.is_file() {
        eprintln!(
            "compile-cost: installing cargo-typify {TYPIFY_VERSION} into {}",
            tools.display()
        );
        let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args([
                "install",
                "cargo-typify",
                "--locked",
                "--version",
                TYPIFY_VERSION,
            ])
            .arg("--root")
            .arg(&tools)
            .env("CARGO_TARGET_DIR", work.join("typify-install"))
            .status()
            .map_err(|e| format!("cannot run cargo install: {e}"))?;
        if !status.success() {
            return Err("cargo install cargo-typify failed".to_owned());
        }
    }
    let spec_path = root.join("spec/forter/openapi.json");
    let spec: Value = serde_json::from_str(
        &fs::read_to_string(&spec_path).map_err(|e| format!("{}: {e}", spec_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", spec_path.display()))?;
    let schema = json_schema_of(&spec, "V3OrderRequest")?;
    let definitions = schema["definitions"].as_object().map_or(0, Map::len);
    let dir = work.join("typify-crate");
    fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let schema_file = dir.join("schema.json");
    write_if_changed(
        &schema_file,
        &serde_json::to_string_pretty(&schema).expect("a Value serializes"),
    )?;
    let output = Command::new(&binary)
        .arg("typify")
        .arg(&schema_file)
        .arg("--output")
        .arg(dir.join("src/lib.rs"))
        .output()
        .map_err(|e| format!("cannot run cargo-typify: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo-typify failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let code = fs::read_to_string(dir.join("src/lib.rs")).map_err(|e| e.to_string())?;
    // The dependencies typify's output uses, at the versions of this workspace's Cargo.lock.
    let mut dependencies =
        String::from("serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n");
    for (path, dependency) in [
        ("::regress::", "regress = \"0.10\"\n"),
        (
            "::chrono::",
            "chrono = { version = \"0.4\", features = [\"serde\"] }\n",
        ),
        (
            "::uuid::",
            "uuid = { version = \"1\", features = [\"serde\"] }\n",
        ),
    ] {
        if code.contains(path) {
            dependencies.push_str(dependency);
        }
    }
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"typify-v3-order-request\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{dependencies}"
        ),
    )?;
    // Same dependency versions as the workspace where they overlap.
    if !dir.join("Cargo.lock").exists() {
        let _ = fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    }
    let lines = code.lines().count();
    let note = format!(
        "typify: cargo-typify {TYPIFY_VERSION} on the JSON Schema of Forter's `V3OrderRequest` \
         ({definitions} definitions: itself and every component it reaches) (`$ref`s rewritten to `#/definitions/`), \
         {lines} lines of output, built as a crate in `{}`.",
        dir.display()
    );
    Ok((dir, note))
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

/// A draft-07 JSON Schema of the component `name` of an OpenAPI document: every component it
/// reaches through `$ref`s, itself included, as `definitions`, refs rewritten to point there.
fn json_schema_of(spec: &Value, name: &str) -> Result<Value, String> {
    let components = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .ok_or("the spec has no components.schemas")?;
    let mut definitions = Map::new();
    let mut pending = vec![name.to_owned()];
    while let Some(next) = pending.pop() {
        if definitions.contains_key(&next) {
            continue;
        }
        let mut schema = components
            .get(&next)
            .ok_or(format!("no component {next}"))?
            .clone();
        rewrite_refs(&mut schema, &mut pending);
        definitions.insert(next, schema);
    }
    Ok(json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": definitions,
    }))
}

fn rewrite_refs(schema: &mut Value, found: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                if let Some(name) = target.strip_prefix("#/components/schemas/") {
                    found.push(name.to_owned());
                    *target = format!("#/definitions/{name}");
                }
            }
            for (key, value) in map.iter_mut() {
                // Example values are data, not schemas.
                if key != "examples" && key != "example" && key != "const" && key != "enum" {
                    rewrite_refs(value, found);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_of_a_component_has_what_it_reaches() {
        let spec = json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "array", "items": {"$ref": "#/components/schemas/C"}},
            "C": {"type": "string", "examples": [{"$ref": "#/components/schemas/D"}]},
            "D": {"type": "string"},
        }}});
        let schema = json_schema_of(&spec, "A").unwrap();
        let definitions = schema["definitions"].as_object().unwrap();
        assert_eq!(
            definitions.keys().collect::<Vec<_>>(),
            ["A", "B", "C"].iter().collect::<Vec<_>>().as_slice()
        );
        assert_eq!(
            definitions["A"]["properties"]["b"]["$ref"],
            "#/definitions/B"
        );
    }

    #[test]
    fn stats_are_median_min_max() {
        assert_eq!(stats(&[3.0, 1.0, 2.0]), (2.0, 1.0, 3.0));
        assert_eq!(stats(&[4.0, 1.0, 2.0, 3.0]), (2.5, 1.0, 4.0));
    }

    #[test]
    fn arguments_are_parsed() {
        let options = parse_args(
            [
                "--runs",
                "5",
                "--sets",
                "forter,both",
                "--profiles",
                "debug",
                "--typify",
            ]
            .map(str::to_owned)
            .into_iter(),
        )
        .unwrap();
        assert_eq!(options.runs, 5);
        assert_eq!(options.sets.len(), 2);
        assert!(options.profiles == [Profile::Debug]);
        assert!(options.typify);
        assert!(parse_args(["--sets", "nope"].map(str::to_owned).into_iter()).is_err());
    }
}
