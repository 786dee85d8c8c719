//! The flag conditionals ("`quantity` is required unless `infinite` is true") are enums; the value
//! variant also remembers whether the flag was written beside the value, so a body read without
//! `"infinite": false` is written back without it (lossless), while a value built in code sends
//! the flag explicitly, as the vendors' examples do.

/// Whether a conditional's flag is written as `false` beside its value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FlagPresence {
    /// `"flag": false` is written with the value (the default for values built in code).
    #[default]
    Written,
    /// The flag is left out; read from a body that did not have it.
    Omitted,
}

impl FlagPresence {
    /// The flag to write: `Some(false)` or nothing.
    #[doc(hidden)]
    pub fn flag(self) -> Option<bool> {
        match self {
            FlagPresence::Written => Some(false),
            FlagPresence::Omitted => None,
        }
    }

    /// How a flag that was read (`None` when absent) is kept.
    #[doc(hidden)]
    pub fn of_read(flag: Option<bool>) -> Self {
        match flag {
            Some(_) => FlagPresence::Written,
            None => FlagPresence::Omitted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FlagPresence;

    #[test]
    fn a_flag_read_is_written_back_as_it_was() {
        assert_eq!(FlagPresence::of_read(Some(false)).flag(), Some(false));
        assert_eq!(FlagPresence::of_read(None).flag(), None);
        assert_eq!(FlagPresence::default().flag(), Some(false));
    }
}
