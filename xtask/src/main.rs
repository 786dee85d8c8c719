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

/// A command line that was understood.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Codegen { check: bool },
    Diff(String),
    SemverPairs(Option<String>),
    CompileCost(Vec<String>),
    Help,
}

/// Reads the arguments after the program name: the `--root` directory and the command, or an
/// error naming the argument that was not understood.
fn parse(mut args: Vec<String>) -> Result<(Option<PathBuf>, Command), String> {
    let mut root = None;
    if let Some(at) = args.iter().position(|a| a == "--root") {
        if at + 1 >= args.len() {
            return Err("`--root` needs a directory".to_owned());
        }
        root = Some(PathBuf::from(args.remove(at + 1)));
        args.remove(at);
    }
    let Some((command, rest)) = args.split_first() else {
        return Err("no command given".to_owned());
    };
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    // The first argument the command does not take, named in the error.
    let unexpected = |taken: usize| {
        let extra = rest.get(taken).copied().unwrap_or_default();
        let what = if extra.starts_with('-') {
            "unknown option"
        } else {
            "unexpected argument"
        };
        Err(format!("{what} `{extra}` for `{command}`"))
    };
    let command = match (command.as_str(), rest.as_slice()) {
        ("compile-cost", _) => Command::CompileCost(args[1..].to_vec()),
        ("codegen", []) => Command::Codegen { check: false },
        ("codegen", ["--check"]) => Command::Codegen { check: true },
        ("codegen", [first, ..]) => return unexpected(usize::from(*first == "--check")),
        ("diff", []) => Command::Diff("HEAD".to_owned()),
        ("diff", [rev]) if !rev.starts_with('-') => Command::Diff((*rev).to_owned()),
        ("diff", [first, ..]) => return unexpected(usize::from(!first.starts_with('-'))),
        ("semver-pairs", []) => Command::SemverPairs(None),
        ("semver-pairs", [kind]) if !kind.starts_with('-') => {
            Command::SemverPairs(Some((*kind).to_owned()))
        }
        ("semver-pairs", [first, ..]) => return unexpected(usize::from(!first.starts_with('-'))),
        ("--help" | "-h" | "help", []) => Command::Help,
        ("--help" | "-h" | "help", _) => return unexpected(0),
        (other, _) if other.starts_with('-') => return Err(format!("unknown option `{other}`")),
        (other, _) => return Err(format!("unknown command `{other}`")),
    };
    Ok((root, command))
}

fn main() -> ExitCode {
    let (root, command) = match parse(std::env::args().skip(1).collect()) {
        Ok(parsed) => parsed,
        Err(message) => return usage(&message),
    };
    if command == Command::Help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let root = match root.map_or_else(xtask::workspace_root, |dir| {
        xtask::find_workspace_root(&dir)
    }) {
        Ok(root) => root,
        Err(err) => return fail(err),
    };
    match command {
        Command::CompileCost(args) => compile_cost::main(&root, args.into_iter()),
        Command::Codegen { check } => codegen(&root, check),
        Command::Diff(rev) => diff(&root, &rev),
        Command::SemverPairs(kind) => semver_pairs(&root, kind.as_deref()),
        Command::Help => ExitCode::SUCCESS,
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
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

#[cfg(test)]
mod tests {
    use super::{parse, Command};

    fn parsed(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(|a| (*a).to_owned()).collect()).map(|(_, command)| command)
    }

    #[test]
    fn commands_are_understood() {
        assert_eq!(parsed(&["codegen"]), Ok(Command::Codegen { check: false }));
        assert_eq!(
            parsed(&["codegen", "--check"]),
            Ok(Command::Codegen { check: true })
        );
        assert_eq!(parsed(&["diff", "v1"]), Ok(Command::Diff("v1".into())));
        assert_eq!(parsed(&["semver-pairs"]), Ok(Command::SemverPairs(None)));
        assert_eq!(parsed(&["--help"]), Ok(Command::Help));
        let (root, command) = parse(vec!["--root".into(), "x".into(), "codegen".into()]).unwrap();
        assert_eq!(root.unwrap(), std::path::PathBuf::from("x"));
        assert_eq!(command, Command::Codegen { check: false });
    }

    #[test]
    fn an_unknown_argument_is_named() {
        assert_eq!(
            parsed(&["codegen", "--chek"]).unwrap_err(),
            "unknown option `--chek` for `codegen`"
        );
        assert_eq!(
            parsed(&["codegen", "--check", "extra"]).unwrap_err(),
            "unexpected argument `extra` for `codegen`"
        );
        assert_eq!(
            parsed(&["diff", "HEAD", "--stat"]).unwrap_err(),
            "unknown option `--stat` for `diff`"
        );
        assert_eq!(
            parsed(&["diff", "--cached"]).unwrap_err(),
            "unknown option `--cached` for `diff`"
        );
        assert_eq!(parsed(&["gen"]).unwrap_err(), "unknown command `gen`");
        assert_eq!(
            parsed(&["--verbose"]).unwrap_err(),
            "unknown option `--verbose`"
        );
        assert_eq!(
            parsed(&["--root"]).unwrap_err(),
            "`--root` needs a directory"
        );
        assert_eq!(parsed(&[]).unwrap_err(), "no command given");
    }
}
