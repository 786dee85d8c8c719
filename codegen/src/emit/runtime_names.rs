//! The items of the runtime (`runtime/src/support/`, shipped as the generated crate's `support`
//! module) that generated code names, and the one way emitters spell their paths.
//!
//! The runtime is ordinary Rust that the emitters cannot see, so a rename there would otherwise
//! surface only when the generated crate fails to compile. The test below parses the runtime
//! sources and checks that every name listed here is a `pub` item at `crate::support::<name>`.

use proc_macro2::TokenStream;

/// Every runtime item generated code refers to, as a path below `crate::support`.
pub const NAMES: &[&str] = &[
    // models
    "UnrecognizedValue",
    "deserialize_enum",
    "double_option",
    "Redacted",
    // validation
    "Validate",
    "FieldPath",
    "Violation",
    "Format",
    "StrRules",
    "check_str",
    "check_number",
    "check_items",
    // request building and response parsing
    "Credentials",
    "RequestError",
    "path_param",
    "json_body",
    "config_header",
    "request_builder",
    "url",
    "finish",
    "Error",
    "decode",
    "unexpected",
    // the client (feature `client`); the client emitter imports the last two through `transport`
    "TransportError",
    "transport",
    "transport::ClientOptions",
    "transport::Transport",
];

/// The path of runtime item `name` (one of [`NAMES`]) as text: `crate::support::<name>`, for
/// places that take a path in a string, such as `#[serde(deserialize_with = "...")]`.
///
/// # Panics
/// When `name` is not listed in [`NAMES`]: a generator bug, caught by the snapshot tests.
pub fn support_str(name: &str) -> String {
    assert!(
        NAMES.contains(&name),
        "runtime item `{name}` is not listed in emit/runtime_names.rs"
    );
    format!("crate::support::{name}")
}

/// The path of runtime item `name` (one of [`NAMES`]) as tokens: `crate::support::<name>`.
///
/// # Panics
/// When `name` is not listed in [`NAMES`]: a generator bug, caught by the snapshot tests.
pub fn support(name: &str) -> TokenStream {
    support_str(name)
        .parse()
        .expect("a listed runtime name is a valid path")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use syn::{Item, UseTree, Visibility};

    use super::NAMES;
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
                Item::Use(u) if matches!(u.vis, Visibility::Public(_)) => {
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
                    for name in pub_items(&format!("{module}.rs")) {
                        found.insert(format!("{module}::{name}"));
                    }
                }
                _ => {}
            }
        }
        found
    }

    #[test]
    fn every_listed_name_is_a_pub_runtime_item() {
        let reachable = reachable();
        let missing: Vec<&&str> = NAMES
            .iter()
            .filter(|name| !reachable.contains(**name))
            .collect();
        assert!(
            missing.is_empty(),
            "listed in emit/runtime_names.rs but not pub at crate::support::<name>: {missing:?}\nreachable: {reachable:?}"
        );
    }

    #[test]
    fn emitters_spell_runtime_paths_only_through_this_module() {
        let emitters = [
            ("builders.rs", include_str!("builders.rs")),
            ("common.rs", include_str!("common.rs")),
            ("mod.rs", include_str!("mod.rs")),
            ("models.rs", include_str!("models.rs")),
            ("operations.rs", include_str!("operations.rs")),
            ("validate.rs", include_str!("validate.rs")),
        ];
        for (file, text) in emitters {
            for (number, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                assert!(
                    !code.contains("crate::support::"),
                    "emit/{file}:{}: use runtime_names::support(..) instead: {line}",
                    number + 1
                );
            }
        }
    }

    #[test]
    fn names_are_listed_once() {
        let unique: BTreeSet<&&str> = NAMES.iter().collect();
        assert_eq!(unique.len(), NAMES.len());
    }

    #[test]
    fn paths() {
        assert_eq!(
            super::support("Error").to_string(),
            "crate :: support :: Error"
        );
        assert_eq!(
            super::support_str("transport::Transport"),
            "crate::support::transport::Transport"
        );
    }

    #[test]
    #[should_panic(expected = "not listed")]
    fn unlisted_names_are_a_bug() {
        super::support("Nope");
    }
}
