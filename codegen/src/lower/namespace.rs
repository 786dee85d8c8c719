//! Namespaces of the generated code: each claim of a Rust name records who made it, so a second
//! claim of the same name is a diagnostic that names both.

use std::collections::BTreeMap;

use crate::error::{Diagnostic, Result};

/// Where a name comes from: a spec location, or the generator itself.
#[derive(Debug, Clone)]
pub struct Owner {
    /// What the name is for, in words (`the type from #/components/schemas/Order`).
    pub what: String,
    pub file: String,
    pub pointer: String,
}

impl Owner {
    pub fn new(what: impl Into<String>, file: &str, pointer: &str) -> Self {
        Owner {
            what: what.into(),
            file: file.to_owned(),
            pointer: pointer.to_owned(),
        }
    }
}

/// The longest name of an item that rustdoc documents on a page of its own (a type, a function,
/// a constant, a trait). Its file is `<kind>.<name>.html` and file names stop at 255 bytes
/// (`NAME_MAX`), so a 250-character type name builds but fails `cargo doc`; derived names (the
/// builder, its state module in snake case, `<Type>Error`) are longer still, hence the margin.
pub const MAX_ITEM_NAME: usize = 100;

/// One namespace of Rust names (the types of an API module, the methods of its `Config`, ...).
#[derive(Debug)]
pub struct Namespace {
    /// The namespace in words, for messages (`type names of module forter`).
    what: String,
    /// Name -> who holds it.
    taken: BTreeMap<String, String>,
    /// Whether its names are items with a documentation page each ([`MAX_ITEM_NAME`]).
    items: bool,
}

impl Namespace {
    pub fn new(what: impl Into<String>) -> Self {
        Namespace {
            what: what.into(),
            taken: BTreeMap::new(),
            items: false,
        }
    }

    /// A namespace of items rustdoc gives a page each: names at most [`MAX_ITEM_NAME`] long.
    pub fn of_items(what: impl Into<String>) -> Self {
        Namespace {
            items: true,
            ..Namespace::new(what)
        }
    }

    /// Reserves names the generated code uses itself, before any spec name is claimed.
    pub fn reserve(&mut self, names: &[&str], holder: &str) {
        for name in names {
            self.taken.insert((*name).to_owned(), holder.to_owned());
        }
    }

    /// Claims `name` for `owner`, failing with `help` if it is taken.
    pub fn claim(&mut self, name: &str, owner: &Owner, help: &str) -> Result<()> {
        if self.items && name.len() > MAX_ITEM_NAME {
            let start: String = name.chars().take(40).collect();
            return Err(Diagnostic::new(
                &owner.file,
                &owner.pointer,
                format!(
                    "{} would get the Rust name `{start}…`, {} characters long ({}): rustdoc writes a file per item, and names this long (with the builder, error and module names made from them) pass the 255-byte file-name limit, so `cargo doc` fails",
                    owner.what,
                    name.len(),
                    self.what
                ),
                format!("shorten it to at most {MAX_ITEM_NAME} characters (the component key, `title`, operationId or webhook operationId it comes from)"),
            ));
        }
        if let Some(holder) = self.taken.get(name) {
            return Err(Diagnostic::new(
                &owner.file,
                &owner.pointer,
                format!(
                    "{} would get the Rust name `{name}`, which {holder} already uses ({})",
                    owner.what, self.what
                ),
                help,
            ));
        }
        self.taken.insert(name.to_owned(), owner.what.clone());
        Ok(())
    }
}
