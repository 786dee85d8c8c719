//! Sizes of the enums of hostile accept case `large_enum_variants`, against what lowering assumed
//! when it boxed variants (`codegen/src/lower/sizes.rs`, decision 016): the bounds it works from
//! hold for the real layouts, a boxed variant leaves its enum small, and an error enum under the
//! limit keeps `Error<E>` at most 128 bytes (`E` plus the boxed response information beside it;
//! its tag goes into a spare value of `E`'s).
//! Hand-written (xtask only manages `src/` and `summary/` of this crate).

use std::mem::size_of;

use codegen_fixtures::large_enum_variants::{
    Big, BigOrTwin, GetOneErrorError, GetTwinsError, Huge, Numbers, SendEnvelopeError,
    SendEnvelopeResponse, Small, SmallOrHuge, TextOrBig, Twin,
};
use codegen_fixtures::Error;

/// clippy's `large_enum_variant` threshold, and `result_large_err`'s.
const VARIANT_THRESHOLD: usize = 200;
const ERROR_THRESHOLD: usize = 128;

#[test]
fn the_structs_are_as_large_as_the_bounds_say() {
    // 30 strings, 29 of them optional (a `String` has a niche: `Option<String>` is no larger).
    assert_eq!(size_of::<Big>(), 30 * 24);
    assert_eq!(size_of::<Huge>(), 60 * 24);
    assert_eq!(size_of::<Twin>(), 28 * 24);
    // A required number and 39 optional ones: `Option<f64>` is a word more.
    assert_eq!(size_of::<Numbers>(), 8 + 39 * 16);
    assert_eq!(size_of::<Small>(), 24);
}

#[test]
fn boxed_variants_keep_their_enums_small() {
    for (name, size) in [
        ("TextOrBig", size_of::<TextOrBig>()),
        ("SmallOrHuge", size_of::<SmallOrHuge>()),
        ("SendEnvelopeResponse", size_of::<SendEnvelopeResponse>()),
    ] {
        assert!(size <= 32, "{name}: {size} bytes");
    }
    // Two close sizes stay unboxed: the enum is as large as the larger, which is allowed.
    assert!(size_of::<BigOrTwin>() >= size_of::<Big>());
    assert!(size_of::<Big>() - size_of::<Twin>() < VARIANT_THRESHOLD);
}

#[test]
fn error_enums_keep_the_error_under_the_threshold() {
    for (name, error, wrapped) in [
        (
            "SendEnvelopeError",
            size_of::<SendEnvelopeError>(),
            size_of::<Error<SendEnvelopeError>>(),
        ),
        (
            "GetTwinsError",
            size_of::<GetTwinsError>(),
            size_of::<Error<GetTwinsError>>(),
        ),
        (
            "GetOneErrorError",
            size_of::<GetOneErrorError>(),
            size_of::<Error<GetOneErrorError>>(),
        ),
    ] {
        assert!(error <= 120, "{name}: {error} bytes");
        assert!(wrapped <= ERROR_THRESHOLD, "Error<{name}>: {wrapped} bytes");
    }
    // The assumption behind the limit of 120: an `E` of 120 bytes whose variants all hold
    // values makes an `Error<E>` of 128 (`E` and the 8-byte boxed `ResponseInfo` of
    // `Error::Api`; the tag takes a spare value of `E`'s), not more.
    #[allow(dead_code)]
    enum AtTheLimit {
        A(Option<[u64; 14]>),
        B(String),
    }
    assert_eq!(size_of::<AtTheLimit>(), 120);
    assert_eq!(size_of::<Error<AtTheLimit>>(), ERROR_THRESHOLD);
}
