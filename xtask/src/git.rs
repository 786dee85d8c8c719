//! `cargo xtask diff [REV]`: the change report between the specs at a git revision and the working
//! tree, as Markdown for a pull request description.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use change_report::{Class, Version};
use codegen::summary::ApiSummary;
use codegen::SpecInput;

use crate::{read_crate, read_specs, Error, CRATE_MANIFEST, SPEC_DIR};

/// Runs `git -C root args...`; its stdout, or an error naming the command and git's message.
fn git(root: &Path, args: &[&str]) -> Result<String, Error> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| Error::Message(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(Error::Message(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| Error::Message(format!("`git {}` printed invalid UTF-8", args.join(" "))))
}

/// The specs (`spec/<api>/openapi.json`) at `rev`, sorted by API.
pub fn specs_at(root: &Path, rev: &str) -> Result<Vec<SpecInput>, Error> {
    let listing = git(
        root,
        &[
            "ls-tree",
            "-r",
            "--name-only",
            rev,
            "--",
            &format!("{SPEC_DIR}/"),
        ],
    )?;
    let mut inputs = Vec::new();
    for path in listing.lines() {
        let parts: Vec<&str> = path.split('/').collect();
        let [dir, module, "openapi.json"] = parts.as_slice() else {
            continue;
        };
        if *dir != SPEC_DIR {
            continue;
        }
        let text = git(root, &["show", &format!("{rev}:{path}")])
            .map_err(|e| Error::Message(format!("cannot read {path} at revision `{rev}`: {e}")))?;
        inputs.push(SpecInput {
            module: (*module).to_owned(),
            path: format!("{rev}:{path}"),
            text,
        });
    }
    inputs.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(inputs)
}

/// The Markdown change report from the specs at `rev` to the working tree under `root`.
pub fn diff(root: &Path, rev: &str) -> Result<String, Error> {
    let commit = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        Error::Message(format!(
            "`{rev}` is not a git revision of {}",
            root.display()
        ))
    })?;
    let short = commit.trim().get(..10).unwrap_or(commit.trim()).to_owned();
    let old_specs = specs_at(root, rev)?;
    let krate = read_crate(root)?;
    let package = krate.package().map_err(Error::Spec)?;
    // The identity at `rev`, read by the same parser (an unreadable one counts as no version).
    let old_version = git(root, &["show", &format!("{rev}:{CRATE_MANIFEST}")])
        .ok()
        .and_then(|manifest| {
            let old = codegen::CrateInput {
                manifest,
                ..krate.clone()
            };
            old.package().ok().map(|p| p.version)
        });
    let new_version = package.version;
    let old = summarize(&old_specs, old_version.as_deref().unwrap_or("0.0.0")).map_err(|d| {
        Error::Message(format!(
            "the spec at revision `{rev}` does not generate:\n{d}"
        ))
    })?;
    let new = summarize(&read_specs(root)?, &new_version).map_err(|d| {
        Error::Message(format!(
            "the spec in the working tree does not generate:\n{d}"
        ))
    })?;
    let report = change_report::compare(&old, &new);
    let name = package.name;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "## API changes in `{name}` since `{rev}` (`{short}`)\n"
    );
    if report.is_empty() {
        out.push_str(&format!("No change visible to users of `{name}`.\n"));
        return Ok(out);
    }
    let _ = writeln!(out, "{}.\n", capitalize(&report.counts()));
    if let (Some(worst), Ok(current)) = (report.worst(), Version::parse(&new_version)) {
        let base = old_version
            .as_deref()
            .and_then(|v| Version::parse(v).ok())
            .unwrap_or(current);
        let required = base.bumped(worst);
        let verdict = if current >= required {
            "bumped"
        } else if worst == Class::Breaking {
            "**not bumped yet**: `cargo xtask codegen` bumps it"
        } else {
            "not bumped: due at the next release, not enforced"
        };
        let _ = writeln!(
            out,
            "Version: `{base}` at `{rev}`, `{current}` now; these changes need a {} bump to `{required}` ({verdict}).\n",
            change_report::semver::bump_name(base, worst)
        );
    }
    out.push_str(&report.markdown(3));
    Ok(out.trim_end().to_owned() + "\n")
}

/// The summaries of `specs` for crate version `version`, each spec lowered once (no code emitted:
/// the diff writes nothing).
fn summarize(specs: &[SpecInput], version: &str) -> codegen::Result<Vec<ApiSummary>> {
    Ok(codegen::lower_all(specs)?
        .iter()
        .map(|api| codegen::summary::summarize(api, version))
        .collect())
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}
