//! Constraint checks: the generated `Validate` impls call these with the spec's lengths, patterns,
//! formats, ranges and item counts, collecting every violation with its field path.

use std::fmt;

use super::formats::{format_matches, format_name};
use super::Format;

/// One constraint of the spec that a value breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Where: wire keys and array indexes from the body's root, e.g. `cartItems[0].name`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(body)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Checks a value against the constraints of its schema (lengths, patterns, formats, ranges,
/// item counts) before it is sent.
pub trait Validate {
    /// Appends every violation under `path` to `out`. The default finds none: a type whose schema
    /// has no constraint keeps it.
    fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>) {
        let _ = (path, out);
    }

    /// Every violation, or `Ok(())`.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut out = Vec::new();
        self.validate_at(&mut FieldPath::default(), &mut out);
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }
}

// Recursive types hold their recursive fields in a `Box`.
impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

// An absent optional field breaks nothing; a present one is checked as its value.
impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(path, out);
        }
    }
}

// Each item under its index: `cartItems[0].name`.
impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>) {
        for (index, value) in self.iter().enumerate() {
            path.index(index);
            value.validate_at(path, out);
            path.pop();
        }
    }
}

// Values whose rules, if any, the generated code checks where it knows them (a field's
// `maxLength`, a body alias's bounds): as a type they have none, so lists and maps of them and
// request bodies that are aliases of them have a `Validate`.
impl Validate for String {}
impl Validate for bool {}
impl Validate for i64 {}
impl Validate for f64 {}
impl Validate for super::JsonValue {}
impl Validate for super::JsonObject {}

// Each value under its key.
impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>) {
        for (key, value) in self {
            path.key(key);
            value.validate_at(path, out);
            path.pop();
        }
    }
}

/// The path of the value being checked, and whether enum values this crate does not know pass.
// One path is pushed and popped while walking the value, so a check that passes allocates
// nothing; the string is made only for a violation.
#[derive(Clone, Debug, Default)]
pub struct FieldPath(Vec<PathSegment>, AllowUnrecognized);

/// Whether an `Unrecognized` enum value passes validation; by default it does not.
#[derive(Clone, Copy, Debug, Default)]
struct AllowUnrecognized(bool);

#[derive(Clone, Debug)]
enum PathSegment {
    // The spec's keys are static and cost no allocation; map keys are the data's own.
    Field(&'static str),
    Key(String),
    Index(usize),
}

impl FieldPath {
    /// An empty path; `allow_unrecognized` lets enum values this crate does not know pass.
    #[doc(hidden)]
    pub fn new(allow_unrecognized: bool) -> Self {
        FieldPath(Vec::new(), AllowUnrecognized(allow_unrecognized))
    }

    /// Reports `value`, which the enum `type_name` does not list, unless the path allows it.
    #[doc(hidden)]
    pub fn unrecognized(&self, out: &mut Vec<Violation>, type_name: &str, value: &str) {
        if !self.1 .0 {
            self.violation(
                out,
                format!("`{value}` is not a value `{type_name}` lists (an `Unrecognized` value); allow it with the configuration's `allow_unrecognized_enum_values(true)`"),
            );
        }
    }

    #[doc(hidden)]
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.0.push(PathSegment::Key(key.to_owned()));
        self
    }

    /// Checks `value`, the field `key` of the value at this path (an absent optional field
    /// breaks nothing).
    #[doc(hidden)]
    pub fn field<T: Validate + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
        out: &mut Vec<Violation>,
    ) {
        self.0.push(PathSegment::Field(key));
        value.validate_at(self, out);
        self.0.pop();
    }

    /// Checks the string field `key` (`None` when absent) against `rules`.
    #[doc(hidden)]
    pub fn text(
        &mut self,
        key: &'static str,
        value: Option<&str>,
        rules: &StrRules,
        out: &mut Vec<Violation>,
    ) {
        if let Some(value) = value {
            self.0.push(PathSegment::Field(key));
            check_str(value, rules, self, out);
            self.0.pop();
        }
    }

    #[doc(hidden)]
    pub fn index(&mut self, index: usize) -> &mut Self {
        self.0.push(PathSegment::Index(index));
        self
    }

    #[doc(hidden)]
    pub fn pop(&mut self) {
        self.0.pop();
    }

    #[doc(hidden)]
    pub fn violation(&self, out: &mut Vec<Violation>, message: String) {
        out.push(Violation {
            path: self.to_string(),
            message,
        });
    }
}

/// `cartItems[0].name`: keys joined by dots, indexes in brackets, no leading dot.
impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            let key = match segment {
                PathSegment::Field(key) => *key,
                PathSegment::Key(key) => key,
                PathSegment::Index(index) => {
                    write!(f, "[{index}]")?;
                    continue;
                }
            };
            match i {
                0 => f.write_str(key)?,
                _ => write!(f, ".{key}")?,
            }
        }
        Ok(())
    }
}

/// Constraints on a string value.
#[derive(Clone, Copy, Debug, Default)]
#[doc(hidden)]
pub struct StrRules {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<&'static str>,
    pub format: Option<Format>,
    /// The values an `enum` lists, for a string that is not a generated enum type (a header
    /// setting or a path parameter, which the user passes as text).
    pub one_of: Option<&'static [&'static str]>,
}

impl StrRules {
    /// No rule: the base the generated code fills in with `..StrRules::NONE`.
    pub const NONE: StrRules = StrRules {
        min_length: None,
        max_length: None,
        pattern: None,
        format: None,
        one_of: None,
    };
}

#[doc(hidden)]
pub fn check_str(value: &str, rules: &StrRules, path: &FieldPath, out: &mut Vec<Violation>) {
    // JSON Schema counts lengths in characters (code points), not bytes.
    let length = value.chars().count();
    if let Some(min) = rules.min_length.filter(|min| length < *min) {
        path.violation(
            out,
            format!("is {length} characters long, shorter than the minimum of {min}"),
        );
    }
    if let Some(max) = rules.max_length.filter(|max| length > *max) {
        path.violation(
            out,
            format!("is {length} characters long, longer than the maximum of {max}"),
        );
    }
    if let Some(pattern) = rules.pattern {
        match pattern_matches(pattern, value) {
            Ok(true) => {}
            Ok(false) => path.violation(out, format!("does not match the pattern `{pattern}`")),
            // The generator cannot compile the spec's regex dialect ahead of time, so a pattern
            // regex-lite refuses is reported, never a panic.
            Err(err) => path.violation(
                out,
                format!("cannot be checked: the spec's pattern `{pattern}` is invalid ({err})"),
            ),
        }
    }
    if let Some(format) = rules
        .format
        .filter(|format| !format_matches(*format, value))
    {
        path.violation(out, format!("is not a valid {}", format_name(format)));
    }
    if let Some(values) = rules.one_of.filter(|values| !values.contains(&value)) {
        path.violation(
            out,
            format!(
                "is `{value}`, not one of the values the spec lists: `{}`",
                values.join("`, `")
            ),
        );
    }
}

/// `minimum`/`maximum`: an `integer` compared as `i64` (exact: as `f64` a value of 2^53 + 1 would
/// pass a maximum of 2^53, and a message would show the rounded value), a `number` as `f64`.
#[doc(hidden)]
pub fn check_range<T: PartialOrd + std::fmt::Display>(
    value: T,
    minimum: Option<T>,
    maximum: Option<T>,
    path: &FieldPath,
    out: &mut Vec<Violation>,
) {
    if let Some(min) = minimum.filter(|min| value < *min) {
        path.violation(out, format!("is {value}, less than the minimum of {min}"));
    }
    if let Some(max) = maximum.filter(|max| value > *max) {
        path.violation(out, format!("is {value}, more than the maximum of {max}"));
    }
}

#[doc(hidden)]
pub fn check_items(
    count: usize,
    min_items: Option<usize>,
    max_items: Option<usize>,
    path: &FieldPath,
    out: &mut Vec<Violation>,
) {
    if let Some(min) = min_items.filter(|min| count < *min) {
        path.violation(
            out,
            format!("has {count} items, fewer than the minimum of {min}"),
        );
    }
    if let Some(max) = max_items.filter(|max| count > *max) {
        path.violation(
            out,
            format!("has {count} items, more than the maximum of {max}"),
        );
    }
}

fn pattern_matches(pattern: &'static str, value: &str) -> Result<bool, regex_lite::Error> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    // Compiled once per pattern for the life of the process. Patterns are `&'static str` from the
    // generated code, so the cache is bounded by the number of patterns in the spec.
    static CACHE: OnceLock<Mutex<HashMap<&'static str, regex_lite::Regex>>> = OnceLock::new();
    // A panic elsewhere while holding the lock leaves the cache valid: keep using it.
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(regex) = cache.get(pattern) {
        return Ok(regex.is_match(value));
    }
    let regex = regex_lite::Regex::new(pattern)?;
    let matched = regex.is_match(value);
    cache.insert(pattern, regex);
    Ok(matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segments: &[&str]) -> FieldPath {
        let mut path = FieldPath::default();
        for segment in segments {
            match segment.parse::<usize>() {
                Ok(index) => path.index(index),
                Err(_) => path.key(segment),
            };
        }
        path
    }

    fn messages(out: &[Violation]) -> Vec<&str> {
        out.iter().map(|v| v.message.as_str()).collect()
    }

    fn str_violations(value: &str, rules: StrRules) -> Vec<Violation> {
        let mut out = Vec::new();
        check_str(value, &rules, &path(&["name"]), &mut out);
        out
    }

    #[test]
    fn field_path_display() {
        assert_eq!(path(&[]).to_string(), "");
        assert_eq!(path(&["orderId"]).to_string(), "orderId");
        assert_eq!(path(&["a", "b"]).to_string(), "a.b");
        assert_eq!(
            path(&["cartItems", "0", "name"]).to_string(),
            "cartItems[0].name"
        );
        assert_eq!(path(&["matrix", "1", "2"]).to_string(), "matrix[1][2]");
        // A top-level array body starts with an index.
        assert_eq!(path(&["3", "id"]).to_string(), "[3].id");
    }

    #[test]
    fn field_path_pop_undoes_the_last_push() {
        let mut p = path(&["a", "0"]);
        p.pop();
        p.key("b");
        assert_eq!(p.to_string(), "a.b");
    }

    /// A value that breaks its one rule when `bad`.
    struct Checked {
        bad: bool,
    }

    impl Validate for Checked {
        fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>) {
            if self.bad {
                path.violation(out, "is bad".to_owned());
            }
        }
    }

    /// No rule: the trait's default.
    struct Unconstrained;

    impl Validate for Unconstrained {}

    #[test]
    fn the_default_validate_finds_nothing() {
        assert_eq!(Unconstrained.validate(), Ok(()));
    }

    #[test]
    fn field_names_the_key_through_option_vec_and_map() {
        let mut out = Vec::new();
        let mut p = path(&["order"]);
        let items = vec![Checked { bad: false }, Checked { bad: true }];
        p.field("items", &Some(items), &mut out);
        p.field("absent", &None::<Checked>, &mut out);
        let map = std::collections::BTreeMap::from([("k".to_owned(), Checked { bad: true })]);
        p.field("byKey", &map, &mut out);
        p.field(
            "nullable",
            &Some(Some(Box::new(Checked { bad: true }))),
            &mut out,
        );
        let paths: Vec<&str> = out.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["order.items[1]", "order.byKey.k", "order.nullable"]);
        // Each field is popped again.
        assert_eq!(p.to_string(), "order");
    }

    #[test]
    fn text_checks_a_present_string_under_its_key() {
        let rules = StrRules {
            max_length: Some(2),
            ..StrRules::NONE
        };
        let mut out = Vec::new();
        let mut p = FieldPath::default();
        p.text("code", None, &rules, &mut out);
        p.text("code", Some("ab"), &rules, &mut out);
        assert!(out.is_empty());
        p.text("code", Some("abc"), &rules, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].path, "code");
        assert_eq!(p.to_string(), "");
    }

    #[test]
    fn violation_display_names_the_body_for_an_empty_path() {
        let v = |path: &str| Violation {
            path: path.to_owned(),
            message: "is wrong".to_owned(),
        };
        assert_eq!(v("a[0]").to_string(), "a[0]: is wrong");
        assert_eq!(v("").to_string(), "(body): is wrong");
    }

    #[test]
    fn check_str_lengths_count_characters() {
        let rules = StrRules {
            min_length: Some(2),
            max_length: Some(3),
            ..StrRules::default()
        };
        assert!(str_violations("ab", rules).is_empty());
        // Three characters, six bytes: within the maximum.
        assert!(str_violations("äöü", rules).is_empty());
        let out = str_violations("a", rules);
        assert_eq!(
            messages(&out),
            ["is 1 characters long, shorter than the minimum of 2"]
        );
        assert_eq!(out[0].path, "name");
        assert_eq!(
            messages(&str_violations("abcd", rules)),
            ["is 4 characters long, longer than the maximum of 3"]
        );
    }

    #[test]
    fn check_str_pattern() {
        let rules = StrRules {
            pattern: Some("^[A-Z]{3}$"),
            ..StrRules::default()
        };
        assert!(str_violations("USD", rules).is_empty());
        assert_eq!(
            messages(&str_violations("usd", rules)),
            ["does not match the pattern `^[A-Z]{3}$`"]
        );
        // Twice: the second call is served from the cache.
        assert!(str_violations("EUR", rules).is_empty());
    }

    #[test]
    fn check_str_reports_an_invalid_pattern_instead_of_panicking() {
        let rules = StrRules {
            pattern: Some("(unclosed"),
            ..StrRules::default()
        };
        let out = str_violations("x", rules);
        assert_eq!(out.len(), 1);
        assert!(
            out[0]
                .message
                .starts_with("cannot be checked: the spec's pattern `(unclosed` is invalid ("),
            "{}",
            out[0].message
        );
    }

    #[test]
    fn check_str_format() {
        let rules = StrRules {
            format: Some(Format::Email),
            ..StrRules::default()
        };
        assert!(str_violations("a@b.co", rules).is_empty());
        assert_eq!(
            messages(&str_violations("nope", rules)),
            ["is not a valid email address"]
        );
    }

    #[test]
    fn check_str_reports_every_broken_rule() {
        let rules = StrRules {
            min_length: Some(5),
            max_length: None,
            pattern: Some("^[0-9]+$"),
            format: Some(Format::Date),
            one_of: Some(&["2024-01-15"]),
        };
        assert_eq!(str_violations("ab", rules).len(), 4);
        assert_eq!(
            str_violations("2024-01-15", rules).len(),
            1,
            "only the pattern"
        );
    }

    #[test]
    fn check_number_messages() {
        let mut out = Vec::new();
        let at = path(&["amount"]);
        check_range(5.0, Some(0.0), Some(10.0), &at, &mut out);
        check_range(0.0, Some(0.0), Some(10.0), &at, &mut out);
        check_range(10.0, Some(0.0), Some(10.0), &at, &mut out);
        check_range(1e9, None, None, &at, &mut out);
        assert!(out.is_empty(), "bounds are inclusive: {out:?}");
        check_range(-0.5, Some(0.0), None, &at, &mut out);
        check_range(10.25, None, Some(10.0), &at, &mut out);
        assert_eq!(
            messages(&out),
            [
                "is -0.5, less than the minimum of 0",
                "is 10.25, more than the maximum of 10"
            ]
        );
        assert!(out.iter().all(|v| v.path == "amount"));
    }

    #[test]
    fn check_integer_is_exact_beyond_two_to_the_53() {
        let mut out = Vec::new();
        let at = path(&["id"]);
        let two_53 = 9_007_199_254_740_992_i64;
        check_range(two_53, Some(0), Some(two_53), &at, &mut out);
        check_range(i64::MAX, Some(i64::MAX), None, &at, &mut out);
        check_range(i64::MIN, None, Some(i64::MIN), &at, &mut out);
        assert!(out.is_empty(), "bounds are inclusive: {out:?}");
        // Both would pass as f64: 2^53 + 1 rounds to 2^53.
        check_range(two_53 + 1, None, Some(two_53), &at, &mut out);
        check_range(two_53, Some(two_53 + 1), None, &at, &mut out);
        assert_eq!(
            messages(&out),
            [
                "is 9007199254740993, more than the maximum of 9007199254740992",
                "is 9007199254740992, less than the minimum of 9007199254740993"
            ]
        );
    }

    #[test]
    fn check_items_messages() {
        let mut out = Vec::new();
        let at = path(&["cartItems"]);
        check_items(1, Some(1), Some(2), &at, &mut out);
        check_items(2, Some(1), Some(2), &at, &mut out);
        assert!(out.is_empty(), "bounds are inclusive: {out:?}");
        check_items(0, Some(1), None, &at, &mut out);
        check_items(3, None, Some(2), &at, &mut out);
        assert_eq!(
            messages(&out),
            [
                "has 0 items, fewer than the minimum of 1",
                "has 3 items, more than the maximum of 2"
            ]
        );
    }

    #[test]
    fn unrecognized_enum_values_are_violations_unless_allowed() {
        let mut out = Vec::new();
        let mut strict = FieldPath::default();
        strict.key("orderType");
        strict.unrecognized(&mut out, "OrderType", "WBE");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].path, "orderType");
        assert!(
            out[0]
                .message
                .starts_with("`WBE` is not a value `OrderType` lists"),
            "{}",
            out[0].message
        );
        let mut lenient = FieldPath::new(true);
        lenient.key("orderType");
        lenient.unrecognized(&mut out, "OrderType", "WBE");
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn validate_collects_violations_and_box_delegates() {
        struct Name(&'static str);
        impl Validate for Name {
            fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>) {
                path.key("name");
                let rules = StrRules {
                    min_length: Some(1),
                    ..StrRules::default()
                };
                check_str(self.0, &rules, path, out);
                path.pop();
            }
        }
        assert_eq!(Name("x").validate(), Ok(()));
        let err = Box::new(Name("")).validate().unwrap_err();
        assert_eq!(
            err,
            [Violation {
                path: "name".to_owned(),
                message: "is 0 characters long, shorter than the minimum of 1".to_owned(),
            }]
        );
    }
}
