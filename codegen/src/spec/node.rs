//! A JSON value that knows where it is (file and JSON pointer), so every read can fail with a
//! located diagnostic.

use serde_json::{Map, Value};

use crate::error::{pointer_push, Diagnostic, Result};

/// A borrowed JSON value with its location.
#[derive(Clone)]
pub struct Node<'a> {
    pub file: &'a str,
    pub value: &'a Value,
    pointer: String,
}

impl<'a> Node<'a> {
    pub fn root(file: &'a str, value: &'a Value) -> Self {
        Node {
            file,
            value,
            pointer: String::new(),
        }
    }

    fn child(&self, token: &str, value: &'a Value) -> Node<'a> {
        Node {
            file: self.file,
            value,
            pointer: pointer_push(&self.pointer, token),
        }
    }

    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    pub fn error(&self, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.file, &self.pointer, message, help)
    }

    pub fn object(&self) -> Result<&'a Map<String, Value>> {
        self.value.as_object().ok_or_else(|| {
            self.error(
                format!("expected an object, found {}", kind(self.value)),
                "write a JSON object (`{...}`) here, as OpenAPI 3.1 defines this key",
            )
        })
    }

    /// Fails on any key not in `allowed` (and not an `x-` key in `extensions`).
    pub fn only_keys(&self, allowed: &[&str], extensions: &[&str]) -> Result<()> {
        for key in self.object()?.keys() {
            let known = allowed.contains(&key.as_str()) || extensions.contains(&key.as_str());
            if !known {
                let what = if key.starts_with("x-") {
                    "extension"
                } else {
                    "keyword"
                };
                return Err(Diagnostic::new(
                    self.file,
                    &pointer_push(&self.pointer, key),
                    format!("unsupported {what} `{key}`"),
                    format!(
                        "the generator accepts only the subset in spec/CONVENTIONS.md; allowed here: {}",
                        allowed.iter().chain(extensions).copied().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The child at `key`, if present.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        self.value.get(key).map(|value| self.child(key, value))
    }

    pub fn require(&self, key: &str) -> Result<Node<'a>> {
        self.get(key).ok_or_else(|| {
            self.error(
                format!("missing required key `{key}`"),
                "see spec/CONVENTIONS.md",
            )
        })
    }

    pub fn opt_str(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(child) => child.string().map(Some),
        }
    }

    pub fn req_str(&self, key: &str) -> Result<String> {
        self.require(key)?.string()
    }

    /// The value at `key` read by `read`, or `None` when absent; `what` names the expected kind.
    pub(super) fn opt_with<T>(
        &self,
        key: &str,
        what: &str,
        read: impl Fn(&Value) -> Option<T>,
    ) -> Result<Option<T>> {
        match self.get(key) {
            None => Ok(None),
            Some(child) => read(child.value).map(Some).ok_or_else(|| {
                child.error(format!("expected {what}"), format!("write {what} here"))
            }),
        }
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        self.opt_with(key, "a boolean", Value::as_bool)
    }

    pub fn opt_u64(&self, key: &str) -> Result<Option<u64>> {
        self.opt_with(key, "a non-negative integer", Value::as_u64)
    }

    pub fn opt_f64(&self, key: &str) -> Result<Option<f64>> {
        self.opt_with(key, "a number", Value::as_f64)
    }

    /// A string value, at most [`MAX_TEXT`] bytes long (longer text would bloat the generated
    /// crate and its docs far past any real description).
    pub fn string(&self) -> Result<String> {
        let text = self.value.as_str().ok_or_else(|| {
            self.error(
                format!("expected a string, found {}", kind(self.value)),
                "write a JSON string here",
            )
        })?;
        if text.len() > MAX_TEXT {
            return Err(self.error(
                format!(
                    "text of {} bytes, more than the limit of {MAX_TEXT}",
                    text.len()
                ),
                "shorten it; link to the vendor's documentation for the details",
            ));
        }
        Ok(text.to_owned())
    }

    /// Children of an array value, located.
    pub fn array_items(&self) -> Result<Vec<Node<'a>>> {
        let items = self.value.as_array().ok_or_else(|| {
            self.error(
                format!("expected an array, found {}", kind(self.value)),
                "write a JSON array (`[...]`) here",
            )
        })?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(index, value)| self.child(&index.to_string(), value))
            .collect())
    }

    /// Entries of an object value, located, in document order.
    pub fn entries(&self) -> Result<Vec<(String, Node<'a>)>> {
        Ok(self
            .object()?
            .iter()
            .map(|(key, value)| (key.clone(), self.child(key, value)))
            .collect())
    }

    pub fn string_list(&self) -> Result<Vec<String>> {
        self.array_items()?
            .iter()
            .map(|item| item.string())
            .collect()
    }
}

/// The longest string the reader accepts, in bytes.
pub const MAX_TEXT: usize = 64 * 1024;

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
