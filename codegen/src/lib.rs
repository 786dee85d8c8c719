//! The generator: curated OpenAPI specs in, the files of the `commerce-apis` crate out.
//!
//! ```text
//! spec text --parse--> spec::Document --lower--> ir::Api --emit--> TokenStream --render--> files
//! ```
//!
//! Pure: no I/O. The caller (xtask) reads the specs and writes (or checks) the files.

mod emit;
mod error;
pub mod ir;
mod lower;
pub mod names;
mod render;
pub mod spec;
pub mod summary;

pub use error::{Diagnostic, Result};
pub use render::REGENERATE;

/// One spec to generate from.
#[derive(Debug, Clone)]
pub struct SpecInput {
    /// Module and cargo feature name (`forter`): the folder name under `spec/`.
    pub module: String,
    /// Path shown in banners and diagnostics (`spec/forter/openapi.json`).
    pub path: String,
    /// The document text.
    pub text: String,
}

/// One generated file, relative to the generated crate's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Parses and lowers one spec (no code emitted): what a test or tool needs to inspect the IR.
pub fn load(input: &SpecInput) -> Result<ir::Api> {
    let doc = spec::parse_document(&input.path, &input.text)?;
    lower::lower(&input.module, &doc)
}

/// Generates every file of the crate `commerce-apis` at version `crate_version` from `inputs`, in a
/// stable order: the manifest, the Rust sources and one change-report summary per API
/// (`summary/<api>.json`). Fails on the first spec error, before anything is produced.
pub fn generate(inputs: &[SpecInput], crate_version: &str) -> Result<Vec<GeneratedFile>> {
    let mut inputs = inputs.to_vec();
    inputs.sort_by(|a, b| a.module.cmp(&b.module));
    let apis = inputs.iter().map(load).collect::<Result<Vec<_>>>()?;
    generate_from_ir(&apis, crate_version)
}

/// The change-report summary of every spec in `inputs` (sorted by module), without emitting code.
pub fn summarize(inputs: &[SpecInput], crate_version: &str) -> Result<Vec<summary::ApiSummary>> {
    let mut inputs = inputs.to_vec();
    inputs.sort_by(|a, b| a.module.cmp(&b.module));
    inputs
        .iter()
        .map(|input| Ok(summary::summarize(&load(input)?, crate_version)))
        .collect()
}

/// Generates the crate from already-lowered APIs.
pub fn generate_from_ir(apis: &[ir::Api], crate_version: &str) -> Result<Vec<GeneratedFile>> {
    let all_sources = apis
        .iter()
        .map(|a| format!("`{}`", a.source))
        .collect::<Vec<_>>()
        .join(", ");
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".into(),
            contents: cargo_toml(apis, &all_sources, crate_version),
        },
        rust("src/lib.rs", &all_sources, emit::crate_root(apis))?,
        rust("src/support.rs", &all_sources, emit::support_file())?,
    ];
    for api in apis {
        for file in emit::api_files(api) {
            let source = format!("`{}`", file.source);
            files.push(rust(&file.path, &source, file.tokens)?);
        }
    }
    for api in apis {
        files.push(GeneratedFile {
            path: summary::summary_path(&api.module),
            contents: summary::summarize(api, crate_version).to_json(),
        });
    }
    Ok(files)
}

/// Renders the tokens of one file; used by snapshot tests to look at one API's output.
pub fn render_api(api: &ir::Api) -> Result<Vec<GeneratedFile>> {
    let source = format!("`{}`", api.source);
    emit::api_files(api)
        .into_iter()
        .map(|file| rust(&file.path, &source, file.tokens))
        .collect()
}

fn rust(path: &str, sources: &str, tokens: proc_macro2::TokenStream) -> Result<GeneratedFile> {
    Ok(GeneratedFile {
        path: path.to_owned(),
        contents: render::render_rust(path, sources, tokens)?,
    })
}

/// The generated crate's manifest: one feature per API.
fn cargo_toml(apis: &[ir::Api], sources: &str, version: &str) -> String {
    let features: Vec<String> = apis.iter().map(|a| format!("{} = []", a.module)).collect();
    let default: Vec<String> = apis.iter().map(|a| format!("\"{}\"", a.module)).collect();
    format!(
        r#"{banner}
[package]
name = "commerce-apis"
version = "{version}"
edition.workspace = true
license.workspace = true
publish = false
description = "Typed Rust bindings for the Forter and Forte Bank e-commerce APIs, generated from curated OpenAPI specs."

[lib]
name = "commerce_apis"

[features]
default = [{default}]
{features}
# Derives `schemars::JsonSchema` for every model type.
schemars = ["dep:schemars"]
# The async HTTP client (reqwest with rustls); without it the crate is models and sans-IO
# request builders only.
client = ["dep:reqwest", "dep:tokio"]

[dependencies]
serde = {{ workspace = true }}
serde_json = {{ workspace = true }}
http = {{ workspace = true }}
percent-encoding = {{ workspace = true }}
base64 = {{ workspace = true }}
regex-lite = {{ workspace = true }}
schemars = {{ workspace = true, optional = true }}
reqwest = {{ workspace = true, optional = true }}
tokio = {{ workspace = true, optional = true }}
"#,
        banner = render::banner("#", sources),
        default = default.join(", "),
        features = features.join("\n"),
    )
}
