//! The change-report machinery around the fixture pairs: summary files, versions, changelog,
//! reports for an added or removed API.

use std::path::Path;

use change_report::{changelog, compare, Class, Version};
use codegen::summary::ApiSummary;
use codegen::SpecInput;

/// The summary the generator writes for `input` (crate version `version`).
fn summarize(input: SpecInput, version: &str) -> ApiSummary {
    let api = codegen::load(&input).unwrap_or_else(|d| panic!("{}: {d}", input.path));
    codegen::summary::summarize(&api, version)
}

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
    summarize(input, "0.1.0")
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
    assert!(first.starts_with("# Changelog\n"));
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

/// Every construct fixture summarizes, and its summary survives the JSON round trip.
#[test]
fn every_fixture_summarizes_and_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        let input = SpecInput {
            path: format!("fixtures/{module}.json"),
            text: std::fs::read_to_string(&path).expect("fixture"),
            module,
        };
        let summary = summarize(input, "1.2.3");
        assert_eq!(
            ApiSummary::from_json(&summary.to_json()).as_ref(),
            Ok(&summary)
        );
        assert!(compare(
            std::slice::from_ref(&summary),
            std::slice::from_ref(&summary)
        )
        .is_empty());
        count += 1;
    }
    assert_eq!(count, 13);
}

/// The report's entries as `(class, subject, text)` for `old` -> `new`.
fn entries(old: &ApiSummary, new: &ApiSummary) -> Vec<(Class, String, String)> {
    compare(std::slice::from_ref(old), std::slice::from_ref(new))
        .entries()
        .map(|e| (e.class, e.subject.clone(), e.text.clone()))
        .collect()
}

#[test]
fn a_new_wire_key_for_the_same_rust_field_is_a_behaviour_change() {
    let old = pair("docs_only", "old");
    let mut new = old.clone();
    let order = new.types.get_mut("Order").unwrap();
    let note = order.fields.remove("note").unwrap();
    order.fields.insert("Note".into(), note);
    let got = entries(&old, &new);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, Class::Behaviour);
    assert_eq!(got[0].1, "shop::Order.note");
    assert!(
        got[0]
            .2
            .starts_with("wire key changed from `note` to `Note`"),
        "{got:?}"
    );
}

#[test]
fn renamed_types_and_operations_are_paired() {
    let old = pair("docs_only", "old");
    let mut new = old.clone();
    let receipt = new.types.remove("Receipt").unwrap();
    new.types.insert("Ticket".into(), receipt);
    let cancel = new.operations.remove("cancel_order").unwrap();
    new.operations.insert("abort_order".into(), cancel);
    let got = entries(&old, &new);
    let lines: Vec<String> = got
        .iter()
        .map(|(c, s, t)| format!("{} {s}: {t}", c.label()))
        .collect();
    assert_eq!(
        lines,
        [
            "breaking shop::Receipt: struct removed: code naming it no longer compiles (possibly renamed to `Ticket`)",
            "compatible shop::Ticket: struct added (possibly renamed from `Receipt`)",
            "compatible shop::fn abort_order: operation added (POST /orders/{id}/cancel); possibly renamed from `cancel_order`",
            "breaking shop::fn cancel_order: operation removed (POST /orders/{id}/cancel): its `build_*`, `parse_*` and `Client` method are gone; possibly renamed to `abort_order`",
        ]
    );
}

#[test]
fn settings_builder_order_and_union_order_are_classified() {
    use codegen::summary::model::{SettingSummary, TypeKind, TypeSummary, VariantSummary};
    let old = pair("docs_only", "old");
    let mut new = old.clone();
    new.settings.insert(
        "x-site-id".into(),
        SettingSummary {
            rust: "site_id".into(),
            required: true,
            constraints: Default::default(),
            doc: None,
        },
    );
    new.types
        .get_mut("Order")
        .unwrap()
        .builder_required
        .reverse();
    let variant = |rust: &str| VariantSummary {
        rust: rust.into(),
        wire: None,
        ty: Some(rust.into()),
        sensitive: false,
        constraints: Default::default(),
        doc: None,
    };
    let mut union = TypeSummary::new(TypeKind::Union);
    union.variants = vec![variant("A"), variant("B")];
    let mut old = old;
    old.types.insert("Either".into(), union.clone());
    union.variants.reverse();
    new.types.insert("Either".into(), union);
    let got: Vec<(Class, String)> = entries(&old, &new)
        .into_iter()
        .map(|(c, s, _)| (c, s))
        .collect();
    assert_eq!(
        got,
        [
            (Class::Breaking, "shop::Config.site_id".to_owned()),
            (Class::Behaviour, "shop::Either".to_owned()),
            (Class::Breaking, "shop::OrderBuilder".to_owned()),
        ]
    );
}

/// Issue 19: a constraint that a request carries is checked by `build_*`, so tightening it (or
/// changing a pattern) may refuse a request that built before: breaking. Loosening it is not.
/// Responses are not checked: a tighter response constraint is compatible, a looser or changed
/// one a behaviour change (values the old constraint ruled out may arrive).
#[test]
fn constraint_changes_are_classified_by_direction_and_by_requests_and_responses() {
    use codegen::summary::model::{FieldSummary, Presence, SettingSummary, TypeKind, TypeSummary};
    use serde_json::json;
    let base = pair("constraint_tightened", "old");
    // `Order` is the request of `create_order`; `Decision` only a response; `Nested` is reached
    // from the request through a field of `Order`.
    let mut base = base;
    let field = |ty: &str, constraints: &[(&str, serde_json::Value)]| FieldSummary {
        rust: "code".into(),
        ty: ty.into(),
        presence: Presence::Optional,
        sensitive: false,
        deprecated: false,
        constraints: constraints
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        doc: None,
        setters: Vec::new(),
    };
    let mut nested = TypeSummary::new(TypeKind::Struct);
    nested.fields.insert(
        "code".into(),
        field("Option<String>", &[("pattern", json!("^[A-Z]+$"))]),
    );
    base.types.insert("Nested".into(), nested);
    base.types.get_mut("Order").unwrap().fields.insert(
        "nested".into(),
        field("Option<Vec<Nested>>", &[("maxItems", json!(5))]),
    );
    base.types.get_mut("Decision").unwrap().fields.insert(
        "code".into(),
        field("Option<String>", &[("maxLength", json!(10))]),
    );
    base.settings.insert(
        "x-site-id".into(),
        SettingSummary {
            rust: "site_id".into(),
            required: true,
            constraints: Default::default(),
            doc: None,
        },
    );
    type Edit = fn(&mut ApiSummary);
    let cases: &[(&str, Edit, Class, &str)] = &[
        (
            "lower maxLength in a request",
            |s| set(s, "Order", "orderId", "maxLength", Some(json!(20))),
            Class::Breaking,
            "constraint `maxLength` tightened: `40` -> `20` (`build_*` may refuse requests that it built before)",
        ),
        (
            "higher maxLength in a request",
            |s| set(s, "Order", "orderId", "maxLength", Some(json!(60))),
            Class::Behaviour,
            "constraint `maxLength` loosened: `40` -> `60` (`build_*` accepts requests it refused before)",
        ),
        (
            "maxLength dropped in a request",
            |s| set(s, "Order", "orderId", "maxLength", None),
            Class::Behaviour,
            "loosened",
        ),
        (
            "new pattern in a request",
            |s| set(s, "Order", "note", "pattern", Some(json!("^[a-z]*$"))),
            Class::Breaking,
            "constraint `pattern` tightened: none -> `^[a-z]*$`",
        ),
        (
            "higher minimum in a request",
            |s| set(s, "Order", "amount", "minimum", Some(json!(1.0))),
            Class::Breaking,
            "constraint `minimum` tightened: `0.0` -> `1.0`",
        ),
        (
            "lower minimum in a request",
            |s| set(s, "Order", "amount", "minimum", Some(json!(-5.0))),
            Class::Behaviour,
            "loosened",
        ),
        (
            "changed pattern of a type the request reaches",
            |s| set(s, "Nested", "code", "pattern", Some(json!("^[A-Z0-9]+$"))),
            Class::Breaking,
            "constraint `pattern` changed",
        ),
        (
            "fewer items in a request",
            |s| set(s, "Order", "nested", "maxItems", Some(json!(4))),
            Class::Breaking,
            "tightened",
        ),
        (
            "a constraint on a setting",
            |s| {
                let site = s.settings.get_mut("x-site-id").unwrap();
                site.constraints.insert("maxLength".into(), json!(8));
            },
            Class::Breaking,
            "tightened",
        ),
        (
            "lower maxLength in a response",
            |s| set(s, "Decision", "code", "maxLength", Some(json!(5))),
            Class::Compatible,
            "responses only, which are not checked: the server promises fewer values",
        ),
        (
            "higher maxLength in a response",
            |s| set(s, "Decision", "code", "maxLength", Some(json!(50))),
            Class::Behaviour,
            "values the old constraint ruled out may arrive",
        ),
        (
            "new pattern in a response",
            |s| set(s, "Decision", "code", "pattern", Some(json!("^x$"))),
            Class::Compatible,
            "tightened",
        ),
    ];
    for (what, edit, class, text) in cases {
        let mut new = base.clone();
        edit(&mut new);
        let got = entries(&base, &new);
        assert_eq!(got.len(), 1, "{what}: {got:?}");
        assert_eq!(got[0].0, *class, "{what}: {got:?}");
        assert!(got[0].2.contains(text), "{what}: {got:?}");
    }
}

/// Sets (or, with `None`, removes) the constraint `key` of the field `wire` of `ty`.
fn set(s: &mut ApiSummary, ty: &str, wire: &str, key: &str, value: Option<serde_json::Value>) {
    let constraints = &mut s
        .types
        .get_mut(ty)
        .unwrap()
        .fields
        .get_mut(wire)
        .unwrap()
        .constraints;
    match value {
        Some(value) => constraints.insert(key.to_owned(), value),
        None => constraints.remove(key),
    };
}
