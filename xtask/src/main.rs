//! `cargo xtask codegen [--check] [--root DIR]`; see the README.

use std::path::PathBuf;
use std::process::ExitCode;

mod compile_cost;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--root DIR]

  codegen          regenerate generated/ from spec/; prints every file created, updated or deleted
  codegen --check  write nothing; fail if generated/ differs from a fresh generation
  --root DIR       the workspace to act on (default: the one containing the current directory)

  compile-cost     time crate-alone rebuilds of the generated crate (`compile-cost --help`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut check = false;
    let mut root = None;
    let mut rest = args.iter().map(String::as_str);
    match rest.next() {
        Some("codegen") => {}
        Some("compile-cost") => {
            return match xtask::workspace_root() {
                Ok(root) => compile_cost::main(&root, rest.map(str::to_owned)),
                Err(err) => {
                    eprintln!("{err}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => return usage(),
    }
    while let Some(arg) = rest.next() {
        match arg {
            "--check" => check = true,
            "--root" => match rest.next() {
                Some(dir) => root = Some(PathBuf::from(dir)),
                None => return usage(),
            },
            _ => return usage(),
        }
    }
    let root = match root.map_or_else(xtask::workspace_root, |dir| {
        xtask::find_workspace_root(&dir)
    }) {
        Ok(root) => root,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    match xtask::codegen(&root, check) {
        Ok(report) => {
            let generated = xtask::GENERATED_DIR;
            if check {
                println!(
                    "{generated}/ is up to date ({} files checked in {})",
                    report.files.len(),
                    root.display()
                );
            } else if report.changes.is_empty() {
                println!("{generated}/ is up to date: nothing written");
            } else {
                for (change, path) in &report.changes {
                    println!("{change} {path}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
