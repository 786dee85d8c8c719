//! `cargo xtask codegen [--check]`; see the README.

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]\n\n  codegen          regenerate generated/ from spec/\n  codegen --check  write nothing; fail if generated/ differs from a fresh generation";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => false,
        ["codegen", "--check"] => true,
        ["--help" | "-h" | "help"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match xtask::codegen(&xtask::workspace_root(), check) {
        Ok(files) => {
            let verb = if check { "up to date" } else { "generated" };
            println!("{} files {verb} in {}/", files.len(), xtask::GENERATED_DIR);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
