//! The change report between two sets of API summaries, as Markdown (pull requests, the changelog)
//! or terminal text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::classify::{classify, describe, Class};
use crate::diff::diff;
use codegen::summary::model::ApiSummary;

/// One reported change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub class: Class,
    /// `forter::CartItem.quantity`.
    pub subject: String,
    pub text: String,
}

impl Entry {
    /// `` `forter::CartItem.quantity`: optional field added (...)``
    pub fn line(&self) -> String {
        format!("`{}`: {}", self.subject, self.text)
    }
}

/// The changes of one API module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiReport {
    pub module: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Only APIs with at least one change, by module name.
    pub apis: Vec<ApiReport>,
}

/// Compares the summaries of every API in `old` with those in `new` (matched by module).
pub fn compare(old: &[ApiSummary], new: &[ApiSummary]) -> Report {
    let mut modules: BTreeMap<&str, (Option<&ApiSummary>, Option<&ApiSummary>)> = BTreeMap::new();
    for o in old {
        modules.entry(&o.module).or_default().0 = Some(o);
    }
    for n in new {
        modules.entry(&n.module).or_default().1 = Some(n);
    }
    let apis = modules
        .into_iter()
        .filter_map(|(module, (o, n))| {
            let entries: Vec<Entry> = diff(module, o, n)
                .iter()
                .map(|change| Entry {
                    class: classify(change),
                    subject: change.full_subject(),
                    text: describe(change),
                })
                .collect();
            (!entries.is_empty()).then(|| ApiReport {
                module: module.to_owned(),
                entries,
            })
        })
        .collect();
    Report { apis }
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.apis.is_empty()
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.apis.iter().flat_map(|a| a.entries.iter())
    }

    pub fn count(&self, class: Class) -> usize {
        self.entries().filter(|e| e.class == class).count()
    }

    pub fn has_breaking(&self) -> bool {
        self.count(Class::Breaking) > 0
    }

    /// The most severe class present.
    pub fn worst(&self) -> Option<Class> {
        self.entries().map(|e| e.class).min()
    }

    /// "2 breaking, 1 behaviour change, 3 compatible".
    pub fn counts(&self) -> String {
        let b = self.count(Class::Breaking);
        let h = self.count(Class::Behaviour);
        let c = self.count(Class::Compatible);
        format!(
            "{b} breaking, {h} behaviour change{}, {c} compatible",
            if h == 1 { "" } else { "s" }
        )
    }

    /// Markdown: `## module` per API, then `### class` sections with one bullet per change.
    /// `heading_level` is the number of `#` of the per-API headings.
    pub fn markdown(&self, heading_level: usize) -> String {
        let h = "#".repeat(heading_level.clamp(1, 5));
        let mut out = String::new();
        if self.is_empty() {
            out.push_str("No change visible to users of the crate.\n");
            return out;
        }
        for api in &self.apis {
            let _ = writeln!(out, "{h} `{}`\n", api.module);
            for class in Class::ALL {
                let entries: Vec<&Entry> =
                    api.entries.iter().filter(|e| e.class == class).collect();
                if entries.is_empty() {
                    continue;
                }
                let _ = writeln!(out, "{h}# {} ({})\n", class.heading(), entries.len());
                for e in entries {
                    let _ = writeln!(out, "- {}", e.line());
                }
                out.push('\n');
            }
        }
        out
    }

    /// Markdown grouped by class only (changelog entries), `###` headings.
    pub fn markdown_by_class(&self) -> String {
        let mut out = String::new();
        for class in Class::ALL {
            let lines = self.lines(class);
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {}\n", class.heading());
            for line in lines {
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
        }
        out
    }

    /// The bullet lines of one class, over all APIs.
    pub fn lines(&self, class: Class) -> Vec<String> {
        self.entries()
            .filter(|e| e.class == class)
            .map(Entry::line)
            .collect()
    }

    /// Plain text for the terminal: one line per change, class first.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for api in &self.apis {
            let sub = Report {
                apis: vec![api.clone()],
            };
            let _ = writeln!(out, "{}: {}", api.module, sub.counts());
            for class in Class::ALL {
                for e in api.entries.iter().filter(|e| e.class == class) {
                    let _ = writeln!(
                        out,
                        "  {:<10} {}: {}",
                        class.label(),
                        e.subject,
                        e.text.replace('`', "")
                    );
                }
            }
        }
        out
    }
}
