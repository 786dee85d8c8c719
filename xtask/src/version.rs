//! The `version` key of the `[package]` table of `spec/crate.toml`, read and rewritten with a
//! line-based edit that leaves every other byte of the file alone.

use std::fs;
use std::path::Path;

use crate::Error;

/// The crate metadata file, relative to the workspace root.
pub const CRATE_TOML: &str = "spec/crate.toml";

/// The line index and value of `version = "..."` inside `[package]`.
pub fn find_version(text: &str) -> Option<(usize, String)> {
    let mut in_package = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let Some(rest) = trimmed.strip_prefix("version") else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim();
        let value = value.split('#').next().unwrap_or(value).trim();
        let unquoted = value.strip_prefix('"')?.strip_suffix('"')?;
        return Some((index, unquoted.to_owned()));
    }
    None
}

/// The `name` of the `[package]` table, read like [`find_version`].
pub fn package_name(text: &str) -> Option<String> {
    let mut in_package = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
            continue;
        }
        let value = trimmed.strip_prefix("name").map(str::trim_start);
        if let (true, Some(value)) = (in_package, value.and_then(|v| v.strip_prefix('='))) {
            let value = value.split('#').next().unwrap_or(value).trim();
            return Some(value.strip_prefix('"')?.strip_suffix('"')?.to_owned());
        }
    }
    None
}

/// `text` with the `[package]` version replaced by `version`.
pub fn replace_version(text: &str, version: &str) -> Option<String> {
    let (index, _) = find_version(text)?;
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == index {
            let indent = &line[..line.len() - line.trim_start().len()];
            let ending = if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            out.push_str(&format!("{indent}version = \"{version}\"{ending}"));
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

fn missing(path: &Path) -> Error {
    Error::Message(format!(
        "{}: no `version = \"MAJOR.MINOR.PATCH\"` in its `[package]` table",
        path.display()
    ))
}

/// The crate version from `spec/crate.toml` under `root`.
pub fn read_crate_version(root: &Path) -> Result<String, Error> {
    let path = root.join(CRATE_TOML);
    let text = fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    find_version(&text)
        .map(|(_, v)| v)
        .ok_or_else(|| missing(&path))
}

/// Sets the crate version in `spec/crate.toml` under `root`.
pub fn write_crate_version(root: &Path, version: &str) -> Result<(), Error> {
    let path = root.join(CRATE_TOML);
    let text = fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let new = replace_version(&text, version).ok_or_else(|| missing(&path))?;
    fs::write(&path, new).map_err(|source| Error::Io { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = "# the crate\n[package]\nname = \"commerce-apis\"\nversion = \"0.1.0\" # bumped by xtask\ndescription = \"x\"\n\n[other]\nversion = \"9.9.9\"\n";

    #[test]
    fn reads_the_package_name() {
        let text = "[package]\nname = \"commerce-apis\" # ok\n[dependencies]\nname = \"x\"\n";
        assert_eq!(super::package_name(text).as_deref(), Some("commerce-apis"));
        assert_eq!(super::package_name("[dependencies]\nname = \"x\"\n"), None);
    }

    #[test]
    fn reads_only_the_package_version() {
        assert_eq!(find_version(TOML), Some((3, "0.1.0".to_owned())));
        assert_eq!(find_version("[other]\nversion = \"1.0.0\"\n"), None);
    }

    #[test]
    fn replaces_only_the_version_line() {
        let new = replace_version(TOML, "0.2.0").unwrap();
        assert_eq!(
            new,
            TOML.replace(
                "version = \"0.1.0\" # bumped by xtask",
                "version = \"0.2.0\""
            )
        );
    }
}
