//! The generator: curated OpenAPI specs in, the files of one Rust crate out.
//!
//! ```text
//! spec text --parse--> spec::Document --lower--> ir::Api --emit--> TokenStream --render--> files
//! ```
//!
//! Beside the specs it takes the crate's identity ([`CrateInput`]: a manifest fragment and the
//! crate docs) and ships the runtime of `runtime/src/support/` verbatim ([`runtime`]).
//!
//! [`Generation::new`] lowers each spec once and hands back the IR, every file and the summary
//! of each API it wrote (`summary/<api>.json`, [`summary`]); comparing summaries is the job of the
//! `change-report` crate, not of the generator.
//!
//! Pure: no I/O. The caller (xtask) reads the specs and writes (or checks) the files.

mod doc_text;
mod emit;
mod error;
pub mod ir;
mod lower;
mod manifest;
pub mod names;
mod parallel;
mod render;
pub mod runtime;
pub mod spec;
pub mod summary;

pub use error::{Diagnostic, Result};
pub use lower::testkit::ExampleInput;
pub use manifest::{CrateInput, Package};
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
    count_lowerings(1);
    lower_spec(input)
}

/// [`load`] without counting: for the jobs of [`lower_all`] and [`Generation::with_examples`],
/// which count on the caller's thread.
fn lower_spec(input: &SpecInput) -> Result<ir::Api> {
    let doc = spec::parse_document(&input.path, &input.text)?;
    let api = lower::lower(&input.module, &doc)?;
    // The conventions last: a spec that breaks the subset hears about that first.
    spec::conventions::check(&doc)?;
    Ok(api)
}

thread_local! {
    static LOWERINGS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many specs [`load`] (or [`lower_all`], [`Generation`]) has parsed and lowered for the
/// current thread so far (the work may run on other threads): lets a caller's test show that a
/// run lowers each spec once (`cargo xtask codegen` does).
pub fn lowerings_on_this_thread() -> usize {
    LOWERINGS.with(std::cell::Cell::get)
}

fn count_lowerings(specs: usize) {
    LOWERINGS.with(|count| count.set(count.get() + specs));
}

/// The specs of `inputs` sorted by module: the order of the APIs in the crate.
fn sorted(inputs: &[SpecInput]) -> Vec<&SpecInput> {
    let mut inputs: Vec<&SpecInput> = inputs.iter().collect();
    inputs.sort_by(|a, b| a.module.cmp(&b.module));
    inputs
}

/// Parses and lowers every spec of `inputs` (in parallel), sorted by module; fails on the first
/// error in that order.
pub fn lower_all(inputs: &[SpecInput]) -> Result<Vec<ir::Api>> {
    let inputs = sorted(inputs);
    count_lowerings(inputs.len());
    parallel::in_parallel(&inputs, |input| lower_spec(input))
}

/// What one generation produced: the lowered APIs, every file, and the summaries among those
/// files (`summary/<api>.json`, as written), for the change report.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The lowered APIs, sorted by module.
    pub apis: Vec<ir::Api>,
    /// The test kit of each API (in the order of `apis`; `None`: no operations, or no examples
    /// were given).
    pub kits: Vec<Option<ir::TestKit>>,
    /// Every file of the crate, in a stable order.
    pub files: Vec<GeneratedFile>,
    /// The summary of each API, in the order of `apis`; its JSON is the file `summary/<api>.json`.
    pub summaries: Vec<summary::ApiSummary>,
}

impl Generation {
    /// Lowers each spec of `inputs` once, then generates the crate `krate` from the IR. Fails on
    /// the first error (in the crate identity or a spec), before anything is produced.
    pub fn new(krate: &CrateInput, inputs: &[SpecInput]) -> Result<Generation> {
        Generation::with_examples(krate, inputs, &[])
    }

    /// [`Generation::new`], with the example files of each API (`(module, files)`): every API
    /// with operations also gets its test kit (`<api>/testkit.rs`, cargo feature `test-kit`),
    /// whose documented answers are the response examples among those files.
    pub fn with_examples(
        krate: &CrateInput,
        inputs: &[SpecInput],
        examples: &[(String, Vec<ExampleInput>)],
    ) -> Result<Generation> {
        // Each spec is lowered and its test kit planned on its own thread, and as soon as one
        // is, its files are rendered: a core that is done with a small spec renders its files
        // while the largest spec is still being lowered. The first spec error in module order
        // wins, then the crate identity's, then a clash of module names, then a rendering error.
        let inputs = sorted(inputs);
        count_lowerings(inputs.len());
        let identity = manifest::parse(krate);
        let lib_name = identity
            .as_ref()
            .ok()
            .map(|identity| identity.lib_name.as_str());
        let staged = parallel::pipeline(
            &inputs,
            |input| {
                let api = lower_spec(input)?;
                let kit = plan_test_kit(input, &api, examples)?;
                Ok((api, kit))
            },
            |(api, kit)| files_to_render(lib_name, api, kit.as_ref()),
            |(api, kit), &file| render_api_file(api, kit.as_ref(), lib_name.unwrap_or(""), file),
        )?;
        let mut apis = Vec::with_capacity(staged.len());
        let mut kits = Vec::with_capacity(staged.len());
        let mut rendered = Vec::new();
        for ((api, kit), files) in staged {
            apis.push(api);
            kits.push(kit);
            rendered.push(files);
        }
        let (files, summaries) = finish(krate, identity, &apis, rendered)?;
        Ok(Generation {
            apis,
            kits,
            files,
            summaries,
        })
    }

    /// Generates the crate `krate` from already-lowered APIs, without test kits.
    pub fn from_ir(krate: &CrateInput, apis: Vec<ir::Api>) -> Result<Generation> {
        let kits = vec![None; apis.len()];
        Generation::from_ir_with_kits(krate, apis, kits)
    }

    /// Generates the crate `krate` from already-lowered APIs and their planned test kits
    /// ([`plan_test_kits`], in the order of `apis`).
    pub fn from_ir_with_kits(
        krate: &CrateInput,
        apis: Vec<ir::Api>,
        kits: Vec<Option<ir::TestKit>>,
    ) -> Result<Generation> {
        let (files, summaries) = crate_files(krate, &apis, &kits)?;
        Ok(Generation {
            apis,
            kits,
            files,
            summaries,
        })
    }

    /// The same APIs generated again for another crate identity (a bumped version), without
    /// lowering the specs again.
    pub fn with_crate(self, krate: &CrateInput) -> Result<Generation> {
        Generation::from_ir_with_kits(krate, self.apis, self.kits)
    }
}

/// Generates every file of the crate `krate` from `inputs`, in a stable order. Fails on the first
/// error (in the crate identity or a spec), before anything is produced.
pub fn generate(krate: &CrateInput, inputs: &[SpecInput]) -> Result<Vec<GeneratedFile>> {
    Generation::new(krate, inputs).map(|generation| generation.files)
}

/// [`generate`], with the example files of each API (see [`Generation::with_examples`]).
pub fn generate_with_examples(
    krate: &CrateInput,
    inputs: &[SpecInput],
    examples: &[(String, Vec<ExampleInput>)],
) -> Result<Vec<GeneratedFile>> {
    Generation::with_examples(krate, inputs, examples).map(|generation| generation.files)
}

/// The test kit of each API of `apis` (lowered from `inputs`, in the same order) that has
/// operations or webhooks, with the response examples among `examples` (`(module, files)`).
pub fn plan_test_kits(
    inputs: &[SpecInput],
    apis: &[ir::Api],
    examples: &[(String, Vec<ExampleInput>)],
) -> Result<Vec<Option<ir::TestKit>>> {
    apis.iter()
        .zip(inputs)
        .map(|(api, input)| plan_test_kit(input, api, examples))
        .collect()
}

/// The test kit of `api` (lowered from `input`), or `None` when it has no operations and no
/// webhooks.
fn plan_test_kit(
    input: &SpecInput,
    api: &ir::Api,
    examples: &[(String, Vec<ExampleInput>)],
) -> Result<Option<ir::TestKit>> {
    if api.operations.is_empty() && api.webhooks.is_empty() {
        return Ok(None);
    }
    let files = examples
        .iter()
        .find(|(module, _)| *module == input.module)
        .map(|(_, files)| files.as_slice())
        .unwrap_or_default();
    lower::testkit::plan(api, &input.text, files).map(Some)
}

/// Generates the crate `krate` from already-lowered APIs: the manifest, the Rust sources, the
/// runtime, and one summary per API (`summary/<api>.json`); no test kits (they need the spec
/// text: see [`generate_from_ir_with_kits`]).
pub fn generate_from_ir(krate: &CrateInput, apis: &[ir::Api]) -> Result<Vec<GeneratedFile>> {
    generate_from_ir_with_kits(krate, apis, &vec![None; apis.len()])
}

/// [`generate_from_ir`] with the test kits of [`plan_test_kits`] (`None`: no kit for that API).
pub fn generate_from_ir_with_kits(
    krate: &CrateInput,
    apis: &[ir::Api],
    kits: &[Option<ir::TestKit>],
) -> Result<Vec<GeneratedFile>> {
    crate_files(krate, apis, kits).map(|(files, _)| files)
}

fn crate_files(
    krate: &CrateInput,
    apis: &[ir::Api],
    kits: &[Option<ir::TestKit>],
) -> Result<(Vec<GeneratedFile>, Vec<summary::ApiSummary>)> {
    let identity = manifest::parse(krate);
    let lib_name = identity
        .as_ref()
        .ok()
        .map(|identity| identity.lib_name.as_str());
    // One job per file of each API, on up to as many threads as the machine has (token streams
    // cannot cross threads, so each job emits and renders its own file; one API is most of the
    // work, so per-API jobs would leave a core idle); results in job order.
    let lowered: Vec<(&ir::Api, Option<&ir::TestKit>)> = apis
        .iter()
        .zip(kits)
        .map(|(api, kit)| (api, kit.as_ref()))
        .collect();
    let staged = parallel::pipeline(
        &lowered,
        |&lowered| Ok(lowered),
        |&(api, kit)| files_to_render(lib_name, api, kit),
        |&(api, kit), &file| render_api_file(api, kit, lib_name.unwrap_or(""), file),
    )?;
    let rendered = staged.into_iter().map(|(_, files)| files).collect();
    finish(krate, identity, apis, rendered)
}

/// The files of `api` to render; none when the crate identity did not read (its error is the one
/// to report, see [`finish`]).
fn files_to_render(
    lib_name: Option<&str>,
    api: &ir::Api,
    kit: Option<&ir::TestKit>,
) -> Vec<emit::ApiFile> {
    match lib_name {
        Some(_) => emit::api_file_list(api, kit),
        None => Vec::new(),
    }
}

/// The crate from the rendered files of each API (in the order of `apis`), after the checks in
/// the order their errors rank: the crate identity, a clash of module names, the crate files,
/// then the first rendering error.
fn finish(
    krate: &CrateInput,
    identity: Result<manifest::CrateIdentity>,
    apis: &[ir::Api],
    rendered: Vec<Vec<Result<GeneratedFile>>>,
) -> Result<(Vec<GeneratedFile>, Vec<summary::ApiSummary>)> {
    let identity = identity?;
    check_modules(apis)?;
    check_crate_files(krate)?;
    let rendered = rendered.into_iter().flatten().collect::<Result<Vec<_>>>()?;
    assemble(krate, &identity, apis, rendered)
}

/// The crate files (`krate.files`) must be plain names to copy into the crate's root.
fn check_crate_files(krate: &CrateInput) -> Result<()> {
    for name in krate.files.iter().map(|(name, _)| name) {
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
    }
    Ok(())
}

/// Lowering made each module name valid; two spec folders may still give the same one.
fn check_modules(apis: &[ir::Api]) -> Result<()> {
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
    Ok(())
}

/// Emits and renders one file of an API module (one job: token streams cannot cross threads).
fn render_api_file(
    api: &ir::Api,
    kit: Option<&ir::TestKit>,
    lib_name: &str,
    file: emit::ApiFile,
) -> Result<GeneratedFile> {
    let file = emit::api_file(api, kit, lib_name, file);
    let sources = format!("`{}`", file.source);
    api_rust(file, &sources)
}

/// The files of the crate around the rendered API files `rendered` (in the order of `apis`), and
/// the summary of each API.
fn assemble(
    krate: &CrateInput,
    identity: &manifest::CrateIdentity,
    apis: &[ir::Api],
    rendered: Vec<GeneratedFile>,
) -> Result<(Vec<GeneratedFile>, Vec<summary::ApiSummary>)> {
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
                identity,
                &modules,
                &render::banner("#", &manifest_sources),
            ),
        },
        {
            let (tokens, docs) = doc_text::collect(|| emit::crate_root(apis, &identity.docs));
            rust("src/lib.rs", &root_sources, tokens, &docs)?
        },
    ];
    files.extend(krate.files.iter().map(|(name, text)| GeneratedFile {
        path: name.clone(),
        contents: text.clone(),
    }));
    files.extend(runtime::FILES.iter().map(|file| GeneratedFile {
        path: file.path.to_owned(),
        contents: file.contents(),
    }));
    files.extend(rendered);
    let summaries: Vec<summary::ApiSummary> = apis
        .iter()
        .map(|api| summary::summarize(api, &identity.version))
        .collect();
    for (api, summary) in apis.iter().zip(&summaries) {
        files.push(GeneratedFile {
            path: summary::summary_path(&api.module),
            contents: summary.to_json(),
        });
    }
    Ok((files, summaries))
}

/// Renders the tokens of one file; used by snapshot tests to look at one API's output.
pub fn render_api(api: &ir::Api) -> Result<Vec<GeneratedFile>> {
    let source = format!("`{}`", api.source);
    emit::api_files(api, None, "")
        .into_iter()
        .map(|file| api_rust(file, &source))
        .collect()
}

/// An API module's file, formatted where it is tokens.
fn api_rust(file: emit::RustFile, sources: &str) -> Result<GeneratedFile> {
    match file.contents {
        emit::FileBody::Tokens { tokens, docs } => Ok(GeneratedFile {
            contents: render::render_module(&file.path, sources, tokens, &docs)?,
            path: file.path,
        }),
        emit::FileBody::Text(text) => Ok(GeneratedFile {
            contents: format!("{}\n{text}", render::banner("//", sources)),
            path: file.path,
        }),
    }
}

fn rust(
    path: &str,
    sources: &str,
    tokens: proc_macro2::TokenStream,
    docs: &[Vec<String>],
) -> Result<GeneratedFile> {
    Ok(GeneratedFile {
        path: path.to_owned(),
        contents: render::render_rust(path, sources, tokens, docs)?,
    })
}
