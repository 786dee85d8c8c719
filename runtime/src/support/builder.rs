//! The two states of a required field in a generated typestate builder.
//!
//! `FooBuilder<R0, R1, ..>` has one type parameter per required field of `Foo`: [`Unset`] until
//! the field's setter is called, then [`Set<T>`] holding the value. `build()` asks each parameter
//! for its per-field "is set" trait, whose `#[diagnostic::on_unimplemented]` message names the
//! missing field; a setter asks for the "is unset" trait, so a second call says the field is
//! already set (see `docs/decisions/011-builders-and-strict-enums.md`).

use std::fmt;

/// A required builder field that has not been set yet.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Unset;

impl fmt::Debug for Unset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unset")
    }
}

/// A required builder field that has been set, holding its value. Only the generated builders
/// make one.
#[derive(Clone, PartialEq, Eq)]
pub struct Set<T>(pub(crate) T);

/// Gives the value of a set field back to `build()`. Each required field's "is set" trait in a
/// generated builder extends it, so only [`Set`] states have a value to give.
pub trait IntoValue<T> {
    /// The value that was set.
    fn into_value(self) -> T;
}

impl<T> IntoValue<T> for Set<T> {
    fn into_value(self) -> T {
        self.0
    }
}

/// Shows the value itself, as the built struct would.
impl<T: fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_state_or_the_value() {
        assert_eq!(format!("{:?}", Unset), "Unset");
        assert_eq!(format!("{:?}", Set("abc")), "\"abc\"");
        assert_eq!(Set(5).into_value(), 5);
    }
}
