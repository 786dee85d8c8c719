//! Redaction of sensitive values in `Debug` output.

use std::fmt;

/// Stands in for a sensitive value in `Debug` output.
// Generated `Debug` impls print `.field("cardNumber", &Redacted)` for fields marked `x-sensitive`
// instead of the value, so secrets never reach logs through `{:?}`.
#[doc(hidden)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** redacted ***")
    }
}

#[cfg(test)]
mod tests {
    use super::Redacted;

    #[test]
    fn prints_a_placeholder() {
        assert_eq!(format!("{Redacted:?}"), "*** redacted ***");
    }

    #[test]
    fn hides_the_value_inside_a_struct() {
        // The way generated `Debug` impls use it; `{:#?}` is what a log line shows.
        struct Card;
        impl std::fmt::Debug for Card {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Card").field("number", &Redacted).finish()
            }
        }
        let shown = format!("{Card:#?}");
        assert!(shown.contains("number: *** redacted ***"), "{shown}");
    }
}
