//! The setters every builder writes the same way for a field it does not require, from one row
//! per field: `x(value)`, `maybe_x(Option<..>)` and, for a nullable field, `null_x()`.
//!
//! `maybe_x(None)` is the field's default on every builder: the key left out, or `null` for a
//! required nullable key (which cannot be left out); only `null_x()` asks for an explicit `null`
//! (`docs/decisions/017-lean-generated-code.md`).

/// Inside a builder's `impl`, the setters of its optional fields. The first token is the tuple
/// slot of the builder that holds the fields; then per field its docs (`#[doc = ".."]`), its
/// kind (`opt`: may be absent, `opt_null`: may be absent or `null`, `req_null`: always sent, may
/// be `null`), how the setter takes the value (`into`: `impl Into<T>`, `value`: `T`), the setter,
/// `Option` setter and (nullable kinds) `null` setter names, the value type and the wire key.
// Unused in a crate whose APIs have no struct (and in `codegen-runtime` outside its tests).
#[allow(unused_macros)]
macro_rules! optional_setters {
    ($slot:tt; $($(#[$doc:meta])* $kind:ident $take:ident $name:ident $maybe:ident $($null:ident)? : $ty:ty = $wire:literal,)*) => {
        $($crate::support::optional_setters!(@field $slot [$(#[$doc])*] $kind $take $name $maybe [$($null)?] $ty, $wire);)*
    };
    (@field $slot:tt [$($doc:tt)*] $kind:ident into $name:ident $maybe:ident [$($null:ident)?] $ty:ty, $wire:literal) => {
        $($doc)*
        $(#[doc = ""] #[doc = concat!(" For an explicit `null`, call `", stringify!($null), "()`.")])?
        pub fn $name(self, value: impl Into<$ty>) -> Self {
            self.$maybe(Some(value.into()))
        }
        $crate::support::optional_setters!(@maybe $slot $kind $name $maybe [$($null)?] $ty, $wire);
    };
    (@field $slot:tt [$($doc:tt)*] $kind:ident value $name:ident $maybe:ident [$($null:ident)?] $ty:ty, $wire:literal) => {
        $($doc)*
        $(#[doc = ""] #[doc = concat!(" For an explicit `null`, call `", stringify!($null), "()`.")])?
        pub fn $name(self, value: $ty) -> Self {
            self.$maybe(Some(value))
        }
        $crate::support::optional_setters!(@maybe $slot $kind $name $maybe [$($null)?] $ty, $wire);
    };
    (@maybe $slot:tt opt $name:ident $maybe:ident [] $ty:ty, $wire:literal) => {
        #[doc = concat!(" Sets `", $wire, "` from an `Option`: `None` leaves the key out (the default).")]
        pub fn $maybe(mut self, value: Option<$ty>) -> Self {
            self.$slot.$name = value;
            self
        }
    };
    (@maybe $slot:tt opt_null $name:ident $maybe:ident [$null:ident] $ty:ty, $wire:literal) => {
        #[doc = concat!(" Sets `", $wire, "` from an `Option`: `None` leaves the key out (the default).")]
        pub fn $maybe(mut self, value: Option<$ty>) -> Self {
            self.$slot.$name = value.map(Some);
            self
        }
        #[doc = concat!(" Sends `", $wire, "` as an explicit `null`.")]
        pub fn $null(mut self) -> Self {
            self.$slot.$name = Some(None);
            self
        }
    };
    (@maybe $slot:tt req_null $name:ident $maybe:ident [$null:ident] $ty:ty, $wire:literal) => {
        #[doc = concat!(" Sets `", $wire, "` from an `Option`: `None` sends `null` (the key is required, so it is always sent; `null` is also the default).")]
        pub fn $maybe(mut self, value: Option<$ty>) -> Self {
            self.$slot.$name = value;
            self
        }
        #[doc = concat!(" Sends `", $wire, "` as an explicit `null`.")]
        pub fn $null(mut self) -> Self {
            self.$slot.$name = None;
            self
        }
    };
}

#[allow(unused_imports)]
pub(crate) use optional_setters;

#[cfg(test)]
mod tests {
    /// A plain builder of a struct with one field of each kind.
    #[derive(Debug, Default, PartialEq)]
    struct Patch {
        note: Option<String>,
        count: Option<i64>,
        carrier: Option<Option<String>>,
        middle_name: Option<String>,
    }

    struct PatchBuilder(Patch);

    impl PatchBuilder {
        crate::support::optional_setters! { 0;
            #[doc = " A note."]
            opt into note maybe_note: String = "note",
            opt value count maybe_count: i64 = "count",
            opt_null into carrier maybe_carrier null_carrier: String = "carrier",
            req_null into middle_name maybe_middle_name null_middle_name: String = "middleName",
        }
    }

    fn builder() -> PatchBuilder {
        PatchBuilder(Patch::default())
    }

    #[test]
    fn none_is_the_default_everywhere_and_null_is_asked_for() {
        assert_eq!(builder().maybe_note(None).0, Patch::default());
        assert_eq!(builder().maybe_carrier(None).0, Patch::default());
        assert_eq!(
            builder().carrier("UPS").0.carrier,
            Some(Some("UPS".to_owned()))
        );
        assert_eq!(builder().null_carrier().0.carrier, Some(None));
        assert_eq!(builder().null_carrier().maybe_carrier(None).0.carrier, None);
        assert_eq!(builder().count(3).0.count, Some(3));
        assert_eq!(builder().note("n").0.note.as_deref(), Some("n"));
        let named = builder().middle_name("Q").null_middle_name();
        assert_eq!(named.0.middle_name, None);
        assert_eq!(
            builder()
                .maybe_middle_name(Some("Q".into()))
                .0
                .middle_name
                .as_deref(),
            Some("Q")
        );
    }
}
