//! `cargo xtask codegen [--check]`, `cargo xtask diff [REV]`, `cargo xtask semver-pairs`; see the
//! README.

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

  codegen               regenerate generated/ from spec/; print the change report against the
                        previous generated/summary/*.json, bump spec/crate.toml on a breaking
                        change and add an entry to generated/CHANGELOG.md
  codegen --check       write nothing; fail if generated/ differs from a fresh generation, naming
                        the breaking changes (and failing if they lack a version bump)
  diff [REV]            print the Markdown change report from the specs at git revision REV
                        (default HEAD) to the working tree
  semver-pairs [KIND]   run cargo-semver-checks over the fixture pairs in
                        codegen/tests/change_pairs/ and compare it with the change report";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = xtask::workspace_root();
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
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn fail(err: xtask::Error) -> ExitCode {
    eprintln!("{err}");
    ExitCode::FAILURE
}

fn codegen(root: &std::path::Path, check: bool) -> ExitCode {
    match xtask::run_codegen(root, check) {
        Ok(outcome) => {
            if !check {
                if let Some(report) = outcome.report.as_ref().filter(|r| !r.is_empty()) {
                    println!("change report ({}):", report.counts());
                    print!("{}", report.text());
                }
            }
            for note in &outcome.notes {
                println!("{note}");
            }
            let verb = if check { "up to date" } else { "generated" };
            println!(
                "{} files {verb} in {}/",
                outcome.files.len(),
                xtask::GENERATED_DIR
            );
            ExitCode::SUCCESS
        }
        Err(err) => fail(err),
    }
}

fn diff(root: &std::path::Path, rev: &str) -> ExitCode {
    match xtask::diff(root, rev) {
        Ok(markdown) => {
            print!("{markdown}");
            ExitCode::SUCCESS
        }
        Err(err) => fail(err),
    }
}

fn semver_pairs(root: &std::path::Path, only: Option<&str>) -> ExitCode {
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
