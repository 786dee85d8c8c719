//! The change-report machinery around the fixture pairs: summary files, versions, changelog,
//! reports for an added or removed API.

use std::path::Path;

use codegen::summary::{changelog, compare, ApiSummary, Class, Version};
use codegen::SpecInput;

fn pair(kind: &str, side: &str) -> ApiSummary {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/change_pairs")
        .join(kind)
        .join(format!("{side}.json"));
    let input = SpecInput {
        module: "shop".into(),
        path: format!("{kind}/{side}.json"),
        text: std::fs::read_to_string(path).expect("pair"),
    };
    codegen::summarize(&[input], "0.1.0")
        .expect("summarize")
        .remove(0)
}

#[test]
fn summary_json_round_trips_and_is_deterministic() {
    let summary = pair("field_removed", "old");
    let json = summary.to_json();
    assert_eq!(json, pair("field_removed", "old").to_json());
    assert!(json.starts_with("{\n  \"@generated\": \"by `cargo xtask codegen` from "));
    assert_eq!(ApiSummary::from_json(&json).expect("parse"), summary);
    let order = &summary.types["Order"];
    assert_eq!(order.builder_required, ["order_id", "amount"]);
    assert_eq!(order.fields["note"].ty, "Option<String>");
    assert_eq!(order.fields["orderId"].constraints["maxLength"], 40);
    let op = &summary.operations["create_order"];
    assert_eq!(op.success_type, "Decision");
    assert_eq!(op.error_type, "CreateOrderError");
    assert_eq!(
        op.functions,
        [
            "build_create_order",
            "parse_create_order",
            "Client::create_order"
        ]
    );
}

#[test]
fn unreadable_summaries_are_errors_not_panics() {
    assert!(ApiSummary::from_json("").is_err());
    assert!(ApiSummary::from_json("[1, 2]").is_err());
    let err = ApiSummary::from_json("{\"format\": 99}").unwrap_err();
    assert!(err.contains("format 99"), "{err}");
    assert!(ApiSummary::from_json("{\"format\": 1}").is_err());
}

#[test]
fn identical_summaries_report_nothing() {
    let old = pair("docs_only", "old");
    let report = compare(std::slice::from_ref(&old), std::slice::from_ref(&old));
    assert!(report.is_empty());
    assert_eq!(report.worst(), None);
}

#[test]
fn an_added_and_a_removed_api_are_reported() {
    let shop = pair("docs_only", "old");
    let mut other = shop.clone();
    other.module = "other".into();
    let report = compare(std::slice::from_ref(&shop), &[other]);
    let lines: Vec<(Class, String)> = report.entries().map(|e| (e.class, e.line())).collect();
    assert_eq!(
        lines,
        [
            (
                Class::Compatible,
                "`other`: API added: new module and cargo feature `other` (on by default)"
                    .to_owned()
            ),
            (
                Class::Breaking,
                "`shop`: API removed: module and cargo feature `shop` are gone".to_owned()
            ),
        ]
    );
}

#[test]
fn markdown_groups_by_api_and_class() {
    let report = compare(
        &[pair("field_renamed", "old")],
        &[pair("field_renamed", "new")],
    );
    assert_eq!(
        report.markdown(3),
        "### `shop`\n\n#### Breaking (1)\n\n- `shop::Order.note`: field removed (`Option<String>`, wire `note`); possibly renamed to `comment`\n\n#### Compatible (1)\n\n- `shop::Order.comment`: optional field added (`Option<String>`, wire `comment`); possibly renamed from `note`\n\n"
    );
    assert_eq!(
        report.counts(),
        "1 breaking, 0 behaviour changes, 1 compatible"
    );
}

#[test]
fn semver_bumps_follow_cargo_rules() {
    let v = |s| Version::parse(s).expect("version");
    assert_eq!(v("0.1.0").bumped(Class::Breaking).to_string(), "0.2.0");
    assert_eq!(v("0.1.3").bumped(Class::Behaviour).to_string(), "0.1.4");
    assert_eq!(v("0.1.3").bumped(Class::Compatible).to_string(), "0.1.4");
    assert_eq!(v("1.4.2").bumped(Class::Breaking).to_string(), "2.0.0");
    assert_eq!(v("1.4.2").bumped(Class::Behaviour).to_string(), "1.5.0");
    assert!(v("0.2.0").satisfies(v("0.1.0"), Class::Breaking));
    assert!(!v("0.1.1").satisfies(v("0.1.0"), Class::Breaking));
    assert!(v("1.0.0").satisfies(v("0.1.0"), Class::Breaking));
    assert!(Version::parse("0.1").is_err());
    assert!(Version::parse("0.1.0-alpha").is_err());
}

#[test]
fn changelog_entries_are_prepended_and_merged() {
    let renamed = compare(
        &[pair("field_renamed", "old")],
        &[pair("field_renamed", "new")],
    );
    let added = compare(
        &[pair("enum_value_added", "old")],
        &[pair("enum_value_added", "new")],
    );
    let first = changelog::add_entry("", changelog::UNRELEASED, &added);
    assert!(first.starts_with("# Changelog of `commerce-apis`\n"));
    assert!(first.contains("\n## Unreleased\n\n### Behaviour changes\n\n- `shop::OrderStatus::PendingReview`: enum value"));
    // A version folds the unreleased entry into itself.
    let second = changelog::add_entry(&first, "0.2.0", &renamed);
    assert!(!second.contains("Unreleased"), "{second}");
    let entry = second.split("## 0.2.0\n").nth(1).expect("entry");
    let breaking = entry.find("### Breaking").expect("breaking");
    let behaviour = entry.find("### Behaviour changes").expect("behaviour");
    let compatible = entry.find("### Compatible").expect("compatible");
    assert!(breaking < behaviour && behaviour < compatible, "{second}");
    // The same report again adds nothing; an older entry stays below.
    assert_eq!(changelog::add_entry(&second, "0.2.0", &renamed), second);
    let third = changelog::add_entry(&second, "0.3.0", &added);
    assert!(third.find("## 0.3.0").unwrap() < third.find("## 0.2.0").unwrap());
}
