//! Change-report classification over fixture spec pairs: `tests/change_pairs/<kind>/{old,new}.json`
//! differ by one kind of change each. Each test asserts the exact report entries (class and
//! subject) and the key words of their explanation.
//!
//! `cargo xtask semver-pairs` runs `cargo semver-checks` over the crates generated from the same
//! pairs. [`TOOL`] records what the tool says for each pair and, where it disagrees with the
//! report, why.

use std::path::Path;

use change_report::{compare, report::Entry, Class, Report};
use codegen::SpecInput;

fn input(kind: &str, side: &str) -> SpecInput {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/change_pairs")
        .join(kind)
        .join(format!("{side}.json"));
    SpecInput {
        module: "shop".to_owned(),
        path: format!("report/tests/change_pairs/{kind}/{side}.json"),
        text: std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
    }
}

fn report(kind: &str) -> Report {
    let summarize = |side| {
        let api =
            codegen::load(&input(kind, side)).unwrap_or_else(|d| panic!("{kind}/{side}.json: {d}"));
        vec![codegen::summary::summarize(&api, "0.1.0")]
    };
    compare(&summarize("old"), &summarize("new"))
}

/// Expected entries of one pair: class, subject, and a fragment of the explanation.
type Expected = &'static [(Class, &'static str, &'static str)];

use Class::{Behaviour, Breaking, Compatible};

const PAIRS: &[(&str, Expected)] = &[
    (
        "constraint_tightened",
        &[(
            Breaking,
            "shop::Order.order_id",
            "constraint `maxLength` tightened: `40` -> `20` (`build_*` may refuse requests that it built before)",
        )],
    ),
    (
        "docs_only",
        &[
            (Compatible, "shop::Order", "docs changed"),
            (Compatible, "shop::Order.note", "docs changed"),
        ],
    ),
    (
        "enum_value_added",
        &[(
            Behaviour,
            "shop::OrderStatus::PendingReview",
            "a value that parsed as `OrderStatus::Unrecognized(\"PENDING_REVIEW\")` now parses as `OrderStatus::PendingReview`",
        )],
    ),
    (
        "enum_value_removed",
        &[(
            Breaking,
            "shop::OrderStatus::Declined",
            "enum value `DECLINED` removed: the variant is gone",
        )],
    ),
    (
        "field_added_optional",
        &[(
            Compatible,
            "shop::Order.gift_wrap",
            "optional field added (`Option<bool>`, wire `giftWrap`)",
        )],
    ),
    (
        "field_removed",
        &[(Breaking, "shop::Order.note", "field removed (`Option<String>`, wire `note`)")],
    ),
    (
        "field_renamed",
        &[
            (Compatible, "shop::Order.comment", "possibly renamed from `note`"),
            (Breaking, "shop::Order.note", "field removed (`Option<String>`, wire `note`); possibly renamed to `comment`"),
        ],
    ),
    (
        "field_type_changed",
        &[
            (Breaking, "shop::Order.amount", "type changed from `i64` to `String`"),
            (Behaviour, "shop::Order.amount", "constraint `minimum` loosened"),
        ],
    ),
    (
        "operation_added",
        &[(Compatible, "shop::fn get_order", "operation added (GET /orders/{id})")],
    ),
    (
        "operation_removed",
        &[(Breaking, "shop::fn cancel_order", "operation removed (POST /orders/{id}/cancel)")],
    ),
    (
        "optional_to_required",
        &[(
            Breaking,
            "shop::Order.note",
            "optional -> required: field type `Option<String>` -> `String`; `Order::builder()` now needs `.note(..)`",
        )],
    ),
    (
        "required_to_optional",
        &[(
            Breaking,
            "shop::Order.amount",
            "required -> optional: field type `i64` -> `Option<i64>`",
        )],
    ),
    (
        "sensitive_changed",
        &[(Behaviour, "shop::Order.card_number", "now sensitive: `Debug` prints `*** redacted ***`")],
    ),
    (
        "status_added",
        &[(Behaviour, "shop::fn create_order 409", "status 409 newly typed (error, body `ErrorBody`)")],
    ),
    (
        "success_type_changed",
        &[
            (Breaking, "shop::fn create_order", "success type changed from `Decision` to `Receipt`"),
            (Breaking, "shop::fn create_order 200", "body of status 200 changed from `Decision` to `Receipt`"),
        ],
    ),
    (
        "type_removed",
        &[(Breaking, "shop::Receipt", "struct removed")],
    ),
];

fn check(kind: &str) {
    let expected = PAIRS
        .iter()
        .find(|(k, _)| *k == kind)
        .unwrap_or_else(|| panic!("no expectation for pair {kind}"))
        .1;
    let report = report(kind);
    let actual: Vec<&Entry> = report.entries().collect();
    let mut expected: Vec<_> = expected.to_vec();
    let mut got: Vec<(Class, &str, &str)> = actual
        .iter()
        .map(|e| (e.class, e.subject.as_str(), e.text.as_str()))
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(
        got.len(),
        expected.len(),
        "{kind}: expected {expected:#?}\ngot {got:#?}"
    );
    for ((class, subject, text), (e_class, e_subject, fragment)) in got.iter().zip(&expected) {
        assert_eq!(
            (class, subject),
            (e_class, e_subject),
            "{kind}: expected {expected:#?}\ngot {got:#?}"
        );
        assert!(
            text.contains(fragment),
            "{kind}: `{subject}` says {text:?}, expected it to contain {fragment:?}"
        );
    }
}

macro_rules! pair_tests {
    ($($kind:ident),* $(,)?) => {
        $(
            #[test]
            fn $kind() {
                check(stringify!($kind));
            }
        )*
    };
}

pair_tests!(
    constraint_tightened,
    docs_only,
    enum_value_added,
    enum_value_removed,
    field_added_optional,
    field_removed,
    field_renamed,
    field_type_changed,
    operation_added,
    operation_removed,
    optional_to_required,
    required_to_optional,
    sensitive_changed,
    status_added,
    success_type_changed,
    type_removed,
);

#[test]
fn every_pair_on_disk_has_an_expectation_and_a_tool_verdict() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/change_pairs");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("change_pairs dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let expected: Vec<&str> = PAIRS.iter().map(|(k, _)| *k).collect();
    let tool: Vec<&str> = TOOL.iter().map(|(k, _, _)| *k).collect();
    assert_eq!(on_disk, expected);
    assert_eq!(on_disk, tool);
    assert_eq!(on_disk.len(), 16);
}

/// What `cargo semver-checks` 0.51 (`--default-features --release-type patch`) reports for a
/// pair's generated crates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    /// At least one lint failed; the lints it named are in the comment.
    Breaking,
    /// No lint failed.
    NotBreaking,
}

/// The tool's verdict per pair, as observed with `cargo xtask semver-pairs` (lints in comments),
/// and why the report disagrees where it does (empty when both say "breaking" or both do not).
/// A "behaviour change" is not breaking for either: the tool only sees the Rust API, so an added
/// enum value (the enums are `#[non_exhaustive]`), a loosened request constraint, a newly typed
/// status (the status enums are `#[non_exhaustive]`) or a `Debug` that now redacts are invisible
/// to it, which is why the report lists them in a class of their own. A tightened request
/// constraint is invisible to it too, but breaking: see `constraint_tightened`.
const TOOL: &[(&str, Tool, &str)] = &[
    (
        "constraint_tightened",
        Tool::NotBreaking,
        "the Rust API is unchanged, so the tool sees nothing, but `build_create_order` now refuses \
         an order ID of 21 to 40 characters that it built before: after `cargo update` a request \
         that worked fails at run time. The report calls it breaking (issue 19).",
    ),
    ("docs_only", Tool::NotBreaking, ""),
    ("enum_value_added", Tool::NotBreaking, ""),
    // enum_variant_missing
    ("enum_value_removed", Tool::Breaking, ""),
    ("field_added_optional", Tool::NotBreaking, ""),
    // inherent_method_missing (`OrderBuilder::note`), struct_pub_field_missing
    ("field_removed", Tool::Breaking, ""),
    // inherent_method_missing, struct_pub_field_missing (the tool cannot see the rename either)
    ("field_renamed", Tool::Breaking, ""),
    (
        "field_type_changed",
        Tool::NotBreaking,
        "cargo-semver-checks 0.51 has no lint for a changed type of a pub struct field or of a \
         method argument: `order.amount` is now a `String` and `OrderBuilder::amount` takes \
         `impl Into<String>`, so code reading the field as `i64` or passing an `i64` no longer \
         compiles. The report is right to call it breaking.",
    ),
    ("operation_added", Tool::NotBreaking, ""),
    // function_missing (`build_cancel_order`, `parse_cancel_order`)
    ("operation_removed", Tool::Breaking, ""),
    (
        "optional_to_required",
        Tool::NotBreaking,
        "the builder gains a defaulted type parameter, which the tool rightly treats as \
         compatible by itself, but `build()` now exists only once `.note(..)` is set, so every \
         existing `Order::builder()...build()` stops compiling; and `order.note` changes from \
         `Option<String>` to `String`. The tool checks neither method availability per \
         typestate nor field types.",
    ),
    // type_allows_fewer_generic_type_params (`OrderBuilder` lost the parameter of `amount`); the
    // field type `i64` -> `Option<i64>` alone would not be caught (see field_type_changed)
    ("required_to_optional", Tool::Breaking, ""),
    ("sensitive_changed", Tool::NotBreaking, ""),
    ("status_added", Tool::NotBreaking, ""),
    (
        "success_type_changed",
        Tool::NotBreaking,
        "cargo-semver-checks 0.51 does not compare function signatures' types: \
         `parse_create_order` now returns `Receipt` instead of `Decision` (and \
         `Client::create_order` likewise), which breaks every caller that uses the result.",
    ),
    // struct_missing
    ("type_removed", Tool::Breaking, ""),
];

/// The report and the tool agree on "breaking or not" for every pair, except where [`TOOL`] says
/// why not.
#[test]
fn report_agrees_with_cargo_semver_checks_or_says_why_not() {
    for (kind, tool, why) in TOOL {
        let ours = report(kind).worst() == Some(Class::Breaking);
        let theirs = *tool == Tool::Breaking;
        if ours == theirs {
            assert!(
                why.is_empty(),
                "{kind}: agrees with the tool but has an explanation"
            );
        } else {
            assert!(
                !why.is_empty(),
                "{kind}: the report says breaking = {ours}, cargo semver-checks {tool:?}; explain why in TOOL"
            );
        }
    }
}
