//! The generated crate's identity and fixed text, read from files instead of generator literals:
//! a manifest fragment (`spec/crate.toml`: `[package]` and `[dependencies]`) and the crate-level
//! docs (`spec/crate-docs.md`).
//!
//! Both tables are copied into the generated `Cargo.toml` as written (comments included); the
//! generator adds only what follows from the specs: `[lib]` (the package name in snake case) and
//! `[features]` (one per API, plus `schemars`, `client` and `tracing`). The tables are parsed with `toml` only
//! to reject a malformed file with the key at fault, before anything is generated.

use toml::{Table, Value};

use crate::error::{Diagnostic, Result};

/// The crate identity files, as text (the caller reads them; the generator stays pure).
#[derive(Debug, Clone)]
pub struct CrateInput {
    /// Path of the manifest fragment, shown in banners and diagnostics (`spec/crate.toml`).
    pub manifest_path: String,
    /// Its text: `[package]` (`name`, `version`, `description`, `license` required) and
    /// `[dependencies]`.
    pub manifest: String,
    /// Path of the crate docs, shown in banners and diagnostics (`spec/crate-docs.md`).
    pub docs_path: String,
    /// The crate-level documentation (Markdown); the generator appends the list of API modules.
    pub docs: String,
    /// Files copied verbatim into the crate's root directory (licence texts, the crate's README):
    /// (file name, text).
    pub files: Vec<(String, String)>,
}

/// The `[package]` name and version of a crate identity, as the generation reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// `[package] name`.
    pub name: String,
    /// `[package] version`.
    pub version: String,
}

impl CrateInput {
    /// The checked `[package]` name and version. The one reader of `spec/crate.toml`: xtask
    /// reads the version here, and the generation checks the same file the same way.
    pub fn package(&self) -> Result<Package> {
        let identity = parse(self)?;
        Ok(Package {
            name: identity.name,
            version: identity.version,
        })
    }

    /// This identity with `version` as the `[package]` version: only the bytes of the version's
    /// value change (comments and layout stay); the result is checked like any manifest.
    pub fn with_version(&self, version: &str) -> Result<CrateInput> {
        let span = parse(self)?.version_span;
        let mut krate = self.clone();
        krate
            .manifest
            .replace_range(span, &format!("{:?}", version));
        parse(&krate)?;
        Ok(krate)
    }
}

/// Where the `[package]` version's value (with its quotes) is in the manifest text.
#[derive(serde::Deserialize)]
struct VersionSpan {
    package: PackageSpan,
}

#[derive(serde::Deserialize)]
struct PackageSpan {
    version: toml::Spanned<String>,
}

/// Dependencies the generated code and its runtime use unconditionally.
const REQUIRED: [&str; 6] = [
    "serde",
    "serde_json",
    "http",
    "percent-encoding",
    "base64",
    "regex-lite",
];

/// Optional dependencies the generated features switch on, with the feature that needs each.
const OPTIONAL: [(&str, &str); 6] = [
    ("schemars", "schemars"),
    ("reqwest", "client"),
    ("tokio", "client"),
    ("tracing", "tracing"),
    ("jsonschema", "test-kit"),
    ("socket2", "test-kit"),
];

const HELP: &str = "spec/crate.toml is a manifest fragment with [package] (name, version, description, license) and [dependencies]; the generator writes [lib] and [features] itself";

/// The checked identity of the generated crate.
#[derive(Debug, Clone)]
pub(crate) struct CrateIdentity {
    /// The manifest's path, for the `Cargo.toml` banner.
    pub manifest_path: String,
    /// The docs' path, for the `lib.rs` banner.
    pub docs_path: String,
    /// `[lib] name`: the package name with `-` replaced by `_`, as cargo derives it.
    pub lib_name: String,
    /// `[package] name`.
    pub name: String,
    /// `[package] version`.
    pub version: String,
    /// Byte range of the version's value (quotes included) in the manifest text.
    version_span: std::ops::Range<usize>,
    /// The `[package]` table(s), as written.
    package: String,
    /// The `[dependencies]` table(s), as written.
    dependencies: String,
    /// The crate-level docs.
    pub docs: String,
}

/// Checks `input` and splits the manifest into the tables the generated `Cargo.toml` copies.
pub(crate) fn parse(input: &CrateInput) -> Result<CrateIdentity> {
    let file = input.manifest_path.as_str();
    let error = |pointer: &str, message: String| Diagnostic::new(file, pointer, message, HELP);
    let table: Table = input
        .manifest
        .parse()
        .map_err(|err: toml::de::Error| error("", format!("not valid TOML: {err}")))?;

    for key in table.keys() {
        if key != "package" && key != "dependencies" {
            return Err(error(
                &format!("/{key}"),
                format!("unexpected key `{key}`: only [package] and [dependencies] are read"),
            ));
        }
    }

    let package = table_at(&table, "package", file)?;
    let mut strings = [""; 4];
    for (slot, key) in strings
        .iter_mut()
        .zip(["name", "version", "description", "license"])
    {
        *slot = match package.get(key) {
            Some(Value::String(value)) if !value.trim().is_empty() => value,
            Some(Value::String(_)) => {
                return Err(error(&format!("/package/{key}"), "is empty".into()))
            }
            Some(_) => return Err(error(&format!("/package/{key}"), "must be a string".into())),
            None => {
                return Err(error(
                    &format!("/package/{key}"),
                    format!("missing: [package] needs `{key} = \"...\"`"),
                ))
            }
        };
    }
    let [name, version, ..] = strings;
    let name_ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok {
        return Err(error(
            "/package/name",
            format!("`{name}` is not a valid crate name (ASCII letters, digits, `-`, `_`; starting with a letter)"),
        ));
    }
    if !is_version(version) {
        return Err(error(
            "/package/version",
            format!("`{version}` is not a version like `0.1.0`"),
        ));
    }

    let version_span = toml::from_str::<VersionSpan>(&input.manifest)
        .map(|spans| spans.package.version.span())
        .map_err(|err| error("/package/version", format!("not readable: {err}")))?;

    let dependencies = table_at(&table, "dependencies", file)?;
    for dependency in REQUIRED {
        if !dependencies.contains_key(dependency) {
            return Err(error(
                &format!("/dependencies/{dependency}"),
                format!("missing: the generated runtime (`support`) uses `{dependency}`"),
            ));
        }
    }
    for (dependency, feature) in OPTIONAL {
        let pointer = format!("/dependencies/{dependency}");
        let optional = match dependencies.get(dependency) {
            None => {
                return Err(error(
                    &pointer,
                    format!("missing: the `{feature}` feature uses `{dependency}`"),
                ))
            }
            Some(Value::Table(entry)) => entry.get("optional") == Some(&Value::Boolean(true)),
            Some(_) => false,
        };
        if !optional {
            return Err(error(
                &pointer,
                format!("must be `optional = true`: only the `{feature}` feature turns it on"),
            ));
        }
    }

    let sections = sections(&input.manifest);
    let tables = |top: &str| {
        sections
            .iter()
            .filter(|(header, _)| header.split('.').next().map(str::trim) == Some(top))
            .map(|(_, text)| text.trim())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    Ok(CrateIdentity {
        manifest_path: input.manifest_path.clone(),
        docs_path: input.docs_path.clone(),
        lib_name: name.replace('-', "_"),
        name: name.to_owned(),
        version: version.to_owned(),
        version_span,
        package: tables("package"),
        dependencies: tables("dependencies"),
        docs: input.docs.trim().to_owned(),
    })
}

/// The sub-table `key` of the manifest.
fn table_at<'a>(table: &'a Table, key: &str, file: &str) -> Result<&'a Table> {
    match table.get(key) {
        Some(Value::Table(table)) => Ok(table),
        Some(_) => Err(Diagnostic::new(
            file,
            &format!("/{key}"),
            format!("`{key}` must be a table ([{key}])"),
            HELP,
        )),
        None => Err(Diagnostic::new(
            file,
            &format!("/{key}"),
            format!("missing table [{key}]"),
            HELP,
        )),
    }
}

/// `MAJOR.MINOR.PATCH` with an optional `-pre` / `+build` suffix.
fn is_version(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The manifest's `[header]` sections as (header, text including the header line). Comment and
/// blank lines just above a header belong to that header's section; lines before the first
/// header (the file's own preamble) are dropped.
fn sections(text: &str) -> Vec<(String, String)> {
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        // The TOML parse succeeded, so a line starting with `[` outside a multi-line string is a
        // header; the fragment has no multi-line arrays or strings whose lines start with `[`.
        if let Some(header) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.split(']').next())
        {
            let mut section = std::mem::take(&mut pending);
            if sections.is_empty() {
                // The file's preamble describes spec/crate.toml itself.
                section.clear();
            }
            section.push_str(line);
            section.push('\n');
            sections.push((header.trim().to_owned(), section));
        } else if trimmed.is_empty() || trimmed.starts_with('#') {
            pending.push_str(line);
            pending.push('\n');
        } else if let Some((_, section)) = sections.last_mut() {
            section.push_str(&std::mem::take(&mut pending));
            section.push_str(line);
            section.push('\n');
        }
    }
    // Trailing comments after the last table belong to it.
    if let Some((_, section)) = sections.last_mut() {
        section.push_str(&pending);
    }
    sections
}

/// The generated crate's `Cargo.toml`: the banner, `[package]` as written, `[lib]`, one feature
/// per API (all default) plus `schemars`, `client`, `tracing` and `request-deserialize`, and
/// `[dependencies]` as written.
pub(crate) fn cargo_toml(identity: &CrateIdentity, modules: &[&str], banner: &str) -> String {
    let default: Vec<String> = modules.iter().map(|m| format!("\"{m}\"")).collect();
    let features: String = modules.iter().map(|m| format!("{m} = []\n")).collect();
    format!(
        r#"{banner}
{package}

[lib]
name = "{lib_name}"
# The lib has no unit tests of its own: those of its `support` module run where that module is
# written (`codegen-runtime`), so `cargo test` does not compile the whole crate a second time as
# a test harness. Doc tests still run.
test = false

[features]
default = [{default}]
{features}# `schemars::JsonSchema` for every model type: the spec's own schema of each.
schemars = ["dep:schemars"]
# The async HTTP client (reqwest with rustls); without it the crate is models and sans-IO
# request builders only.
client = ["dep:reqwest", "dep:tokio"]
# One `tracing` span per call of the client (operation, method, path template, status, attempts,
# elapsed time; never credentials or body values). Useful together with `client`.
tracing = ["dep:tracing"]
# `Deserialize` for the types only requests use (response types always have it): for reading
# stored or replayed requests. Off by default: nothing in the crate needs it, and it is about 40 %
# of a debug build and 17 % of a release build of the crate (BENCHMARKS.md, measured on `forter`).
request-deserialize = []
# The test kit of every API (`<api>::testkit`): a mock answering as the spec documents, checking
# every request against the spec (typed reading, `validate()`, the spec's JSON Schema through
# `jsonschema`), in process (with `client`: the client's transport) or on a 127.0.0.1 socket.
# For dev-dependencies: a build without it compiles none of it.
test-kit = ["request-deserialize", "dep:jsonschema", "dep:socket2"]

{dependencies}
"#,
        package = identity.package,
        lib_name = identity.lib_name,
        default = default.join(", "),
        dependencies = identity.dependencies,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"# preamble, not copied
[package]
name = "demo-apis"
version = "1.2.3"
description = "Demo."
license = "MIT"

# Runtime dependencies.
[dependencies]
serde = { workspace = true }
serde_json = "1"
http = "1"
percent-encoding = "2"
base64 = "0.22"
regex-lite = "0.1"
schemars = { version = "1", optional = true }
reqwest = { version = "0.12", optional = true }
tokio = { version = "1", optional = true }
tracing = { version = "0.1", optional = true }
jsonschema = { version = "0.61", default-features = false, optional = true }
socket2 = { version = "0.6", optional = true }
"#;

    fn input(manifest: &str) -> CrateInput {
        CrateInput {
            manifest_path: "spec/crate.toml".into(),
            manifest: manifest.into(),
            docs_path: "spec/crate-docs.md".into(),
            docs: "Docs.\n".into(),
            files: Vec::new(),
        }
    }

    fn diagnostic(manifest: &str) -> String {
        parse(&input(manifest)).unwrap_err().to_string()
    }

    #[test]
    fn copies_the_tables_and_fills_in_lib_and_features() {
        let identity = parse(&input(GOOD)).unwrap();
        assert_eq!(identity.lib_name, "demo_apis");
        let manifest = cargo_toml(&identity, &["a", "b"], "# banner\n");
        assert!(manifest.starts_with("# banner\n\n[package]\nname = \"demo-apis\""));
        assert!(!manifest.contains("preamble"));
        assert!(manifest.contains("[lib]\nname = \"demo_apis\"\n"));
        assert!(
            manifest.contains("default = [\"a\", \"b\"]\na = []\nb = []\n# `schemars::JsonSchema`")
        );
        assert!(manifest.contains(
            "\n\n# Runtime dependencies.\n[dependencies]\nserde = { workspace = true }\n"
        ));
        assert!(manifest.ends_with("socket2 = { version = \"0.6\", optional = true }\n"));
        assert!(manifest.contains(
            "test-kit = [\"request-deserialize\", \"dep:jsonschema\", \"dep:socket2\"]\n"
        ));
        // The result is a valid manifest.
        manifest.parse::<Table>().unwrap();
    }

    #[test]
    fn malformed_files_name_the_key() {
        assert!(diagnostic("[package\n").starts_with("spec/crate.toml#: not valid TOML"));
        let missing = GOOD.replace("version = \"1.2.3\"\n", "");
        assert!(diagnostic(&missing).starts_with("spec/crate.toml#/package/version: missing"));
        let bad = GOOD.replace("1.2.3", "1.2");
        assert!(diagnostic(&bad).starts_with("spec/crate.toml#/package/version: `1.2`"));
        let number = GOOD.replace("\"MIT\"", "1");
        assert!(
            diagnostic(&number).starts_with("spec/crate.toml#/package/license: must be a string")
        );
        let name = GOOD.replace("demo-apis", "1demo");
        assert!(diagnostic(&name).starts_with("spec/crate.toml#/package/name:"));
        let extra = format!("{GOOD}\n[features]\nx = []\n");
        assert!(diagnostic(&extra).starts_with("spec/crate.toml#/features: unexpected key"));
        let no_http = GOOD.replace("http = \"1\"\n", "");
        assert!(diagnostic(&no_http).starts_with("spec/crate.toml#/dependencies/http: missing"));
        let required_tokio = GOOD.replace(
            "tokio = { version = \"1\", optional = true }",
            "tokio = \"1\"",
        );
        assert!(diagnostic(&required_tokio)
            .starts_with("spec/crate.toml#/dependencies/tokio: must be `optional = true`"));
    }

    #[test]
    fn the_version_is_read_and_replaced_in_place() {
        let commented = GOOD.replace(
            "version = \"1.2.3\"",
            "version   =  \"1.2.3\" # bumped by xtask\n# version = \"0.0.1\"",
        );
        let package = input(&commented).package().unwrap();
        assert_eq!(package.name, "demo-apis");
        assert_eq!(package.version, "1.2.3");
        let bumped = input(&commented).with_version("1.3.0").unwrap();
        assert_eq!(bumped.manifest, commented.replace("\"1.2.3\"", "\"1.3.0\""));
        assert_eq!(bumped.package().unwrap().version, "1.3.0");
        // A version that is not one is refused, not written.
        let err = input(GOOD).with_version("two").unwrap_err().to_string();
        assert!(
            err.starts_with("spec/crate.toml#/package/version: `two`"),
            "{err}"
        );
    }

    #[test]
    fn versions() {
        for good in ["0.1.0", "10.20.30", "1.0.0-beta.1", "1.0.0+build"] {
            assert!(is_version(good), "{good}");
        }
        for bad in ["", "1", "1.0", "1.0.x", "v1.0.0", "1..0"] {
            assert!(!is_version(bad), "{bad}");
        }
    }
}
