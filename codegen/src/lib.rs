//! The generator: curated OpenAPI specs in, the files of one Rust crate out.
//!
//! ```text
//! spec text --parse--> spec::Document --lower--> ir::Api --emit--> TokenStream --render--> files
//! ```
//!
//! Beside the specs it takes the crate's identity ([`CrateInput`]: a manifest fragment and the
//! crate docs) and ships the runtime of `runtime/src/support/` verbatim ([`runtime`]).
//!
//! Pure: no I/O. The caller (xtask) reads the specs and writes (or checks) the files.

mod emit;
mod error;
pub mod ir;
mod lower;
mod manifest;
pub mod names;
mod render;
pub mod runtime;
pub mod spec;
pub mod summary;

pub use error::{Diagnostic, Result};
pub use manifest::CrateInput;
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

/// Generates every file of the crate `krate` from `inputs`, in a stable order. Fails on the first
/// error (in the crate identity or a spec), before anything is produced.
pub fn generate(krate: &CrateInput, inputs: &[SpecInput]) -> Result<Vec<GeneratedFile>> {
    let mut inputs = inputs.to_vec();
    inputs.sort_by(|a, b| a.module.cmp(&b.module));
    let apis = inputs.iter().map(load).collect::<Result<Vec<_>>>()?;
    generate_from_ir(krate, &apis)
}

/// The change-report summary of every spec in `inputs` (sorted by module) for crate version
/// `crate_version`, without emitting code.
pub fn summarize(inputs: &[SpecInput], crate_version: &str) -> Result<Vec<summary::ApiSummary>> {
    let mut inputs = inputs.to_vec();
    inputs.sort_by(|a, b| a.module.cmp(&b.module));
    inputs
        .iter()
        .map(|input| Ok(summary::summarize(&load(input)?, crate_version)))
        .collect()
}

/// Generates the crate `krate` from already-lowered APIs: the manifest, the Rust sources, the
/// runtime, and one change-report summary per API (`summary/<api>.json`).
pub fn generate_from_ir(krate: &CrateInput, apis: &[ir::Api]) -> Result<Vec<GeneratedFile>> {
    let identity = manifest::parse(krate)?;
    // Lowering made each module name valid; two spec folders may still give the same one.
    for (index, api) in apis.iter().enumerate() {
        if let Some(other) = apis[..index].iter().find(|a| a.module == api.module) {
            return Err(Diagnostic::new(
                &api.source,
                "",
                format!(
                    "this API and `{}` both become the module `{}`",
                    other.source, api.module
                ),
                "rename one of the spec folders",
            ));
        }
    }
    // The banner names the file's sources: the identity file it comes from, then every spec.
    let sources = |first: &str| {
        std::iter::once(first)
            .chain(apis.iter().map(|a| a.source.as_str()))
            .map(|path| format!("`{path}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let manifest_sources = sources(&identity.manifest_path);
    let root_sources = sources(&identity.docs_path);
    let modules: Vec<&str> = apis.iter().map(|a| a.module.as_str()).collect();
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".into(),
            contents: manifest::cargo_toml(
                &identity,
                &modules,
                &render::banner("#", &manifest_sources),
            ),
        },
        rust(
            "src/lib.rs",
            &root_sources,
            emit::crate_root(apis, &identity.docs),
        )?,
    ];
    for (name, text) in &krate.files {
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            && !name.starts_with('.')
            && name != "Cargo.toml";
        if !plain {
            return Err(Diagnostic::new(
                &krate.manifest_path,
                "",
                format!("`{name}` cannot be copied into the crate's root"),
                "name crate files with letters, digits, `-`, `_` and `.`, and not `Cargo.toml`",
            ));
        }
        files.push(GeneratedFile {
            path: name.clone(),
            contents: text.clone(),
        });
    }
    files.extend(runtime::FILES.iter().map(|file| GeneratedFile {
        path: file.path.to_owned(),
        contents: file.contents(),
    }));
    // The API files, emitted and rendered in parallel (the largest kinds first), then put back
    // in the order of `emit::api_files`.
    let mut jobs: Vec<(usize, emit::ApiFile)> = Vec::new();
    for kind in emit::ApiFile::BY_SIZE {
        for (index, api) in apis.iter().enumerate() {
            if emit::api_file_list(api).contains(&kind) {
                jobs.push((index, kind));
            }
        }
    }
    let rendered = render::in_parallel(&jobs, |(index, kind)| {
        let file = emit::api_file(&apis[*index], *kind);
        rust(&file.path, &format!("`{}`", file.source), file.tokens)
    })?;
    let mut rendered: Vec<((usize, emit::ApiFile), GeneratedFile)> =
        jobs.into_iter().zip(rendered).collect();
    for (index, api) in apis.iter().enumerate() {
        for kind in emit::api_file_list(api) {
            if let Some(at) = rendered.iter().position(|(job, _)| *job == (index, kind)) {
                files.push(rendered.swap_remove(at).1);
            }
        }
    }
    for api in apis {
        files.push(GeneratedFile {
            path: summary::summary_path(&api.module),
            contents: summary::summarize(api, &identity.version).to_json(),
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
