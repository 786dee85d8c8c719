//! Floating-point numbers round-trip exactly: a latitude read from JSON and written back is the
//! same number and the same text. serde_json's default float parser is not exact (about 12 % of
//! random latitudes came back changed, issue 9); the workspace turns on its `float_roundtrip`
//! feature, which every user of `commerce-apis` gets. Cost measured in BENCHMARKS.md.
//!
//! It lives here, not in `tests/`, because this package has only the dependencies a user has:
//! `cargo test -p benches` sees serde_json with the features `commerce-apis` turns on, while
//! `tests/` also pulls in jsonschema, which turns `float_roundtrip` on by itself.

use commerce_apis::forter::GeoLocation;

#[test]
fn random_coordinates_round_trip_exactly() {
    // A fixed xorshift sequence: the same 20,000 coordinates every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut changed = Vec::new();
    for _ in 0..10_000 {
        let (latitude, longitude) = (next() * 180.0 - 90.0, next() * 360.0 - 180.0);
        // `{}` of an f64 is the shortest text that reads back as the same f64.
        let text = format!(r#"{{"latitude":{latitude},"longitude":{longitude}}}"#);
        let location: GeoLocation = serde_json::from_str(&text).expect("deserializes");
        let back = serde_json::to_string(&location).expect("serializes");
        if location.latitude != Some(latitude)
            || location.longitude != Some(longitude)
            || back != text
        {
            changed.push(format!("{text} became {back}"));
        }
    }
    assert!(
        changed.is_empty(),
        "{} of 10000 locations changed, e.g. {}",
        changed.len(),
        changed[0]
    );
}
