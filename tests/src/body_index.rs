// The index of the generated crate that the tests and benchmarks iterate over, so that adding an
// operation or an API is a change under `spec/` only (issue 18). Included by the build scripts
// `tests/build.rs` and `benches/build.rs` (`include!`), which write the index into `OUT_DIR`; the
// test and bench sources `include!` it as macro calls whose macros they define themselves.
//
// The sources: `generated/summary/<api>.json` (written by `cargo xtask codegen` beside the crate
// and checked by `--check`: every operation with its `parse_*` function, the Rust type of its
// request body and of each status's body, and every type's kind) and the example files
// `spec/<api>/examples/*.json`. Plain std + serde_json: it runs in a build script.

/// The files of the index, each one macro call (the including source defines the macro):
///
/// - `bodies.rs`: `bodies! { ("api", "operation", "request" | "STATUS", commerce_apis::api::Type), ... }`,
///   one row per JSON body of every operation;
/// - `body_types.rs`: `body_types! { (api, Type, round_trip_api_type, validate | validate_items), ... }`,
///   each body type once (`validate_items`: an alias of `Vec<T>`, which has no `validate()`);
/// - `operations.rs`: `operations! { (api, operation, parse_fn, parse_api_operation), ... }`;
/// - `examples.rs`: `examples! { "api/file stem", ... }`, every `spec/<api>/examples/*.json`;
/// - `builds.rs`: `build_fns! { (api, operation, build_fn, [path params], body | no_body), ... }`;
/// - `types.rs`: `rust_types! { api { structs: [..], enums: [..], unions: [..], aliases: [..] } ... }`,
///   every named type made from a component schema (conditional enums are not components).
pub fn write_body_index(
    root: &std::path::Path,
    out_dir: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, String> {
    let index = body_index(root)?;
    for (name, text) in [
        ("bodies.rs", &index.bodies),
        ("body_types.rs", &index.body_types),
        ("operations.rs", &index.operations),
        ("examples.rs", &index.examples),
        ("types.rs", &index.types),
        ("builds.rs", &index.builds),
    ] {
        let path = out_dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(index.sources)
}

/// The index as Rust source text, and the files and folders it was read from.
pub struct BodyIndex {
    pub bodies: String,
    pub body_types: String,
    pub operations: String,
    pub examples: String,
    pub types: String,
    pub builds: String,
    pub sources: Vec<std::path::PathBuf>,
}

/// Reads the index of the crate generated under `root` (see [`write_body_index`]).
pub fn body_index(root: &std::path::Path) -> Result<BodyIndex, String> {
    use std::collections::BTreeSet;
    use std::fmt::Write as _;

    let summary_dir = root.join("generated/summary");
    let spec_dir = root.join("spec");
    let mut summaries = Vec::new();
    for entry in
        std::fs::read_dir(&summary_dir).map_err(|e| format!("{}: {e}", summary_dir.display()))?
    {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "json") {
            summaries.push(path);
        }
    }
    summaries.sort();

    let mut bodies = String::from("bodies! {\n");
    let mut body_types = String::from("body_types! {\n");
    let mut operations = String::from("operations! {\n");
    let mut examples = String::from("examples! {\n");
    let mut kinds = String::from("rust_types! {\n");
    let mut builds = String::from("build_fns! {\n");
    let mut sources = vec![summary_dir.clone(), spec_dir.clone()];
    for path in &summaries {
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
        let summary: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{shown}: {e}"))?;
        let str_at = |value: &serde_json::Value, key: &str| -> Result<String, String> {
            value
                .get(key)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("{shown}: no string `{key}`"))
        };
        let api = str_at(&summary, "module")?;
        let types = summary
            .get("types")
            .and_then(serde_json::Value::as_object)
            .ok_or_else(|| format!("{shown}: no `types`"))?;
        let ops = summary
            .get("operations")
            .and_then(serde_json::Value::as_object)
            .ok_or_else(|| format!("{shown}: no `operations`"))?;
        // `Vec<Product>` -> `Vec<commerce_apis::forte::Product>`: the crate's own names qualified.
        let qualified = |ty: &str| -> String {
            let mut out = String::new();
            let mut word = String::new();
            for c in ty.chars().chain(std::iter::once(' ')) {
                if c.is_alphanumeric() || c == '_' {
                    word.push(c);
                    continue;
                }
                if types.contains_key(&word) {
                    let _ = write!(out, "commerce_apis::{api}::{word}");
                } else {
                    out.push_str(&word);
                }
                word.clear();
                out.push(c);
            }
            out.pop();
            out
        };
        let _ = writeln!(kinds, "    {api} {{");
        for (kind, list) in [
            ("struct", "structs"),
            ("enum", "enums"),
            ("union", "unions"),
            ("alias", "aliases"),
        ] {
            let names: Vec<&str> = types
                .iter()
                .filter(|(_, def)| {
                    def.get("kind").and_then(serde_json::Value::as_str) == Some(kind)
                })
                .map(|(name, _)| name.as_str())
                .collect();
            let _ = writeln!(kinds, "        {list}: [{}],", names.join(", "));
        }
        kinds.push_str("    }\n");
        let mut seen_types = BTreeSet::new();
        let mut body_rows: Vec<(String, String, String)> = Vec::new();
        for (operation, op) in ops {
            let parse_fn = op
                .get("functions")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .find(|f| f.starts_with("parse_"))
                .ok_or_else(|| {
                    format!("{shown}: operation `{operation}` has no parse_ function")
                })?;
            let _ = writeln!(
                operations,
                "    ({api}, {operation}, {parse_fn}, parse_{api}_{operation}),"
            );
            let params: Vec<&str> = op
                .get("path_params")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .filter_map(|param| param.split(": ").nth(1))
                .collect();
            let has_body = op.get("request").is_some_and(serde_json::Value::is_string);
            let build_fn = op
                .get("functions")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .find(|f| f.starts_with("build_"))
                .ok_or_else(|| {
                    format!("{shown}: operation `{operation}` has no build_ function")
                })?;
            let _ = writeln!(
                builds,
                "    ({api}, {operation}, {build_fn}, [{}], {}),",
                params.join(", "),
                if has_body { "body" } else { "no_body" }
            );
            let mut rows: Vec<(String, String)> = Vec::new();
            if let Some(request) = op.get("request").and_then(serde_json::Value::as_str) {
                rows.push(("request".to_owned(), request.to_owned()));
            }
            if let Some(statuses) = op.get("statuses").and_then(serde_json::Value::as_object) {
                for (status, answer) in statuses {
                    if let Some(body) = answer.get("body").and_then(serde_json::Value::as_str) {
                        rows.push((status.clone(), body.to_owned()));
                    }
                }
            }
            body_rows.extend(
                rows.into_iter()
                    .map(|(body, ty)| (operation.clone(), body, ty)),
            );
        }
        // The notifications the API sends (`webhooks`): the payload reads like a request body,
        // the receiver's answer like a response; examples are named `<webhook>.request.json`
        // and `<webhook>.<status>.json`.
        let hooks = summary
            .get("webhooks")
            .and_then(serde_json::Value::as_object);
        for (name, hook) in hooks.into_iter().flatten() {
            let webhook = snake(name);
            if let Some(payload) = hook.get("payload").and_then(serde_json::Value::as_str) {
                body_rows.push((webhook.clone(), "request".to_owned(), payload.to_owned()));
            }
            let answer = hook.get("answer").and_then(serde_json::Value::as_str);
            if let Some((status, ty)) = answer.and_then(|a| a.split_once(' ')) {
                body_rows.push((webhook.clone(), status.to_owned(), ty.to_owned()));
            }
        }
        for (operation, body, ty) in body_rows {
            let _ = writeln!(
                bodies,
                "    ({api:?}, {operation:?}, {body:?}, {}),",
                qualified(&ty)
            );
            let Some(def) = types.get(&ty) else {
                return Err(format!(
                    "{shown}: the body type `{ty}` of `{operation}` is not a named type of the API"
                ));
            };
            if seen_types.insert(ty.clone()) {
                let vec_alias = def.get("kind").and_then(serde_json::Value::as_str)
                    == Some("alias")
                    && def
                        .get("alias_of")
                        .and_then(serde_json::Value::as_str)
                        .is_some_and(|a| a.starts_with("Vec<"));
                let check = if vec_alias {
                    "validate_items"
                } else {
                    "validate"
                };
                let _ = writeln!(
                    body_types,
                    "    ({api}, {ty}, round_trip_{api}_{}, {check}),",
                    snake(&ty)
                );
            }
        }
        let examples_dir = spec_dir.join(&api).join("examples");
        let mut files: Vec<String> = std::fs::read_dir(&examples_dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
            .filter(|stem| !stem.starts_with('.'))
            .collect();
        files.sort();
        for stem in files {
            let _ = writeln!(examples, "    {:?},", format!("{api}/{stem}"));
        }
        sources.push(examples_dir);
    }
    for text in [
        &mut bodies,
        &mut body_types,
        &mut operations,
        &mut examples,
        &mut kinds,
        &mut builds,
    ] {
        text.push_str("}\n");
    }
    Ok(BodyIndex {
        bodies,
        body_types,
        operations,
        examples,
        types: kinds,
        builds,
        sources,
    })
}

/// `V3OrderRequest` -> `v3_order_request`.
fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if previous.is_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}
