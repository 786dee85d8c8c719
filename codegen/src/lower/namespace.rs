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

/// One namespace of Rust names (the types of an API module, the methods of its `Config`, ...).
#[derive(Debug)]
pub struct Namespace {
    /// The namespace in words, for messages (`type names of module forter`).
    what: String,
    /// Name -> who holds it.
    taken: BTreeMap<String, String>,
}

impl Namespace {
    pub fn new(what: impl Into<String>) -> Self {
        Namespace {
            what: what.into(),
            taken: BTreeMap::new(),
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
