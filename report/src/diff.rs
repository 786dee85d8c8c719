//! Differences between two summaries of the same API, as facts (no judgement: `classify.rs`
//! decides what each one means for a downstream crate).

use std::collections::{BTreeMap, BTreeSet};

use codegen::summary::model::{
    ApiSummary, ConstraintMap, FieldSummary, OperationSummary, Presence, TypeKind, TypeSummary,
    VariantSummary,
};

/// One difference, located by API module and by the name users write (`CartItem.quantity`).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub api: String,
    /// `Type`, `Type.field`, `Type::Variant`, `fn operation`, `Config.setting`, or empty for the
    /// API itself.
    pub subject: String,
    pub kind: ChangeKind,
}

impl Change {
    /// `forter::CartItem.quantity`.
    pub fn full_subject(&self) -> String {
        if self.subject.is_empty() {
            self.api.clone()
        } else {
            format!("{}::{}", self.api, self.subject)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChangeKind {
    /// A change in a notification the API sends (`webhooks.rs` classifies and words it).
    Webhook(super::webhooks::WebhookChange),
    ApiAdded,
    ApiRemoved,
    BaseUrlChanged {
        old: String,
        new: String,
    },
    BasicAuthChanged {
        now: bool,
    },
    ApiVersionChanged {
        old: String,
        new: String,
    },
    SettingAdded {
        required: bool,
    },
    SettingRemoved,
    SettingRenamed {
        old: String,
        new: String,
    },
    SettingRequiredChanged {
        now: bool,
    },
    TypeAdded {
        kind: TypeKind,
        possibly_renamed_from: Option<String>,
    },
    TypeRemoved {
        kind: TypeKind,
        possibly_renamed_to: Option<String>,
    },
    TypeKindChanged {
        old: TypeKind,
        new: TypeKind,
    },
    /// The field (`subject` is `Type.rust_name`) was added.
    FieldAdded {
        wire: String,
        ty: String,
        presence: Presence,
        possibly_renamed_from: Option<String>,
    },
    FieldRemoved {
        wire: String,
        ty: String,
        possibly_renamed_to: Option<String>,
    },
    /// Same wire key, another Rust name.
    FieldRustNameChanged {
        old: String,
        new: String,
    },
    /// Same Rust name, another wire key.
    FieldWireKeyChanged {
        old: String,
        new: String,
    },
    FieldTypeChanged {
        old: String,
        new: String,
    },
    PresenceChanged {
        old: Presence,
        new: Presence,
        old_ty: String,
        new_ty: String,
    },
    SensitiveChanged {
        now: bool,
    },
    DeprecatedChanged {
        now: bool,
    },
    /// The builder's extra setters of the field, or what they send, changed.
    SettersChanged {
        removed: Vec<String>,
        added: Vec<String>,
    },
    ConstraintChanged {
        key: String,
        old: Option<serde_json::Value>,
        new: Option<serde_json::Value>,
        /// The value is part of a request (a setting, or a type a request body reaches, on either
        /// side), so `build_*` checks it; otherwise only responses carry it, which are not checked.
        in_request: bool,
    },
    DocChanged,
    BuilderOrderChanged {
        old: Vec<String>,
        new: Vec<String>,
    },
    EnumValueAdded {
        wire: String,
    },
    EnumValueRemoved {
        wire: String,
    },
    EnumVariantRenamed {
        wire: String,
        old: String,
        new: String,
    },
    VariantAdded {
        ty: Option<String>,
    },
    VariantRemoved {
        ty: Option<String>,
    },
    VariantTypeChanged {
        old: Option<String>,
        new: Option<String>,
    },
    VariantWireKeyChanged {
        old: Option<String>,
        new: Option<String>,
    },
    VariantsReordered {
        old: Vec<String>,
        new: Vec<String>,
    },
    AliasChanged {
        old: String,
        new: String,
    },
    OperationAdded {
        method: String,
        path: String,
        possibly_renamed_from: Option<String>,
    },
    OperationRemoved {
        method: String,
        path: String,
        possibly_renamed_to: Option<String>,
    },
    EndpointChanged {
        old: String,
        new: String,
    },
    PathParamsChanged {
        old: Vec<String>,
        new: Vec<String>,
    },
    HeadersChanged {
        old: Vec<String>,
        new: Vec<String>,
    },
    RequestTypeChanged {
        old: Option<String>,
        new: Option<String>,
    },
    SuccessTypeChanged {
        old: String,
        new: String,
    },
    ErrorTypeChanged {
        old: String,
        new: String,
    },
    StatusAdded {
        status: String,
        success: bool,
        body: Option<String>,
    },
    StatusRemoved {
        status: String,
        success: bool,
    },
    StatusBodyChanged {
        status: String,
        old: Option<String>,
        new: Option<String>,
    },
}

struct Out<'a> {
    api: &'a str,
    changes: Vec<Change>,
    /// Types that a request body reaches, in the old or the new summary.
    request_types: BTreeSet<String>,
}

impl Out<'_> {
    fn push(&mut self, subject: impl Into<String>, kind: ChangeKind) {
        self.changes.push(Change {
            api: self.api.to_owned(),
            subject: subject.into(),
            kind,
        });
    }
}

/// The changes from `old` to `new` for one API module; `None` on a side means the API does not
/// exist there. Deterministic order: API, settings, types by name, operations by name.
pub fn diff(module: &str, old: Option<&ApiSummary>, new: Option<&ApiSummary>) -> Vec<Change> {
    let mut request_types = BTreeSet::new();
    for summary in old.iter().chain(new.iter()) {
        request_types.extend(request_types_of(summary));
    }
    let mut out = Out {
        api: module,
        changes: Vec::new(),
        request_types,
    };
    match (old, new) {
        (None, None) => {}
        (None, Some(_)) => out.push("", ChangeKind::ApiAdded),
        (Some(_), None) => out.push("", ChangeKind::ApiRemoved),
        (Some(old), Some(new)) => diff_api(&mut out, old, new),
    }
    out.changes
}

fn diff_api(out: &mut Out<'_>, old: &ApiSummary, new: &ApiSummary) {
    if old.base_url != new.base_url {
        out.push(
            "",
            ChangeKind::BaseUrlChanged {
                old: old.base_url.clone(),
                new: new.base_url.clone(),
            },
        );
    }
    if old.basic_auth != new.basic_auth {
        out.push(
            "",
            ChangeKind::BasicAuthChanged {
                now: new.basic_auth,
            },
        );
    }
    if old.api_version != new.api_version {
        out.push(
            "",
            ChangeKind::ApiVersionChanged {
                old: old.api_version.clone(),
                new: new.api_version.clone(),
            },
        );
    }
    for (header, change) in zip(&old.settings, &new.settings) {
        let subject = |rust: &str| format!("Config.{rust}");
        match change {
            (None, Some(n)) => out.push(
                subject(&n.rust),
                ChangeKind::SettingAdded {
                    required: n.required,
                },
            ),
            (Some(o), None) => out.push(subject(&o.rust), ChangeKind::SettingRemoved),
            (Some(o), Some(n)) => {
                let s = subject(&n.rust);
                if o.rust != n.rust {
                    out.push(
                        s.clone(),
                        ChangeKind::SettingRenamed {
                            old: o.rust.clone(),
                            new: n.rust.clone(),
                        },
                    );
                }
                if o.required != n.required {
                    out.push(
                        s.clone(),
                        ChangeKind::SettingRequiredChanged { now: n.required },
                    );
                }
                diff_constraints(out, &s, &o.constraints, &n.constraints);
                if o.doc != n.doc {
                    out.push(s, ChangeKind::DocChanged);
                }
            }
            (None, None) => {}
        }
        let _ = header;
    }
    diff_types(out, &old.types, &new.types);
    diff_operations(out, &old.operations, &new.operations);
    for (subject, change) in super::webhooks::diff_webhooks(&old.webhooks, &new.webhooks) {
        out.push(subject, ChangeKind::Webhook(change));
    }
}

/// The value on each side of a key; `None` where the key is absent.
type Sides<'a, V> = (Option<&'a V>, Option<&'a V>);

/// The union of two maps' keys, with the value on each side.
fn zip<'a, K: Ord + Clone, V>(
    old: &'a BTreeMap<K, V>,
    new: &'a BTreeMap<K, V>,
) -> Vec<(K, Sides<'a, V>)> {
    let keys: BTreeSet<&K> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .map(|k| (k.clone(), (old.get(k), new.get(k))))
        .collect()
}

/// A type without its name and docs, to spot a renamed type.
fn same_shape(a: &TypeSummary, b: &TypeSummary) -> bool {
    let strip = |t: &TypeSummary| {
        let mut t = t.clone();
        t.doc = None;
        for f in t.fields.values_mut() {
            f.doc = None;
        }
        for v in t.values.values_mut() {
            v.doc = None;
        }
        for v in &mut t.variants {
            v.doc = None;
        }
        t
    };
    strip(a) == strip(b)
}

fn diff_types(
    out: &mut Out<'_>,
    old: &BTreeMap<String, TypeSummary>,
    new: &BTreeMap<String, TypeSummary>,
) {
    let removed: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
    let added: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
    let mut renamed: BTreeMap<&String, &String> = BTreeMap::new();
    for r in &removed {
        if let Some(a) = added
            .iter()
            .find(|a| !renamed.values().any(|v| v == *a) && same_shape(&old[*r], &new[**a]))
        {
            renamed.insert(r, a);
        }
    }
    for (name, (o, n)) in zip(old, new) {
        match (o, n) {
            (Some(o), None) => out.push(
                name.clone(),
                ChangeKind::TypeRemoved {
                    kind: o.kind,
                    possibly_renamed_to: renamed.get(&name).map(|a| (*a).clone()),
                },
            ),
            (None, Some(n)) => out.push(
                name.clone(),
                ChangeKind::TypeAdded {
                    kind: n.kind,
                    possibly_renamed_from: renamed
                        .iter()
                        .find(|(_, a)| ***a == name)
                        .map(|(r, _)| (*r).clone()),
                },
            ),
            (Some(o), Some(n)) => diff_type(out, &name, o, n),
            (None, None) => {}
        }
    }
}

fn diff_type(out: &mut Out<'_>, name: &str, old: &TypeSummary, new: &TypeSummary) {
    if old.kind != new.kind {
        out.push(
            name,
            ChangeKind::TypeKindChanged {
                old: old.kind,
                new: new.kind,
            },
        );
        return;
    }
    if old.doc != new.doc {
        out.push(name, ChangeKind::DocChanged);
    }
    diff_fields(out, name, &old.fields, &new.fields);
    let old_required: Vec<&String> = old.builder_required.iter().collect();
    let kept: Vec<&String> = new
        .builder_required
        .iter()
        .filter(|f| old_required.contains(f))
        .collect();
    let old_kept: Vec<&String> = old
        .builder_required
        .iter()
        .filter(|f| new.builder_required.contains(f))
        .collect();
    if kept != old_kept {
        out.push(
            format!("{name}Builder"),
            ChangeKind::BuilderOrderChanged {
                old: old.builder_required.clone(),
                new: new.builder_required.clone(),
            },
        );
    }
    for (wire, (o, n)) in zip(&old.values, &new.values) {
        match (o, n) {
            (None, Some(n)) => out.push(
                format!("{name}::{}", n.rust),
                ChangeKind::EnumValueAdded { wire },
            ),
            (Some(o), None) => out.push(
                format!("{name}::{}", o.rust),
                ChangeKind::EnumValueRemoved { wire },
            ),
            (Some(o), Some(n)) => {
                let subject = format!("{name}::{}", n.rust);
                if o.rust != n.rust {
                    out.push(
                        subject.clone(),
                        ChangeKind::EnumVariantRenamed {
                            wire,
                            old: o.rust.clone(),
                            new: n.rust.clone(),
                        },
                    );
                }
                if o.doc != n.doc {
                    out.push(subject, ChangeKind::DocChanged);
                }
            }
            (None, None) => {}
        }
    }
    diff_variants(out, name, &old.variants, &new.variants);
    if old.alias_of != new.alias_of {
        out.push(
            name,
            ChangeKind::AliasChanged {
                old: old.alias_of.clone().unwrap_or_default(),
                new: new.alias_of.clone().unwrap_or_default(),
            },
        );
    }
    diff_constraints(out, name, &old.constraints, &new.constraints);
}

/// The value type of a field without its presence `Option`s.
fn value_type(field: &FieldSummary) -> &str {
    let mut ty = field.ty.as_str();
    let wraps = match field.presence {
        Presence::Required | Presence::Flattened => 0,
        Presence::RequiredNullable | Presence::Optional => 1,
        Presence::OptionalNullable => 2,
    };
    for _ in 0..wraps {
        ty = ty
            .strip_prefix("Option<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(ty);
    }
    ty
}

fn diff_fields(
    out: &mut Out<'_>,
    name: &str,
    old: &BTreeMap<String, FieldSummary>,
    new: &BTreeMap<String, FieldSummary>,
) {
    let removed: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
    let added: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
    // Pair a removed and an added key: first by the same Rust name (the wire key changed, the
    // Rust API did not), then by the same Rust type (possibly renamed).
    let mut same_rust: Vec<(&String, &String)> = Vec::new();
    let mut renamed: Vec<(&String, &String)> = Vec::new();
    let taken = |pairs: &[(&String, &String)], a: &String| pairs.iter().any(|(_, x)| *x == a);
    for r in &removed {
        if let Some(a) = added
            .iter()
            .find(|a| !taken(&same_rust, a) && new[**a].rust == old[*r].rust)
        {
            same_rust.push((r, a));
        }
    }
    for r in &removed {
        if same_rust.iter().any(|(x, _)| x == r) {
            continue;
        }
        let candidate = |exact: bool| {
            added.iter().copied().find(|a| {
                !taken(&same_rust, a)
                    && !taken(&renamed, a)
                    && if exact {
                        new[*a].ty == old[*r].ty
                    } else {
                        value_type(&new[*a]) == value_type(&old[*r])
                    }
            })
        };
        if let Some(a) = candidate(true).or_else(|| candidate(false)) {
            renamed.push((r, a));
        }
    }
    for (old_wire, new_wire) in &same_rust {
        let (o, n) = (&old[*old_wire], &new[*new_wire]);
        let subject = format!("{name}.{}", n.rust);
        out.push(
            subject.clone(),
            ChangeKind::FieldWireKeyChanged {
                old: (*old_wire).clone(),
                new: (*new_wire).clone(),
            },
        );
        diff_field(out, &subject, o, n);
    }
    for (wire, (o, n)) in zip(old, new) {
        match (o, n) {
            (Some(o), None) if !same_rust.iter().any(|(r, _)| **r == wire) => {
                out.push(
                    format!("{name}.{}", o.rust),
                    ChangeKind::FieldRemoved {
                        wire: wire.clone(),
                        ty: o.ty.clone(),
                        possibly_renamed_to: renamed
                            .iter()
                            .find(|(r, _)| **r == wire)
                            .map(|(_, a)| new[*a].rust.clone()),
                    },
                );
            }
            (None, Some(n)) if !same_rust.iter().any(|(_, a)| **a == wire) => {
                out.push(
                    format!("{name}.{}", n.rust),
                    ChangeKind::FieldAdded {
                        wire: wire.clone(),
                        ty: n.ty.clone(),
                        presence: n.presence,
                        possibly_renamed_from: renamed
                            .iter()
                            .find(|(_, a)| **a == wire)
                            .map(|(r, _)| old[*r].rust.clone()),
                    },
                );
            }
            (Some(o), Some(n)) => {
                let subject = format!("{name}.{}", n.rust);
                if o.rust != n.rust {
                    out.push(
                        subject.clone(),
                        ChangeKind::FieldRustNameChanged {
                            old: o.rust.clone(),
                            new: n.rust.clone(),
                        },
                    );
                }
                diff_field(out, &subject, o, n);
            }
            _ => {}
        }
    }
}

fn diff_field(out: &mut Out<'_>, subject: &str, o: &FieldSummary, n: &FieldSummary) {
    if o.presence != n.presence {
        out.push(
            subject,
            ChangeKind::PresenceChanged {
                old: o.presence,
                new: n.presence,
                old_ty: o.ty.clone(),
                new_ty: n.ty.clone(),
            },
        );
        if value_type(o) != value_type(n) {
            out.push(
                subject,
                ChangeKind::FieldTypeChanged {
                    old: value_type(o).to_owned(),
                    new: value_type(n).to_owned(),
                },
            );
        }
    } else if o.ty != n.ty {
        out.push(
            subject,
            ChangeKind::FieldTypeChanged {
                old: o.ty.clone(),
                new: n.ty.clone(),
            },
        );
    }
    if o.sensitive != n.sensitive {
        out.push(subject, ChangeKind::SensitiveChanged { now: n.sensitive });
    }
    if o.deprecated != n.deprecated {
        out.push(subject, ChangeKind::DeprecatedChanged { now: n.deprecated });
    }
    let (old_setters, new_setters) = (o.setters_or_legacy(), n.setters_or_legacy());
    // A field the builder starts or stops requiring gains or loses its extra setters: the
    // presence change above says so.
    let same_role = o.presence.builder_required() == n.presence.builder_required();
    if same_role && old_setters != new_setters {
        let missing = |from: &[String], to: &[String]| -> Vec<String> {
            from.iter().filter(|s| !to.contains(s)).cloned().collect()
        };
        out.push(
            subject,
            ChangeKind::SettersChanged {
                removed: missing(&old_setters, &new_setters),
                added: missing(&new_setters, &old_setters),
            },
        );
    }
    diff_constraints(out, subject, &o.constraints, &n.constraints);
    if o.doc != n.doc {
        out.push(subject, ChangeKind::DocChanged);
    }
}

/// `subject` is `Config.setting`, `Type`, `Type.field` or `Type::Variant`.
fn diff_constraints(out: &mut Out<'_>, subject: &str, old: &ConstraintMap, new: &ConstraintMap) {
    let type_name = subject.split(['.', ':']).next().unwrap_or(subject);
    let in_request = subject.starts_with("Config.") || out.request_types.contains(type_name);
    for (key, (o, n)) in zip(old, new) {
        if o != n {
            out.push(
                subject,
                ChangeKind::ConstraintChanged {
                    key,
                    old: o.cloned(),
                    new: n.cloned(),
                    in_request,
                },
            );
        }
    }
}

/// The named types a request body of `summary` reaches: the request types of its operations and,
/// transitively, the types named in their fields, variants and aliases.
pub fn request_types_of(summary: &ApiSummary) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending: Vec<&str> = summary
        .operations
        .values()
        .filter_map(|op| op.request.as_deref())
        .collect();
    while let Some(text) = pending.pop() {
        for name in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            let Some(ty) = summary.types.get(name) else {
                continue;
            };
            if !found.insert(name.to_owned()) {
                continue;
            }
            pending.extend(ty.fields.values().map(|f| f.ty.as_str()));
            pending.extend(ty.variants.iter().filter_map(|v| v.ty.as_deref()));
            pending.extend(ty.alias_of.as_deref());
        }
    }
    found
}

fn diff_variants(out: &mut Out<'_>, name: &str, old: &[VariantSummary], new: &[VariantSummary]) {
    let find = |list: &'_ [VariantSummary], rust: &str| list.iter().position(|v| v.rust == rust);
    for o in old {
        let subject = format!("{name}::{}", o.rust);
        match find(new, &o.rust) {
            None => out.push(subject, ChangeKind::VariantRemoved { ty: o.ty.clone() }),
            Some(i) => {
                let n = &new[i];
                if o.ty != n.ty {
                    out.push(
                        subject.clone(),
                        ChangeKind::VariantTypeChanged {
                            old: o.ty.clone(),
                            new: n.ty.clone(),
                        },
                    );
                }
                if o.wire != n.wire {
                    out.push(
                        subject.clone(),
                        ChangeKind::VariantWireKeyChanged {
                            old: o.wire.clone(),
                            new: n.wire.clone(),
                        },
                    );
                }
                if o.sensitive != n.sensitive {
                    out.push(
                        subject.clone(),
                        ChangeKind::SensitiveChanged { now: n.sensitive },
                    );
                }
                diff_constraints(out, &subject, &o.constraints, &n.constraints);
                if o.doc != n.doc {
                    out.push(subject, ChangeKind::DocChanged);
                }
            }
        }
    }
    for n in new {
        if find(old, &n.rust).is_none() {
            out.push(
                format!("{name}::{}", n.rust),
                ChangeKind::VariantAdded { ty: n.ty.clone() },
            );
        }
    }
    let order = |list: &[VariantSummary], other: &[VariantSummary]| -> Vec<String> {
        list.iter()
            .filter(|v| find(other, &v.rust).is_some())
            .map(|v| v.rust.clone())
            .collect()
    };
    let (old_order, new_order) = (order(old, new), order(new, old));
    if old_order != new_order {
        out.push(
            name,
            ChangeKind::VariantsReordered {
                old: old_order,
                new: new_order,
            },
        );
    }
}

fn diff_operations(
    out: &mut Out<'_>,
    old: &BTreeMap<String, OperationSummary>,
    new: &BTreeMap<String, OperationSummary>,
) {
    let endpoint = |op: &OperationSummary| format!("{} {}", op.method, op.path);
    let removed: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
    let added: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
    let renamed_to = |r: &String| {
        added
            .iter()
            .find(|a| endpoint(&new[**a]) == endpoint(&old[r]))
            .map(|a| (*a).clone())
    };
    for (name, (o, n)) in zip(old, new) {
        let subject = format!("fn {name}");
        match (o, n) {
            (Some(o), None) => out.push(
                subject,
                ChangeKind::OperationRemoved {
                    method: o.method.clone(),
                    path: o.path.clone(),
                    possibly_renamed_to: renamed_to(&name),
                },
            ),
            (None, Some(n)) => out.push(
                subject,
                ChangeKind::OperationAdded {
                    method: n.method.clone(),
                    path: n.path.clone(),
                    possibly_renamed_from: removed
                        .iter()
                        .find(|r| renamed_to(r).as_deref() == Some(name.as_str()))
                        .map(|r| (*r).clone()),
                },
            ),
            (Some(o), Some(n)) => diff_operation(out, &subject, o, n),
            (None, None) => {}
        }
    }
}

fn diff_operation(out: &mut Out<'_>, subject: &str, o: &OperationSummary, n: &OperationSummary) {
    let endpoint = |op: &OperationSummary| format!("{} {}", op.method, op.path);
    if endpoint(o) != endpoint(n) {
        out.push(
            subject,
            ChangeKind::EndpointChanged {
                old: endpoint(o),
                new: endpoint(n),
            },
        );
    }
    if o.path_params != n.path_params {
        out.push(
            subject,
            ChangeKind::PathParamsChanged {
                old: o.path_params.clone(),
                new: n.path_params.clone(),
            },
        );
    }
    if o.headers != n.headers {
        out.push(
            subject,
            ChangeKind::HeadersChanged {
                old: o.headers.clone(),
                new: n.headers.clone(),
            },
        );
    }
    if o.request != n.request {
        out.push(
            subject,
            ChangeKind::RequestTypeChanged {
                old: o.request.clone(),
                new: n.request.clone(),
            },
        );
    }
    if o.success_type != n.success_type {
        out.push(
            subject,
            ChangeKind::SuccessTypeChanged {
                old: o.success_type.clone(),
                new: n.success_type.clone(),
            },
        );
    }
    if o.error_type != n.error_type {
        out.push(
            subject,
            ChangeKind::ErrorTypeChanged {
                old: o.error_type.clone(),
                new: n.error_type.clone(),
            },
        );
    }
    for (status, (os, ns)) in zip(&o.statuses, &n.statuses) {
        let s = format!("{subject} {status}");
        match (os, ns) {
            (None, Some(ns)) => out.push(
                s,
                ChangeKind::StatusAdded {
                    status,
                    success: ns.success,
                    body: ns.body.clone(),
                },
            ),
            (Some(os), None) => out.push(
                s,
                ChangeKind::StatusRemoved {
                    status,
                    success: os.success,
                },
            ),
            (Some(os), Some(ns)) => {
                if os.body != ns.body {
                    out.push(
                        s.clone(),
                        ChangeKind::StatusBodyChanged {
                            status,
                            old: os.body.clone(),
                            new: ns.body.clone(),
                        },
                    );
                }
                if os.doc != ns.doc {
                    out.push(s, ChangeKind::DocChanged);
                }
            }
            (None, None) => {}
        }
    }
    if o.doc != n.doc {
        out.push(subject, ChangeKind::DocChanged);
    }
}
