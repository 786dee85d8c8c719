//! Cargo's semver rules for the generated crate: for 0.x a breaking change bumps the minor version and
//! anything else the patch; from 1.0 a breaking change bumps the major version and anything else the
//! minor.

use crate::classify::Class;

/// A `major.minor.patch` version (no pre-release or build metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub fn parse(text: &str) -> Result<Self, String> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        let number = |s: &str| s.parse::<u64>().ok();
        match parts.as_slice() {
            [a, b, c] => match (number(a), number(b), number(c)) {
                (Some(major), Some(minor), Some(patch)) => Ok(Version {
                    major,
                    minor,
                    patch,
                }),
                _ => Err(format!("`{text}` is not a version `MAJOR.MINOR.PATCH`")),
            },
            _ => Err(format!("`{text}` is not a version `MAJOR.MINOR.PATCH`")),
        }
    }

    /// The smallest version a release with changes of `worst` class must have.
    pub fn bumped(self, worst: Class) -> Version {
        let breaking = worst == Class::Breaking;
        match (self.major, breaking) {
            (0, true) => Version {
                major: 0,
                minor: self.minor + 1,
                patch: 0,
            },
            (0, false) => Version {
                patch: self.patch + 1,
                ..self
            },
            (_, true) => Version {
                major: self.major + 1,
                minor: 0,
                patch: 0,
            },
            (_, false) => Version {
                minor: self.minor + 1,
                patch: 0,
                ..self
            },
        }
    }

    /// Whether `self` is already at least the bump of `previous` that `worst` requires.
    pub fn satisfies(self, previous: Version, worst: Class) -> bool {
        self >= previous.bumped(worst)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// What kind of bump `worst` calls for, in words (`minor (breaking, 0.x)`).
pub fn bump_name(version: Version, worst: Class) -> &'static str {
    match (version.major, worst == Class::Breaking) {
        (0, true) => "minor (breaking change, 0.x)",
        (0, false) => "patch (0.x)",
        (_, true) => "major (breaking change)",
        (_, false) => "minor",
    }
}
