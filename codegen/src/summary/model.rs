//! The change-report model: a compact, serializable digest of one API as a downstream crate sees
//! it (Rust names and types, wire names, presence, constraints, operations, statuses).
//!
//! It is deliberately independent of [`crate::ir`]: only `from_ir.rs` reads the IR, so the
//! `change-report` crate (`report/`: diff, classification, reports) survives a change of the IR's
//! shape. The JSON form is kept in
//! the repository (`generated/summary/<api>.json`), so it must stay deterministic: every collection
//! is a `BTreeMap` or an order that the spec decides and that matters to users.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Version of this file format; a summary with another format is treated as absent.
pub const FORMAT: u32 = 1;

/// Constraint keywords (`maxLength`, `items.pattern`, ...) with their values.
pub type ConstraintMap = BTreeMap<String, serde_json::Value>;

/// One API: what `generated/summary/<module>.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiSummary {
    /// The do-not-edit banner.
    #[serde(rename = "@generated")]
    pub generated: String,
    pub format: u32,
    /// Module and cargo feature name (`forter`).
    pub module: String,
    /// The spec file (`spec/forter/openapi.json`).
    pub source: String,
    /// Version of the generated crate this summary was generated for.
    pub crate_version: String,
    /// `info.version` of the spec.
    pub api_version: String,
    pub base_url: String,
    pub basic_auth: bool,
    /// Header settings (`Config` fields) by wire header name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, SettingSummary>,
    /// Every named type, by Rust name.
    pub types: BTreeMap<String, TypeSummary>,
    /// Every operation, by Rust function name (`validate_order`).
    pub operations: BTreeMap<String, OperationSummary>,
    /// The notifications the API sends, by `operationId` (absent in summaries written before
    /// webhooks were generated, and for APIs without any).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub webhooks: BTreeMap<String, WebhookSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingSummary {
    /// `Config` field (`site_id`).
    pub rust: String,
    /// Required settings are arguments of `Config::new`.
    pub required: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: ConstraintMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    Struct,
    Enum,
    Union,
    Conditional,
    Alias,
    Newtype,
}

impl TypeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TypeKind::Struct => "struct",
            TypeKind::Enum => "enum",
            TypeKind::Union => "union enum",
            TypeKind::Conditional => "conditional enum",
            TypeKind::Alias => "type alias",
            TypeKind::Newtype => "newtype struct",
        }
    }
}

/// One named type. Only the members of its kind are filled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeSummary {
    pub kind: TypeKind,
    /// Short hash of the doc text (a change shows as "docs changed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Struct fields, by wire key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldSummary>,
    /// Struct: Rust names of the fields the typestate builder requires, in type-parameter order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builder_required: Vec<String>,
    /// String enum values, by wire value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, ValueSummary>,
    /// Union and conditional variants, in the order they are tried.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<VariantSummary>,
    /// Alias: the aliased Rust type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_of: Option<String>,
    /// Alias: constraints of the aliased value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: ConstraintMap,
}

impl TypeSummary {
    pub fn new(kind: TypeKind) -> Self {
        TypeSummary {
            kind,
            doc: None,
            fields: BTreeMap::new(),
            builder_required: Vec::new(),
            values: BTreeMap::new(),
            variants: Vec::new(),
            alias_of: None,
            constraints: ConstraintMap::new(),
        }
    }
}

/// How a field's key appears on the wire, and so its `Option` wrapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Required,
    RequiredNullable,
    Optional,
    OptionalNullable,
    Flattened,
}

impl Presence {
    /// The builder requires the field (it is a type parameter of the builder).
    pub fn builder_required(self) -> bool {
        matches!(self, Presence::Required | Presence::Flattened)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Required => "required",
            Presence::RequiredNullable => "required, nullable",
            Presence::Optional => "optional",
            Presence::OptionalNullable => "optional, nullable",
            Presence::Flattened => "flattened conditional",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSummary {
    /// Rust field name (`customer_ip`, `r#type`).
    pub rust: String,
    /// Full Rust type of the field (`Option<Vec<CartItem>>`).
    pub ty: String,
    pub presence: Presence,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: ConstraintMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The builder's extra setters of a field it does not require and what they send
    /// (`maybe_carrier(None): leaves the key out`, `null_carrier(): sends null`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setters: Vec<String>,
}

impl FieldSummary {
    /// The extra setters; for a summary written before they were recorded, what the generator
    /// made then (`maybe_x` only, whose `None` sent `null` for every nullable field).
    pub fn setters_or_legacy(&self) -> Vec<String> {
        if !self.setters.is_empty() || self.presence.builder_required() {
            return self.setters.clone();
        }
        let maybe = format!("maybe_{}", self.rust.trim_start_matches("r#"));
        let none = match self.presence {
            Presence::Optional => LEAVES_KEY_OUT,
            _ => SENDS_NULL,
        };
        vec![format!("{maybe}(None): {none}")]
    }
}

/// What a setter's `None` does: the key is not sent.
pub const LEAVES_KEY_OUT: &str = "leaves the key out";
/// What a setter's `None` (or a `null_x()`) does: the key is sent as `null`.
pub const SENDS_NULL: &str = "sends null";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueSummary {
    /// Variant name (`PendingReview`).
    pub rust: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantSummary {
    /// Variant name.
    pub rust: String,
    /// Wire key (conditionals: the flag or the dependent key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire: Option<String>,
    /// Payload type; none for a unit variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: ConstraintMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationSummary {
    /// `operationId` as written.
    pub operation_id: String,
    pub method: String,
    pub path: String,
    /// The public functions and methods of the operation (`build_x`, `parse_x`, `Client::x`).
    pub functions: Vec<String>,
    /// Path parameters in argument order: `wire: rust`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path_params: Vec<String>,
    /// Header settings the operation sends.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
    /// Rust type of the request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// What `parse_x` returns on success.
    pub success_type: String,
    /// What `Error::Api` carries (`std::convert::Infallible` without documented errors).
    pub error_type: String,
    /// Documented statuses, by code.
    pub statuses: BTreeMap<String, StatusSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A notification the API sends (OpenAPI `webhooks`), received in `<api>::webhooks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookSummary {
    /// The key under `webhooks`.
    pub name: String,
    pub method: String,
    /// The public items of the webhook (`receive_x`, `sign_x`, `XHeaders`, `X_SIGNATURE`...).
    pub functions: Vec<String>,
    /// The headers the sender sets, in document order: `wire: rust (required|optional)`, the
    /// signature header as `wire: (signature)`.
    pub headers: Vec<String>,
    /// Rust type the receiver returns.
    pub payload: String,
    /// The answer: `<status> <Rust type>` or `<status>` without a body.
    pub answer: String,
    /// The signature scheme: `<algorithm> <encoding> in <header> over <part> + <part>...`.
    pub signature: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusSummary {
    pub success: bool,
    /// Rust type of the body; none when the answer has no body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl ApiSummary {
    /// The stable, pretty-printed JSON kept in `generated/summary/`.
    pub fn to_json(&self) -> String {
        match serde_json::to_string_pretty(self) {
            Ok(mut text) => {
                text.push('\n');
                text
            }
            // Serializing plain data with string keys cannot fail; keep the generator panic-free.
            Err(err) => format!("{{\"error\": \"{err}\"}}\n"),
        }
    }

    /// Reads a summary written by [`ApiSummary::to_json`]; a different format is an error.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let format = value.get("format").and_then(serde_json::Value::as_u64);
        if format != Some(u64::from(FORMAT)) {
            return Err(format!(
                "summary format {} is not the supported format {FORMAT}",
                format.map_or_else(|| "unknown".to_owned(), |f| f.to_string())
            ));
        }
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

/// A short, stable hash of a doc text (FNV-1a, 64 bits, hex), so doc edits are visible without
/// copying every description into the summary.
pub fn doc_hash(text: Option<&str>) -> Option<String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    Some(format!("{hash:016x}"))
}
