//! Diagnostics: every error names the spec file, the JSON pointer and what to do.

use std::fmt;

/// An error in a spec, located by file and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, as given to the generator (e.g. `spec/forter/openapi.json`).
    pub file: String,
    /// JSON pointer (RFC 6901) of the offending value; empty for the whole document.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl Diagnostic {
    pub(crate) fn new(
        file: &str,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
            help: help.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file, self.pointer, self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Result of any generator stage.
pub type Result<T, E = Diagnostic> = std::result::Result<T, E>;

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    // One allocation: every node of a spec gets its pointer, most tokens need no escape.
    let mut out = String::with_capacity(pointer.len() + 1 + token.len());
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pointer_push;

    #[test]
    fn pointer_push_escapes_tilde_and_slash() {
        assert_eq!(pointer_push("", "paths"), "/paths");
        assert_eq!(
            pointer_push("/paths", "/v3/orders/{id}"),
            "/paths/~1v3~1orders~1{id}"
        );
        assert_eq!(pointer_push("/a", "x~y/z~"), "/a/x~0y~1z~0");
        assert_eq!(pointer_push("/a", "~1"), "/a/~01");
        assert_eq!(pointer_push("/a", ""), "/a/");
    }
}
