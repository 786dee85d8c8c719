//! `generated/CHANGELOG.md`: one entry per version, newest first, written from change reports.

use std::fmt::Write as _;

use crate::classify::Class;
use crate::report::Report;

/// Heading of changes not yet under a version.
pub const UNRELEASED: &str = "Unreleased";

const PREAMBLE: &str = "# Changelog\n\nWritten by `cargo xtask codegen` from the change report between the previous and the new\n`generated/summary/*.json` (newest first). Breaking changes bump the version (0.x: the minor).\n";

/// The changelog with `report` added under `heading` (a version or [`UNRELEASED`]). When the newest
/// entry already has that heading, or is [`UNRELEASED`], the report is merged into it (and the
/// entry takes `heading`).
pub fn add_entry(existing: &str, heading: &str, report: &Report) -> String {
    let (preamble, entries) = split(existing);
    let mut entries: Vec<(String, String)> = entries;
    let mut sections: Vec<(Class, Vec<String>)> =
        Class::ALL.iter().map(|c| (*c, Vec::new())).collect();
    if let Some((top, body)) = entries.first() {
        if top == heading || top == UNRELEASED {
            for (class, lines) in parse_sections(body) {
                if let Some(section) = sections.iter_mut().find(|(c, _)| *c == class) {
                    section.1.extend(lines);
                }
            }
            entries.remove(0);
        }
    }
    for (class, lines) in &mut sections {
        for line in report.lines(*class) {
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    let mut entry = String::new();
    for (class, lines) in &sections {
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(entry, "### {}\n", class.heading());
        for line in lines {
            let _ = writeln!(entry, "- {line}");
        }
        entry.push('\n');
    }
    let mut out = if preamble.trim().is_empty() {
        PREAMBLE.to_owned()
    } else {
        preamble
    };
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let _ = write!(out, "## {heading}\n\n{entry}");
    for (title, body) in entries {
        let _ = write!(out, "## {title}\n{body}");
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The text before the first `## ` heading, and each entry's heading and body.
fn split(text: &str) -> (String, Vec<(String, String)>) {
    let mut preamble = String::new();
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            entries.push((title.trim().to_owned(), String::new()));
        } else if let Some((_, body)) = entries.last_mut() {
            body.push_str(line);
            body.push('\n');
        } else {
            preamble.push_str(line);
            preamble.push('\n');
        }
    }
    (preamble, entries)
}

fn parse_sections(body: &str) -> Vec<(Class, Vec<String>)> {
    let mut out: Vec<(Class, Vec<String>)> = Vec::new();
    for line in body.lines() {
        if let Some(title) = line.strip_prefix("### ") {
            if let Some(class) = Class::ALL.into_iter().find(|c| c.heading() == title.trim()) {
                out.push((class, Vec::new()));
            }
        } else if let (Some(item), Some((_, lines))) = (line.strip_prefix("- "), out.last_mut()) {
            lines.push(item.to_owned());
        }
    }
    out
}
