//! What each difference means for a crate that depends on the generated crate: breaking (its code may
//! stop compiling), a behaviour change (it compiles, but values or requests are handled
//! differently), or compatible.

use serde::Serialize;

use crate::diff::{Change, ChangeKind};
use codegen::summary::model::Presence;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Class {
    Breaking,
    Behaviour,
    Compatible,
}

impl Class {
    pub const ALL: [Class; 3] = [Class::Breaking, Class::Behaviour, Class::Compatible];

    /// Heading of the class in reports.
    pub fn heading(self) -> &'static str {
        match self {
            Class::Breaking => "Breaking",
            Class::Behaviour => "Behaviour changes",
            Class::Compatible => "Compatible",
        }
    }

    /// Short label (terminal report, test tables).
    pub fn label(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Behaviour => "behaviour",
            Class::Compatible => "compatible",
        }
    }
}

/// The class of one change.
pub fn classify(change: &Change) -> Class {
    use ChangeKind::*;
    match &change.kind {
        Webhook(change) => change.class(),
        ApiAdded | ApiVersionChanged { .. } | DocChanged | DeprecatedChanged { .. } => {
            Class::Compatible
        }
        TypeAdded { .. } | OperationAdded { .. } => Class::Compatible,
        SettingAdded { required } => breaking_if(*required),
        FieldAdded { presence, .. } => breaking_if(presence.builder_required()),
        ApiRemoved
        | SettingRemoved
        | SettingRenamed { .. }
        | SettingRequiredChanged { .. }
        | TypeRemoved { .. }
        | TypeKindChanged { .. }
        | FieldRemoved { .. }
        | FieldRustNameChanged { .. }
        | FieldTypeChanged { .. }
        | BuilderOrderChanged { .. }
        | EnumValueRemoved { .. }
        | EnumVariantRenamed { .. }
        | VariantRemoved { .. }
        | VariantTypeChanged { .. }
        | AliasChanged { .. }
        | OperationRemoved { .. }
        | RequestTypeChanged { .. }
        | SuccessTypeChanged { .. }
        | ErrorTypeChanged { .. }
        | StatusRemoved { .. }
        | StatusBodyChanged { .. } => Class::Breaking,
        PathParamsChanged { old, new } => breaking_if(old.len() != new.len()),
        // A setter gone, or one that sends something else: code that compiles may now fail to,
        // or write other JSON.
        SettersChanged { removed, .. } => breaking_if(!removed.is_empty()),
        PresenceChanged {
            old,
            new,
            old_ty,
            new_ty,
        } => breaking_if(old_ty != new_ty || (new.builder_required() && !old.builder_required())),
        ConstraintChanged {
            key,
            old,
            new,
            in_request,
        } => match (in_request, Direction::of(key, old, new)) {
            // `build_*` may refuse a request that it built before.
            (true, Direction::Tightened | Direction::Changed) => Class::Breaking,
            // Every request that built still builds; some refused before now build.
            (true, Direction::Loosened) => Class::Behaviour,
            // Responses are not checked: the server promises fewer values, code reading them
            // sees a subset of what it handled.
            (false, Direction::Tightened) => Class::Compatible,
            // Responses may now carry values that the old constraint ruled out.
            (false, Direction::Loosened | Direction::Changed) => Class::Behaviour,
        },
        BaseUrlChanged { .. }
        | BasicAuthChanged { .. }
        | SensitiveChanged { .. }
        | FieldWireKeyChanged { .. }
        | EnumValueAdded { .. }
        | VariantAdded { .. }
        | VariantWireKeyChanged { .. }
        | VariantsReordered { .. }
        | EndpointChanged { .. }
        | HeadersChanged { .. }
        | StatusAdded { .. } => Class::Behaviour,
    }
}

fn breaking_if(condition: bool) -> Class {
    if condition {
        Class::Breaking
    } else {
        Class::Compatible
    }
}

fn code(text: &str) -> String {
    format!("`{text}`")
}

fn opt(text: &Option<String>) -> String {
    text.as_deref().map_or_else(|| "nothing".to_owned(), code)
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.iter().map(|i| code(i)).collect::<Vec<_>>().join(", ")
    }
}

/// Which way a constraint moved: fewer values allowed, more, or neither provably.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Tightened,
    Loosened,
    /// A different pattern, format or `multipleOf`: some values may be refused that were not.
    Changed,
}

impl Direction {
    /// The direction of the constraint `key` (`maxLength`, `items.pattern`, ...) from `old` to
    /// `new` (`None`: the constraint is absent on that side).
    pub fn of(
        key: &str,
        old: &Option<serde_json::Value>,
        new: &Option<serde_json::Value>,
    ) -> Direction {
        let last = key.rsplit('.').next().unwrap_or(key);
        let lower_bound = last.starts_with("min") || last == "exclusiveMinimum";
        let upper_bound = last.starts_with("max") || last == "exclusiveMaximum";
        let by = |tighter: bool| {
            if tighter {
                Direction::Tightened
            } else {
                Direction::Loosened
            }
        };
        match (old, new) {
            (None, Some(_)) => Direction::Tightened,
            (Some(_), None) => Direction::Loosened,
            (Some(_), Some(n)) if last == "uniqueItems" => by(n == &serde_json::Value::Bool(true)),
            (Some(o), Some(n)) => match (o.as_f64(), n.as_f64()) {
                (Some(o), Some(n)) if lower_bound => by(n > o),
                (Some(o), Some(n)) if upper_bound => by(n < o),
                _ => Direction::Changed,
            },
            (None, None) => Direction::Changed,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Direction::Tightened => "tightened",
            Direction::Loosened => "loosened",
            Direction::Changed => "changed",
        }
    }
}

fn value(v: &Option<serde_json::Value>) -> String {
    match v {
        None => "none".to_owned(),
        Some(serde_json::Value::String(s)) => code(s),
        Some(other) => code(&other.to_string()),
    }
}

/// Last segment of a `Type.field` / `Type::Variant` subject.
fn member(subject: &str) -> &str {
    subject.rsplit(['.', ':']).next().unwrap_or(subject)
}

/// One sentence saying what changed and what it does to a downstream crate.
pub fn describe(change: &Change) -> String {
    use ChangeKind::*;
    let subject = change.subject.as_str();
    let type_name = subject.split(['.', ':']).next().unwrap_or(subject);
    match &change.kind {
        Webhook(change) => change.describe(),
        ApiAdded => format!(
            "API added: new module and cargo feature `{}` (on by default)",
            change.api
        ),
        ApiRemoved => format!(
            "API removed: module and cargo feature `{}` are gone",
            change.api
        ),
        BaseUrlChanged { old, new } => {
            format!("default base URL changed from {} to {}", code(old), code(new))
        }
        BasicAuthChanged { now } => if *now {
            "requests now send HTTP basic authentication"
        } else {
            "requests no longer send HTTP basic authentication"
        }
        .to_owned(),
        ApiVersionChanged { old, new } => format!("spec version {} -> {}", code(old), code(new)),
        SettingAdded { required: true } => {
            "required setting added: `Config::new` takes a new argument".to_owned()
        }
        SettingAdded { required: false } => "optional setting added".to_owned(),
        SettingRemoved => "setting removed from `Config`".to_owned(),
        SettingRenamed { old, new } => format!("setting renamed from {} to {}", code(old), code(new)),
        SettingRequiredChanged { now } => format!(
            "setting is now {}: the arguments of `Config::new` changed",
            if *now { "required" } else { "optional" }
        ),
        TypeAdded {
            kind,
            possibly_renamed_from,
        } => {
            let mut text = format!("{} added", kind.as_str());
            if let Some(from) = possibly_renamed_from {
                text.push_str(&format!(" (possibly renamed from {})", code(from)));
            }
            text
        }
        TypeRemoved {
            kind,
            possibly_renamed_to,
        } => {
            let mut text = format!("{} removed: code naming it no longer compiles", kind.as_str());
            if let Some(to) = possibly_renamed_to {
                text.push_str(&format!(" (possibly renamed to {})", code(to)));
            }
            text
        }
        TypeKindChanged { old, new } => {
            format!("changed from a {} to a {}", old.as_str(), new.as_str())
        }
        FieldAdded {
            wire,
            ty,
            presence,
            possibly_renamed_from,
        } => {
            let mut text = if presence.builder_required() {
                format!(
                    "required field added ({}, wire {}): `{type_name}::builder()` now needs `.{}(..)` before `build()`",
                    code(ty),
                    code(wire),
                    member(subject)
                )
            } else {
                format!(
                    "{} field added ({}, wire {})",
                    presence.as_str(),
                    code(ty),
                    code(wire)
                )
            };
            if let Some(from) = possibly_renamed_from {
                text.push_str(&format!("; possibly renamed from {}", code(from)));
            }
            text
        }
        FieldRemoved {
            wire,
            ty,
            possibly_renamed_to,
        } => {
            let mut text = format!("field removed ({}, wire {})", code(ty), code(wire));
            if let Some(to) = possibly_renamed_to {
                text.push_str(&format!("; possibly renamed to {}", code(to)));
            }
            text
        }
        FieldRustNameChanged { old, new } => {
            format!("field renamed in Rust from {} to {}", code(old), code(new))
        }
        FieldWireKeyChanged { old, new } => format!(
            "wire key changed from {} to {} (same Rust field): JSON is read and written under the new key",
            code(old),
            code(new)
        ),
        FieldTypeChanged { old, new } => format!("type changed from {} to {}", code(old), code(new)),
        PresenceChanged {
            old,
            new,
            old_ty,
            new_ty,
        } => {
            let mut text = format!("{} -> {}", old.as_str(), new.as_str());
            if old_ty != new_ty {
                text.push_str(&format!(": field type {} -> {}", code(old_ty), code(new_ty)));
            }
            if new.builder_required() && !old.builder_required() {
                text.push_str(&format!(
                    "; `{type_name}::builder()` now needs `.{}(..)` before `build()`",
                    member(subject)
                ));
            } else if old.builder_required() && !new.builder_required() {
                text.push_str("; the builder no longer requires it");
            }
            if old_ty == new_ty && *new != Presence::Flattened {
                text.push_str(" (same Rust type; only how the key is written changes)");
            }
            text
        }
        SensitiveChanged { now: true } => {
            "now sensitive: `Debug` prints `*** redacted ***` instead of the value".to_owned()
        }
        SensitiveChanged { now: false } => {
            "no longer sensitive: `Debug` now prints the value".to_owned()
        }
        DeprecatedChanged { now: true } => "deprecated: using it warns".to_owned(),
        DeprecatedChanged { now: false } => "no longer deprecated".to_owned(),
        SettersChanged { removed, added } => {
            let list = |items: &[String]| {
                if items.is_empty() {
                    "none".to_owned()
                } else {
                    items.iter().map(|s| code(s)).collect::<Vec<_>>().join(", ")
                }
            };
            format!("builder setters: {} -> {}", list(removed), list(added))
        }
        ConstraintChanged {
            key,
            old,
            new,
            in_request,
        } => {
            let direction = Direction::of(key, old, new);
            let effect = match (in_request, direction) {
                (true, Direction::Loosened) => {
                    "`build_*` accepts requests it refused before"
                }
                (true, _) => "`build_*` may refuse requests that it built before",
                (false, Direction::Tightened) => {
                    "responses only, which are not checked: the server promises fewer values"
                }
                (false, _) => {
                    "responses only, which are not checked: values the old constraint ruled out may arrive"
                }
            };
            format!(
                "constraint `{key}` {}: {} -> {} ({effect})",
                direction.as_str(),
                value(old),
                value(new)
            )
        }
        DocChanged => "docs changed".to_owned(),
        BuilderOrderChanged { old, new } => format!(
            "required fields of the builder reordered ({} -> {}): code naming builder states no longer compiles",
            list(old),
            list(new)
        ),
        EnumValueAdded { wire } => format!(
            "enum value {} added: a value that parsed as `{type_name}::Unrecognized({wire:?})` now parses as `{subject}`",
            code(wire)
        ),
        EnumValueRemoved { wire } => format!(
            "enum value {} removed: the variant is gone and the value now parses as `{type_name}::Unrecognized`",
            code(wire)
        ),
        EnumVariantRenamed { wire, old, new } => format!(
            "variant for {} renamed from {} to {}",
            code(wire),
            code(old),
            code(new)
        ),
        VariantAdded { ty } => format!(
            "variant added ({}): a value may now parse as it instead of a later variant or an error",
            opt(ty)
        ),
        VariantRemoved { ty } => format!("variant removed (was {})", opt(ty)),
        VariantTypeChanged { old, new } => {
            format!("variant payload changed from {} to {}", opt(old), opt(new))
        }
        VariantWireKeyChanged { old, new } => {
            format!("wire key changed from {} to {}", opt(old), opt(new))
        }
        VariantsReordered { old, new } => format!(
            "variants are tried in another order ({} -> {}): an ambiguous value may parse differently",
            list(old),
            list(new)
        ),
        AliasChanged { old, new } => format!("alias changed from {} to {}", code(old), code(new)),
        OperationAdded {
            method,
            path,
            possibly_renamed_from,
        } => {
            let mut text = format!("operation added ({method} {path})");
            if let Some(from) = possibly_renamed_from {
                text.push_str(&format!("; possibly renamed from {}", code(from)));
            }
            text
        }
        OperationRemoved {
            method,
            path,
            possibly_renamed_to,
        } => {
            let mut text =
                format!("operation removed ({method} {path}): its `build_*`, `parse_*` and `Client` method are gone");
            if let Some(to) = possibly_renamed_to {
                text.push_str(&format!("; possibly renamed to {}", code(to)));
            }
            text
        }
        EndpointChanged { old, new } => format!("requests now go to {} instead of {}", code(new), code(old)),
        PathParamsChanged { old, new } => format!("path parameters {} -> {}", list(old), list(new)),
        HeadersChanged { old, new } => format!("headers sent {} -> {}", list(old), list(new)),
        RequestTypeChanged { old, new } => format!("request body {} -> {}", opt(old), opt(new)),
        SuccessTypeChanged { old, new } => format!("success type changed from {} to {}", code(old), code(new)),
        ErrorTypeChanged { old, new } => format!("documented-error type changed from {} to {}", code(old), code(new)),
        StatusAdded {
            status,
            success,
            body,
        } => format!(
            "status {status} newly typed ({}{}): it was `Error::UnexpectedStatus`",
            if *success { "success" } else { "error" },
            body.as_deref().map(|b| format!(", body `{b}`")).unwrap_or_default()
        ),
        StatusRemoved { status, success } => format!(
            "documented {} status {status} removed: its variant is gone, the answer becomes `Error::UnexpectedStatus`",
            if *success { "success" } else { "error" }
        ),
        StatusBodyChanged { status, old, new } => {
            format!("body of status {status} changed from {} to {}", opt(old), opt(new))
        }
    }
}
