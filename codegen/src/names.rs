//! Rust names for wire names: snake_case fields, PascalCase types and variants, keywords escaped,
//! leading digits spelled out.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Identifiers that cannot be raw identifiers either; they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Names of the Rust prelude that the generated code uses unqualified; a spec type may not
/// shadow them. Everything else the generated code needs it names by full path.
pub const PRELUDE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Names the generated code decides itself: fixed members of every API module. Lowering claims
/// them before any name from a spec, so a spec name that would collide is a diagnostic.
pub mod fixed {
    /// The per-API configuration type.
    pub const CONFIG: &str = "Config";
    /// The per-API async client type.
    pub const CLIENT: &str = "Client";
    /// The module every API module shares (`crate::support`).
    pub const SUPPORT_MODULE: &str = "support";
    /// The files of an API module, as its submodules; an API may not be named like one (nor like
    /// the shared module, or a cargo feature the generator adds).
    pub const API_SUBMODULES: &[&str] = &[
        "builders",
        "client",
        "operations",
        "types",
        "validate",
        "webhooks",
    ];
    /// Modules the crate root re-exports (`pub use http;`): no API module may take their name.
    pub const ROOT_MODULES: &[&str] = &["http"];
    /// Cargo features the generator adds besides one per API.
    pub const FIXED_FEATURES: &[&str] = &["default", "client", "schemars", "tracing"];
    /// The feature that gives request-only types `Deserialize`.
    pub const REQUEST_DESERIALIZE_FEATURE: &str = "request-deserialize";
    /// `Config` fields besides the header settings.
    pub const CONFIG_FIELDS: &[&str] = &["base_url", "credentials", ALLOW_UNRECOGNIZED];
    /// `Config` associated functions and constants besides the header getters and setters.
    pub const CONFIG_METHODS: &[&str] = &[
        "new",
        "with_base_url",
        "base_url",
        "DEFAULT_BASE_URL",
        ALLOW_UNRECOGNIZED,
    ];
    /// The `Config` field and setter that let requests carry enum values the crate does not know.
    pub const ALLOW_UNRECOGNIZED: &str = "allow_unrecognized_enum_values";
    /// `Client` methods besides one per operation.
    pub const CLIENT_METHODS: &[&str] = &["new", "with_options", "with_http_client", "config"];
    /// The parameters of `build_*` (and client methods) besides the path parameters.
    /// (`violations` is the local that gathers what the path parameters and the body break.)
    pub const OPERATION_PARAMS: &[&str] = &["config", "body", "self", "violations"];
    /// The builder method that finishes a value.
    pub const BUILD: &str = "build";
    /// Suffix of a struct's builder type.
    pub const BUILDER_SUFFIX: &str = "Builder";
    /// Suffixes of an operation's status enums.
    pub const ERROR_ENUM_SUFFIX: &str = "Error";
    pub const RESPONSE_ENUM_SUFFIX: &str = "Response";
}

/// The variant name every generated enum reserves for values it does not know.
pub const UNRECOGNIZED_VARIANT: &str = "Unrecognized";

const DIGITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// Spells out leading digits so the name is a valid identifier: `3DS` -> `three DS`.
fn spell_leading_digits(name: &str) -> String {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return name.to_owned();
    }
    let words: Vec<&str> = digits
        .chars()
        .map(|d| DIGITS[d as usize - '0' as usize])
        .collect();
    format!("{} {}", words.join(" "), &name[digits.len()..])
}

/// Characters a Rust identifier cannot hold become word breaks, so `a²b` reads as `a b`.
fn word_chars(name: &str) -> String {
    name.chars()
        .map(|c| {
            if unicode_ident::is_xid_continue(c) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// ASCII spellings of U+00C0..=U+017F (Latin-1 Supplement letters and Latin Extended-A), the
/// letter without its accent (`é` -> `e`, `ß` -> `ss`, `Ł` -> `L`); `""` for `×` and `÷`.
const LATIN_FOLDS: [&str; 192] = [
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I", "D", "N", "O",
    "O", "O", "O", "O", "", "O", "U", "U", "U", "U", "Y", "TH", "ss", "a", "a", "a", "a", "a", "a",
    "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "", "o",
    "u", "u", "u", "u", "y", "th", "y", "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c",
    "C", "c", "D", "d", "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G",
    "g", "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i", "I", "i",
    "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L", "l", "L", "l", "N",
    "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o", "O", "o", "OE", "oe", "R", "r",
    "R", "r", "R", "r", "S", "s", "S", "s", "S", "s", "S", "s", "T", "t", "T", "t", "T", "t", "U",
    "u", "U", "u", "U", "u", "U", "u", "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z",
    "z", "Z", "z", "s",
];

/// Non-ASCII letters and digits as ASCII, so every identifier of the output is ASCII (rustc's
/// `confusable_idents`, `mixed_script_confusables`, `uncommon_codepoints` and the opt-in
/// `non_ascii_idents` lints have nothing to find): a Latin letter with an accent becomes the
/// letter (`prénom` -> `prenom`), any other character a word of its code point (Cyrillic `а` ->
/// `u0430`), so characters that only look alike keep apart. Two names that still meet (`café`
/// and `cafe`) are a collision the namespaces report. See `docs/decisions/016-hostile-classes.md`.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let code = c as u32;
        match code {
            0..=0x7f => out.push(c),
            0xc0..=0x17f if !LATIN_FOLDS[(code - 0xc0) as usize].is_empty() => {
                out.push_str(LATIN_FOLDS[(code - 0xc0) as usize]);
            }
            _ => out.push_str(&format!(" u{code:04x} ")),
        }
    }
    out
}

/// Whether `name` (possibly raw, `r#type`) is an identifier rustc accepts.
pub fn is_identifier(name: &str) -> bool {
    let bare = bare(name);
    let mut chars = bare.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' && !chars.as_str().is_empty() || unicode_ident::is_xid_start(first))
        && chars.all(unicode_ident::is_xid_continue)
        && !(name.starts_with("r#") && NOT_RAW.contains(&bare))
}

/// A field or function name: `customerIP` -> `customer_ip`, `type` -> `r#type`. `None` when nothing
/// usable is left (e.g. an all-punctuation name).
pub fn snake(name: &str) -> Option<String> {
    let snake = spell_leading_digits(&ascii_words(&word_chars(name))).to_snake_case();
    Some(escape_keyword(snake)).filter(|n| is_identifier(n))
}

/// A type or variant name: `PRE_AUTHORIZATION` -> `PreAuthorization`, `3DS` -> `ThreeDs`.
pub fn pascal(name: &str) -> Option<String> {
    let pascal = spell_leading_digits(&ascii_words(&word_chars(name))).to_upper_camel_case();
    Some(escape_keyword(pascal)).filter(|n| is_identifier(n))
}

/// Keeps a component name that already is a PascalCase identifier (`V3OrderRequest`, `ThreeDS`),
/// otherwise converts it.
pub fn type_name(component: &str) -> Option<String> {
    let is_ident = component
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase())
        && component.chars().all(|c| c.is_ascii_alphanumeric());
    if is_ident {
        Some(escape_keyword(component.to_owned())).filter(|n| is_identifier(n))
    } else {
        pascal(component)
    }
}

fn escape_keyword(name: String) -> String {
    // `Self` as a type or variant: a suffix keeps it UpperCamelCase, as rustc's lint wants.
    if name == "Self" {
        return "SelfValue".to_owned();
    }
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without a raw prefix, for building other names from it.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The word to build compound snake_case names from (`build_{stem}`, `{stem}_with_response`):
/// without a raw prefix, and without the underscore that escapes `self`, `crate`, `super`, which
/// would give `self__with_response` (a double underscore is not snake case for rustc).
pub fn stem(ident: &str) -> &str {
    let bare = bare(ident);
    match bare.strip_suffix('_') {
        Some(word) if NOT_RAW.contains(&word) => word,
        _ => bare,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_idiomatic_rust() {
        assert_eq!(snake("customerIP").unwrap(), "customer_ip");
        assert_eq!(snake("amountUSD").unwrap(), "amount_usd");
        assert_eq!(
            snake("threeDSServerTransID").unwrap(),
            "three_ds_server_trans_id"
        );
        assert_eq!(snake("ECIValue").unwrap(), "eci_value");
        assert_eq!(snake("type").unwrap(), "r#type");
        assert_eq!(snake("self").unwrap(), "self_");
        assert_eq!(snake("3DS").unwrap(), "three_ds");
        assert_eq!(pascal("PRE_AUTHORIZATION").unwrap(), "PreAuthorization");
        assert_eq!(pascal("not reviewed").unwrap(), "NotReviewed");
        assert_eq!(pascal("3DS").unwrap(), "ThreeDs");
        assert_eq!(type_name("V3OrderRequest").unwrap(), "V3OrderRequest");
        assert_eq!(type_name("order_type").unwrap(), "OrderType");
        assert_eq!(type_name("Self").unwrap(), "SelfValue");
        assert_eq!(pascal("self").unwrap(), "SelfValue");
        assert_eq!(snake("--"), None);
        // Characters rustc rejects in identifiers never reach one.
        assert_eq!(snake("a\u{b2}b").unwrap(), "a_b");
        assert_eq!(pascal("\u{b2}"), None);
    }

    #[test]
    fn identifiers_are_ascii_and_look_alikes_stay_apart() {
        assert_eq!(snake("pr\u{e9}nom").unwrap(), "prenom");
        assert_eq!(snake("Stra\u{df}e").unwrap(), "strasse");
        assert_eq!(pascal("\u{c9}T\u{c9}").unwrap(), "Ete");
        assert_eq!(pascal("\u{141}\u{f3}d\u{17a}").unwrap(), "Lodz");
        // Cyrillic `а`, Greek `ο`: a word of their code point, never the Latin letter.
        assert_eq!(snake("\u{430}").unwrap(), "u0430");
        assert_eq!(snake("a\u{430}").unwrap(), "a_u0430");
        assert_eq!(snake("\u{3bf}rder").unwrap(), "u03bf_rder");
        assert_eq!(pascal("\u{410}").unwrap(), "U0410");
        assert_eq!(snake("\u{540d}\u{524d}").unwrap(), "u540d_u524d");
        // A non-ASCII digit is a word too, so it no longer blocks the name.
        assert_eq!(snake("\u{663}ds").unwrap(), "u0663_ds");
        for name in [
            "caf\u{e9}",
            "\u{430}b\u{441}",
            "\u{1f600}x",
            "\u{fb01}le",
            "x\u{200d}y",
        ] {
            let rust = snake(name).unwrap();
            assert!(
                rust.is_ascii() && is_identifier(&rust),
                "{name:?} -> {rust}"
            );
            let rust = pascal(name).unwrap();
            assert!(
                rust.is_ascii() && is_identifier(&rust),
                "{name:?} -> {rust}"
            );
        }
        assert_ne!(snake("a").unwrap(), snake("\u{430}").unwrap());
    }

    #[test]
    fn compound_names_are_built_from_the_unescaped_word() {
        for (wire, stem_) in [
            ("self", "self"),
            ("crate", "crate"),
            ("super", "super"),
            ("type", "type"),
            ("async", "async"),
            ("match", "match"),
            ("validateOrder", "validate_order"),
        ] {
            let ident = snake(wire).unwrap();
            assert_eq!(stem(&ident), stem_, "{wire}");
            for compound in [
                format!("{}_with_response", stem(&ident)),
                format!("build_{}", stem(&ident)),
            ] {
                assert!(
                    is_identifier(&compound) && !compound.contains("__"),
                    "{compound}"
                );
            }
        }
    }
}
