//! The emitters name items of the runtime (`runtime/src/support/`, shipped as the generated
//! crate's `support` module) by their full paths, `crate::support::<item>`. The runtime is
//! ordinary Rust the emitters cannot see, so a rename there would otherwise surface only when a
//! generated crate fails to compile. The test below reads every `crate::support::…` path written
//! in the emitters' sources and checks that it names a `pub` item of the runtime: no list to keep
//! in step by hand.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use syn::{Item, UseTree, Visibility};

    use crate::runtime::FILES;

    /// The text of `runtime/src/support/<file>`.
    fn source(file: &str) -> &'static str {
        FILES
            .iter()
            .find(|f| f.path == format!("src/support/{file}"))
            .unwrap_or_else(|| panic!("no runtime file {file}"))
            .text
    }

    fn parse(file: &str) -> syn::File {
        syn::parse_file(source(file)).unwrap_or_else(|err| panic!("{file}: {err}"))
    }

    /// Names of the `pub` items defined at the top level of `file`.
    fn pub_items(file: &str) -> BTreeSet<String> {
        parse(file)
            .items
            .iter()
            .filter_map(|item| {
                let (vis, ident) = match item {
                    Item::Fn(i) => (&i.vis, &i.sig.ident),
                    Item::Struct(i) => (&i.vis, &i.ident),
                    Item::Enum(i) => (&i.vis, &i.ident),
                    Item::Trait(i) => (&i.vis, &i.ident),
                    Item::Type(i) => (&i.vis, &i.ident),
                    Item::Const(i) => (&i.vis, &i.ident),
                    Item::Static(i) => (&i.vis, &i.ident),
                    Item::Mod(i) => (&i.vis, &i.ident),
                    // `macro_rules!`, exported by a `pub(crate) use` in `mod.rs`.
                    Item::Macro(i) => return i.ident.as_ref().map(ToString::to_string),
                    _ => return None,
                };
                matches!(vis, Visibility::Public(_)).then(|| ident.to_string())
            })
            .collect()
    }

    /// Every path below `crate::support` that names a `pub` item: the items of `mod.rs`, the
    /// items its `pub use` re-exports (checked to be `pub` in their module), and the `pub` items
    /// of its `pub mod`s.
    fn reachable() -> BTreeSet<String> {
        let root = parse("mod.rs");
        let mut found = pub_items("mod.rs");
        for item in &root.items {
            match item {
                Item::Use(u)
                    if matches!(u.vis, Visibility::Public(_) | Visibility::Restricted(_)) =>
                {
                    let UseTree::Path(path) = &u.tree else {
                        panic!("mod.rs: expected `pub use module::{{...}}`");
                    };
                    let module = path.ident.to_string();
                    let exported = pub_items(&format!("{module}.rs"));
                    let names: Vec<String> = match &*path.tree {
                        UseTree::Name(name) => vec![name.ident.to_string()],
                        UseTree::Group(group) => group
                            .items
                            .iter()
                            .map(|tree| match tree {
                                UseTree::Name(name) => name.ident.to_string(),
                                _ => panic!("mod.rs in {module}: only `pub use module::{{a, b}}` re-exports are supported"),
                            })
                            .collect(),
                        _ => panic!("mod.rs in {module}: only `pub use module::{{a, b}}` re-exports are supported"),
                    };
                    for name in names {
                        assert!(
                            exported.contains(&name),
                            "mod.rs re-exports {module}::{name}, which is not a pub item"
                        );
                        found.insert(name);
                    }
                }
                Item::Mod(m) if matches!(m.vis, Visibility::Public(_)) => {
                    let module = m.ident.to_string();
                    let file = format!("{module}.rs");
                    if FILES
                        .iter()
                        .any(|f| f.path == format!("src/support/{file}"))
                    {
                        for name in pub_items(&file) {
                            found.insert(format!("{module}::{name}"));
                        }
                    } else {
                        // A directory module (`testkit/`): its own items and its re-exports.
                        for name in directory_module_items(&module) {
                            found.insert(format!("{module}::{name}"));
                        }
                    }
                }
                _ => {}
            }
        }
        found
    }

    /// The `pub` items of `<module>/mod.rs` and the names its `pub use sub::{...}` re-export,
    /// each checked to be `pub` in `<module>/<sub>.rs`.
    fn directory_module_items(module: &str) -> BTreeSet<String> {
        let file = format!("{module}/mod.rs");
        let mut found = pub_items(&file);
        for item in parse(&file).items {
            let Item::Use(u) = item else { continue };
            if !matches!(u.vis, Visibility::Public(_)) {
                continue;
            }
            let UseTree::Path(path) = &u.tree else {
                panic!("{file}: expected `pub use sub::{{...}}`");
            };
            let sub = path.ident.to_string();
            let exported = pub_items(&format!("{module}/{sub}.rs"));
            let names: Vec<String> = match &*path.tree {
                UseTree::Name(name) => vec![name.ident.to_string()],
                UseTree::Group(group) => group
                    .items
                    .iter()
                    .filter_map(|tree| match tree {
                        UseTree::Name(name) => Some(name.ident.to_string()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for name in names {
                assert!(
                    exported.contains(&name),
                    "{file} re-exports {sub}::{name}, which is not a pub item"
                );
                found.insert(name);
            }
        }
        found
    }

    /// The emitters' sources.
    const EMITTERS: [(&str, &str); 7] = [
        ("builders.rs", include_str!("builders.rs")),
        ("common.rs", include_str!("common.rs")),
        ("mod.rs", include_str!("mod.rs")),
        ("models.rs", include_str!("models.rs")),
        ("operations.rs", include_str!("operations.rs")),
        ("testkit.rs", include_str!("testkit.rs")),
        ("validate.rs", include_str!("validate.rs")),
    ];

    /// Every `crate::support::a::b` path spelled in `text` (in code or in a serde attribute
    /// string), as `a::b`, with the line it is on.
    fn support_paths(text: &str) -> Vec<(usize, String)> {
        const PREFIX: &str = "crate::support::";
        let mut found = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let mut rest = code;
            while let Some(at) = rest.find(PREFIX) {
                let tail = &rest[at + PREFIX.len()..];
                let end = tail
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(tail.len());
                found.push((number + 1, tail[..end].trim_end_matches(':').to_owned()));
                rest = &tail[end..];
            }
        }
        found
    }

    #[test]
    fn every_support_path_the_emitters_spell_is_a_pub_runtime_item() {
        let reachable = reachable();
        let mut seen = BTreeSet::new();
        for (file, text) in EMITTERS {
            for (line, path) in support_paths(text) {
                // `Type::method`: the type must be an item; its members are rustc's to check.
                let item = match path.rsplit_once("::") {
                    Some((ty, _))
                        if ty
                            .rsplit("::")
                            .next()
                            .is_some_and(|t| t.starts_with(char::is_uppercase)) =>
                    {
                        ty.to_owned()
                    }
                    _ => path.clone(),
                };
                assert!(
                    reachable.contains(&item),
                    "emit/{file}:{line}: `crate::support::{path}` is not a pub item of runtime/src/support\nreachable: {reachable:?}"
                );
                seen.insert(item);
            }
        }
        // The scan itself works: the emitters use at least the core runtime items.
        for core in [
            "Validate",
            "Error",
            "UnrecognizedValue",
            "transport::Transport",
            "testkit::MockApi",
            "testkit::Operation",
        ] {
            assert!(seen.contains(core), "no emitter path to {core}: {seen:?}");
        }
    }

    #[test]
    fn paths_are_read_from_code_and_attribute_strings() {
        let text = "quote!(crate::support::Error<E>) // crate::support::Ignored\n\
                    #[serde(deserialize_with = \"crate::support::double_option\")] crate::support::transport::Transport::new";
        let paths: Vec<String> = support_paths(text).into_iter().map(|(_, p)| p).collect();
        assert_eq!(
            paths,
            ["Error", "double_option", "transport::Transport::new"]
        );
    }
}
