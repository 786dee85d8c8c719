//! `cargo xtask codegen [--check]`, `cargo xtask diff [REV]`, `cargo xtask semver-pairs`; see the
//! README.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod compile_cost;

const USAGE: &str = "usage: cargo xtask <command> [--root DIR]

  codegen               regenerate generated/ from spec/ (and the fixture crate
                        codegen/tests/output/ from the fixture specs); print every file created,
                        updated or deleted and the change report against the previous
                        generated/summary/*.json; bump spec/crate.toml on a breaking change and add
                        an entry to generated/CHANGELOG.md
  codegen --check       write nothing; fail if generated/ or the fixture crate differs from a fresh
                        generation, naming the breaking changes (and failing if they lack a
                        version bump)
  diff [REV]            print the Markdown change report from the specs at git revision REV
                        (default HEAD) to the working tree
  semver-pairs [KIND]   run cargo-semver-checks over the fixture pairs in
                        report/tests/change_pairs/ and compare it with the change report
  compile-cost          time crate-alone rebuilds of the generated crate per feature set, against
                        typify with --typify (`compile-cost --help`); see BENCHMARKS.md
  --root DIR            the workspace to act on (default: the one containing the current directory)";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut root = None;
    if let Some(at) = args.iter().position(|a| a == "--root") {
        if at + 1 >= args.len() {
            return usage();
        }
        root = Some(PathBuf::from(args.remove(at + 1)));
        args.remove(at);
    }
    let root = match root.map_or_else(xtask::workspace_root, |dir| {
        xtask::find_workspace_root(&dir)
    }) {
        Ok(root) => root,
        Err(err) => return fail(err),
    };
    if args.first().map(String::as_str) == Some("compile-cost") {
        return compile_cost::main(&root, args.into_iter().skip(1));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen(&root, false),
        ["codegen", "--check"] => codegen(&root, true),
        ["diff"] => diff(&root, "HEAD"),
        ["diff", rev] if !rev.starts_with('-') => diff(&root, rev),
        ["semver-pairs"] => semver_pairs(&root, None),
        ["semver-pairs", kind] if !kind.starts_with('-') => semver_pairs(&root, Some(kind)),
        ["--help" | "-h" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn fail(err: xtask::Error) -> ExitCode {
    eprintln!("{err}");
    ExitCode::FAILURE
}

fn codegen(root: &Path, check: bool) -> ExitCode {
    match xtask::codegen(root, check) {
        Ok(report) => {
            if let Some(changes) = report.api_changes.as_ref().filter(|r| !r.is_empty()) {
                println!("change report ({}):", changes.counts());
                print!("{}", changes.text());
            }
            for note in &report.notes {
                println!("{note}");
            }
            if check {
                println!(
                    "{} and {} are up to date ({} files checked in {})",
                    xtask::GENERATED_DIR,
                    xtask::FIXTURE_CRATE_DIR,
                    report.files.len(),
                    root.display()
                );
            } else if report.changes.is_empty() {
                println!(
                    "{} and {} are up to date: nothing written",
                    xtask::GENERATED_DIR,
                    xtask::FIXTURE_CRATE_DIR
                );
            } else {
                for (change, path) in &report.changes {
                    println!("{change} {path}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(err) => fail(err),
    }
}

fn diff(root: &Path, rev: &str) -> ExitCode {
    match xtask::diff(root, rev) {
        Ok(markdown) => {
            print!("{markdown}");
            ExitCode::SUCCESS
        }
        Err(err) => fail(err),
    }
}

fn semver_pairs(root: &Path, only: Option<&str>) -> ExitCode {
    match xtask::semver_pairs::semver_pairs(root, only) {
        Ok(outcome) => {
            print!("{}", outcome.table);
            if outcome.problems.is_empty() {
                return ExitCode::SUCCESS;
            }
            for problem in &outcome.problems {
                eprintln!("error: {problem}");
            }
            ExitCode::FAILURE
        }
        Err(err) => fail(err),
    }
}
