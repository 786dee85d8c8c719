//! The one adapter from the IR to the summary model. Nothing else in `summary/` reads the IR, so a
//! change of the IR's shape is absorbed here.

use std::collections::BTreeMap;

use super::model::{
    doc_hash, ApiSummary, ConstraintMap, FieldSummary, OperationSummary, Presence, SettingSummary,
    StatusSummary, TypeKind, TypeSummary, ValueSummary, VariantSummary, WebhookSummary, FORMAT,
    LEAVES_KEY_OUT, SENDS_NULL,
};
use crate::ir;

/// The summary of one lowered API, for the crate version `crate_version`.
pub fn summarize(api: &ir::Api, crate_version: &str) -> ApiSummary {
    let settings = api
        .settings
        .iter()
        .map(|s| {
            let mut constraints = ConstraintMap::new();
            add_constraints(&s.constraints, "", &mut constraints);
            let summary = SettingSummary {
                rust: s.rust.clone(),
                required: s.required,
                constraints,
                doc: doc_hash(s.doc.as_deref()),
            };
            (s.header.clone(), summary)
        })
        .collect();
    let types = api
        .types
        .iter()
        .map(|def| (def.name.clone(), type_summary(api, def)))
        .collect();
    let operations = api
        .operations
        .iter()
        .map(|op| (op.rust.clone(), operation_summary(api, op)))
        .collect();
    let webhooks = api
        .webhooks
        .iter()
        .map(|hook| (hook.operation_id.clone(), webhook_summary(api, hook)))
        .collect();
    ApiSummary {
        webhooks,
        generated: format!(
            "by `{}` from `{}`: the change-report summary of this API. Do not edit by hand.",
            crate::REGENERATE,
            api.source
        ),
        format: FORMAT,
        module: api.module.clone(),
        source: api.source.clone(),
        crate_version: crate_version.to_owned(),
        api_version: api.version.clone(),
        base_url: api.base_url.clone(),
        basic_auth: api.auth.is_some(),
        settings,
        types,
        operations,
    }
}

fn type_summary(api: &ir::Api, def: &ir::TypeDef) -> TypeSummary {
    let mut summary = match &def.kind {
        ir::TypeKind::Struct(s) => {
            let mut summary = TypeSummary::new(TypeKind::Struct);
            for field in &s.fields {
                let presence = presence(field.presence);
                if presence.builder_required() {
                    summary.builder_required.push(field.rust.clone());
                }
                summary.fields.insert(
                    field.wire.clone(),
                    FieldSummary {
                        rust: field.rust.clone(),
                        ty: short_type(&field.types.field),
                        presence,
                        sensitive: field.sensitive,
                        deprecated: field.deprecated,
                        constraints: shape_constraints(&field.shape),
                        doc: doc_hash(field.doc.as_deref()),
                        setters: setters(field),
                    },
                );
            }
            summary
        }
        ir::TypeKind::Enum(e) => {
            let mut summary = TypeSummary::new(TypeKind::Enum);
            for v in &e.variants {
                summary.values.insert(
                    v.wire.clone(),
                    ValueSummary {
                        rust: v.rust.clone(),
                        doc: doc_hash(v.doc.as_deref()),
                    },
                );
            }
            summary
        }
        ir::TypeKind::Union(u) => {
            let mut summary = TypeSummary::new(TypeKind::Union);
            for v in &u.variants {
                summary.variants.push(VariantSummary {
                    rust: v.rust.clone(),
                    wire: None,
                    ty: Some(short_type(&v.stored_type)),
                    sensitive: v.sensitive,
                    constraints: shape_constraints(&v.shape),
                    doc: doc_hash(v.doc.as_deref()),
                });
            }
            summary
        }
        ir::TypeKind::Conditional(c) => {
            let mut summary = TypeSummary::new(TypeKind::Conditional);
            summary.variants.push(VariantSummary {
                rust: c.flag_variant.clone(),
                wire: Some(c.flag.clone()),
                ty: None,
                sensitive: false,
                constraints: ConstraintMap::new(),
                doc: doc_hash(c.flag_doc.as_deref()),
            });
            summary.variants.push(VariantSummary {
                rust: c.dependent_variant.clone(),
                wire: Some(c.dependent.clone()),
                ty: Some(shape_type(api, &c.dependent_shape)),
                sensitive: c.dependent_sensitive,
                constraints: shape_constraints(&c.dependent_shape),
                doc: doc_hash(c.dependent_doc.as_deref()),
            });
            summary
        }
        ir::TypeKind::Alias(shape) | ir::TypeKind::Newtype(shape) => {
            let kind = match &def.kind {
                ir::TypeKind::Alias(_) => TypeKind::Alias,
                _ => TypeKind::Newtype,
            };
            let mut summary = TypeSummary::new(kind);
            summary.alias_of = Some(shape_type(api, shape));
            summary.constraints = shape_constraints(shape);
            summary
        }
    };
    summary.doc = doc_hash(def.doc.as_deref());
    summary
}

fn presence(presence: ir::Presence) -> Presence {
    match presence {
        ir::Presence::Required => Presence::Required,
        ir::Presence::RequiredNullable => Presence::RequiredNullable,
        ir::Presence::Optional => Presence::Optional,
        ir::Presence::OptionalNullable => Presence::OptionalNullable,
        ir::Presence::Flattened => Presence::Flattened,
    }
}

/// The builder's extra setters of `field` and what they send.
fn setters(field: &ir::Field) -> Vec<String> {
    let ir::BuilderRole::Optional(setters) = &field.role else {
        return Vec::new();
    };
    let none = match field.presence {
        ir::Presence::RequiredNullable => SENDS_NULL,
        _ => LEAVES_KEY_OUT,
    };
    let mut out = vec![format!("{}(None): {none}", setters.maybe)];
    if let Some(null) = &setters.null {
        out.push(format!("{null}(): {SENDS_NULL}"));
    }
    out
}

/// The Rust type of a value, as lowering spells it, with the map type's path left out.
fn shape_type(api: &ir::Api, shape: &ir::Shape) -> String {
    short_type(&api.type_text(shape))
}

/// A type text of the IR as the summary shows it (`BTreeMap<String, i64>`).
fn short_type(text: &str) -> String {
    text.replace(&format!("{}<", ir::MAP_TYPE), "BTreeMap<")
        .replace(ir::SUPPORT, "")
}

/// The constraints of a value and of its items / map values (`items.maxLength`).
fn shape_constraints(shape: &ir::Shape) -> ConstraintMap {
    let mut out = ConstraintMap::new();
    let mut prefix = String::new();
    let mut current = shape;
    loop {
        add_constraints(&current.constraints, &prefix, &mut out);
        match &current.ty {
            ir::Ty::List(item) => {
                prefix.push_str("items.");
                current = item;
            }
            ir::Ty::Map(value) => {
                prefix.push_str("values.");
                current = value;
            }
            _ => break,
        }
    }
    out
}

fn add_constraints(c: &ir::Constraints, prefix: &str, out: &mut ConstraintMap) {
    let mut put = |key: &str, value: Option<serde_json::Value>| {
        if let Some(value) = value {
            out.insert(format!("{prefix}{key}"), value);
        }
    };
    put("format", c.format.map(|f| f.as_str().into()));
    put("minLength", c.min_length.map(Into::into));
    put("maxLength", c.max_length.map(Into::into));
    put("pattern", c.pattern.clone().map(Into::into));
    put("minimum", c.minimum.map(|b| b.as_f64().into()));
    put("maximum", c.maximum.map(|b| b.as_f64().into()));
    put("minItems", c.min_items.map(Into::into));
    put("maxItems", c.max_items.map(Into::into));
}

fn operation_summary(api: &ir::Api, op: &ir::Operation) -> OperationSummary {
    let success_type = match &op.success_enum {
        Some(name) => name.clone(),
        None => op
            .responses
            .iter()
            .find(|r| r.is_success())
            .and_then(|r| r.body.as_ref())
            .map_or_else(|| "()".to_owned(), |body| shape_type(api, body)),
    };
    let error_type = op
        .error_enum
        .clone()
        .unwrap_or_else(|| "std::convert::Infallible".to_owned());
    let statuses: BTreeMap<String, StatusSummary> = op
        .responses
        .iter()
        .map(|r| {
            let summary = StatusSummary {
                success: r.is_success(),
                body: r.body.as_ref().map(|shape| shape_type(api, shape)),
                doc: doc_hash(Some(&r.description)),
            };
            (r.status.to_string(), summary)
        })
        .collect();
    let doc = match (&op.summary, &op.description) {
        (None, None) => None,
        (s, d) => doc_hash(Some(&format!(
            "{}\n{}",
            s.as_deref().unwrap_or_default(),
            d.as_deref().unwrap_or_default()
        ))),
    };
    OperationSummary {
        operation_id: op.operation_id.clone(),
        method: op.method.as_str().to_owned(),
        path: op.path.text.clone(),
        functions: vec![
            op.build_fn.clone(),
            op.parse_fn.clone(),
            format!("Client::{}", op.rust),
        ],
        path_params: op
            .path_params
            .iter()
            .map(|p| format!("{}: {}", p.wire, p.rust))
            .collect(),
        headers: op
            .headers
            .iter()
            .map(|i| api.settings[*i].header.clone())
            .collect(),
        request: op.request.as_ref().map(|shape| shape_type(api, shape)),
        success_type,
        error_type,
        statuses,
        doc,
    }
}

fn webhook_summary(api: &ir::Api, hook: &ir::Webhook) -> WebhookSummary {
    let headers = hook
        .headers
        .iter()
        .map(|h| match &h.rust {
            None => format!("{}: (signature)", h.wire),
            Some(rust) => format!(
                "{}: {rust} ({}{})",
                h.wire,
                if h.required { "required" } else { "optional" },
                if h.sensitive { ", sensitive" } else { "" }
            ),
        })
        .collect();
    let scheme = &hook.signature;
    let parts: Vec<String> = scheme
        .parts
        .iter()
        .map(|part| match part {
            ir::SignaturePart::Secret => "secret".to_owned(),
            ir::SignaturePart::Body => "body".to_owned(),
            ir::SignaturePart::Header(index) => format!("header:{}", hook.headers[*index].wire),
        })
        .collect();
    let answer = match &hook.answer.body {
        Some(body) => format!("{} {}", hook.answer.status, shape_type(api, body)),
        None => hook.answer.status.to_string(),
    };
    WebhookSummary {
        name: hook.name.clone(),
        method: hook.method.as_str().to_owned(),
        functions: vec![
            hook.receive_fn.clone(),
            hook.receive_request_fn.clone(),
            hook.answer_fn.clone(),
            hook.sign_fn.clone(),
            hook.sign_request_fn.clone(),
            hook.headers_struct.clone(),
            hook.scheme_const.clone(),
        ],
        headers,
        payload: shape_type(api, &hook.payload),
        answer,
        signature: format!(
            "{} {} in {} over {}",
            scheme.algorithm.as_str(),
            scheme.encoding.as_str(),
            hook.headers[scheme.header].wire,
            parts.join(" + ")
        ),
        doc: doc_hash(
            [hook.summary.as_deref(), hook.description.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n")
                .as_str()
                .into(),
        ),
    }
}
