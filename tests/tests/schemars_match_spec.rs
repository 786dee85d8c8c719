//! The JSON Schema that schemars derives for each generated type (feature `schemars`) describes
//! the same wire format as the spec's component schema it was generated from.
//!
//! Every component of `components.schemas` of both specs is listed in [`rust_types`], sorted by
//! kind (struct, enum, union, alias); the test fails if a component is missing from the list, if
//! the list names something that is not a component, or if the kind differs. Nothing is excluded:
//! aliases (`ProductList`, `FieldErrors`, `Language`) are compared by their shape, unions by the
//! shapes of their branches.
//!
//! # What is compared, and the rules
//!
//! - **Structs**: the property names, the required set and each property's shape. The spec's
//!   properties and `required` include those of non-conditional `allOf` branches (`$ref`s
//!   followed); a flag conditional (`if`/`then`/`else` branch) adds nothing, because its flag and
//!   dependent field are already in `properties` and, by the conventions, out of `required`. The
//!   generator flattens each conditional into one enum field (`#[serde(flatten)]`), so its two
//!   keys come through the flattened enum's schema, as plain properties that are not required.
//! - **Required** means "the key must be present". A required non-nullable property is a plain
//!   Rust field, which schemars lists as required. A required *nullable* property becomes an
//!   `Option` that is always written (`null` when `None`); schemars never lists an `Option` field as
//!   required, so it is expected **outside** schemars' `required` and must be nullable there. So:
//!   `schemars.required == spec.required - nullable(spec)`.
//! - **Nullability**: a property the spec makes nullable must be nullable in schemars. An optional
//!   property is an `Option` that schemars shows as nullable too (serde reads `null` as absent),
//!   which is accepted for optional properties only: a required non-nullable property must not be
//!   nullable in schemars.
//! - **Shapes**: a `$ref` to a struct, enum or union component must be a `$ref` to the `$defs`
//!   entry of the same name; a `$ref` to an alias component is compared by the alias's own shape
//!   (schemars inlines `String`, `Vec` and maps); scalars by JSON type (`format` is not compared:
//!   schemars adds `int64`/`double` and drops the spec's string formats); arrays by item shape; a
//!   free-form object (`additionalProperties: true`) must be one in schemars too.
//! - **Enums**: the `enum` values, in order, equal schemars' `enum` and the type's `KNOWN_VALUES`;
//!   every known value parses to a named variant (not `Unrecognized`) and prints back unchanged.
//! - `description`s, string formats and constraints (`pattern`, `maxLength`, ...) and
//!   `additionalProperties: false` (ignored when reading, by the conventions) are not compared.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{json, Value};
use workspace_tests::*;

// ---------------------------------------------------------------------------------------------
// The list of generated types

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Struct,
    Enum,
    Union,
    Alias,
}

/// A generated type: its name (the component's), kind and the schema schemars derives for it.
struct RustType {
    api: &'static str,
    name: &'static str,
    kind: Kind,
    schema: Value,
    /// For enums: `KNOWN_VALUES`, and the problems of parsing / printing each of them.
    enum_check: Option<(Vec<String>, Vec<String>)>,
}

/// Parses every known value of an enum and prints it back.
fn enum_check<T>(known: &[&str]) -> (Vec<String>, Vec<String>)
where
    T: fmt::Display + fmt::Debug + std::str::FromStr + serde::de::DeserializeOwned,
    <T as std::str::FromStr>::Err: fmt::Debug,
{
    let mut problems = Vec::new();
    for value in known {
        let parsed: T =
            serde_json::from_value(Value::from(*value)).expect("a string enum reads any string");
        let shown = format!("{parsed:?}");
        if shown.starts_with("Unrecognized") {
            problems.push(format!("{value:?} parses to {shown}, not a named variant"));
        }
        if parsed.to_string() != *value {
            problems.push(format!("{value:?} prints back as {:?}", parsed.to_string()));
        }
        match value.parse::<T>() {
            Ok(p) if format!("{p:?}") == shown => {}
            other => problems.push(format!(
                "{value:?}: FromStr gives {other:?}, deserialization gives {shown}"
            )),
        }
    }
    (known.iter().map(|s| s.to_string()).collect(), problems)
}

macro_rules! rust_types {
    ($(
        $api:ident {
            structs: [$($s:ident),* $(,)?],
            enums: [$($e:ident),* $(,)?],
            unions: [$($u:ident),* $(,)?],
            aliases: [$($a:ident),* $(,)?] $(,)?
        }
    )*) => {
        vec![$(
            $(RustType {
                api: stringify!($api),
                name: stringify!($s),
                kind: Kind::Struct,
                schema: schemars::schema_for!(commerce_apis::$api::$s).to_value(),
                enum_check: None,
            },)*
            $(RustType {
                api: stringify!($api),
                name: stringify!($e),
                kind: Kind::Enum,
                schema: schemars::schema_for!(commerce_apis::$api::$e).to_value(),
                enum_check: Some(enum_check::<commerce_apis::$api::$e>(
                    commerce_apis::$api::$e::KNOWN_VALUES,
                )),
            },)*
            $(RustType {
                api: stringify!($api),
                name: stringify!($u),
                kind: Kind::Union,
                schema: schemars::schema_for!(commerce_apis::$api::$u).to_value(),
                enum_check: None,
            },)*
            $(RustType {
                api: stringify!($api),
                name: stringify!($a),
                kind: Kind::Alias,
                schema: schemars::schema_for!(commerce_apis::$api::$a).to_value(),
                enum_check: None,
            },)*
        )*]
    };
}

/// Every generated model type, by API and kind. Keep it in sync with `components.schemas`:
/// [`every_component_is_listed_once_with_its_kind`] fails otherwise.
fn rust_types() -> Vec<RustType> {
    rust_types! {
        forter {
            structs: [
                MoneyAmount, SavedData, UpdateTimes, Address, PersonalDetails,
                ContactVerification, Phone, Rating, Duration, GeoLocation, LocationDetails,
                VerificationDocument, PaymentGatewayData, PaymentProcessorData, BankAccount,
                BankTransfer, CryptoWallet, RecipientComments, Recipient, Discount,
                TotalDiscount, DeliveryDetails, BasicItemData, IpAddressRecord, SellerDetails,
                Seller, PosDetails, ItemReturnData, Accommodation, WebHosting,
                DigitalGoodsAndServices, Food, Gaming, PhysicalGoods, ProfessionalServices,
                TicketsAndEvents, Transport, ItemSpecificData, ShopifyAdditionalItemData,
                CartItem, ConnectionInformation, SocialNetworkData, LoyaltyProgram,
                AccountOwner, MerchantIdentifiers, MagentoAdditionalOrderData,
                BigCommerceAdditionalOrderData, HybrisAdditionalOrderData,
                ShopifyAdditionalOrderData, AdditionalIdentifiers, EngagementActivity, Invite,
                CustomerEngagement, EmailInAccount, CustomerAccountData, AcquirerData,
                Psd2Exemption, ThreeDSecure, VerificationResults, Card, EmploymentInformation,
                BillingDetails, CreditLineDetails, UnderlyingPaymentMethod, DigitalWallet,
                StoredValuePayment, InstallmentService, LoyaltyPoints, MobileMoney, Paypal,
                RecurringPayment, Venmo, Payment, PhoneOrderInformation, V3OrderRequest,
                ThreeDsAuthenticationData, VerificationSpecificData, VerificationMethod,
                V3OrderResponse, StatusLog, CompensationStatusData, ItemStatus,
                MerchantAgentData, CompensationStatus, DeliveryStatusInfo, RefundInformation,
                OrderStatusRequest, StatusResponse, CompensationData, CompensationItem,
                CompensationRequest, UnifiedCompensationRequest,
                UnifiedCompensationRequestResponse, ErrorResponse, ErrorDetail,
                DecisionNotification, DecisionNotificationAnswer,
            ],
            enums: [
                OrderType, AuthorizationStep, CartItemType, DeliveryType, OrderStatus,
                ForterDecision, Recommendation, VerificationMethodType,
                VerificationMethodStatus, ApiResultStatus, InitiationType, ReturnMethod,
                CompensationType, ReasonCategory, CompensationUpdatedStatus, ReturnCondition,
                ThreeDsInteractionMode, AuthenticationMethodType, CardType,
                LoyaltyPointsSource, ScaOutOfScope, ScaExemption, Execute3ds, ThreeDsExecutor,
                Psd2ExemptionChannel, Psd2ExemptionType, RefundMethod, RefundStatus,
                RefundInitiatedBy, MagentoOrderStage, HybrisOrderStage, AccountStatus,
                AccountType, DocumentSource, AddressType, EmailRole, CryptoWalletType,
                CardEntryMethod, AccommodationType, RatingType, LocationSource, TransportType,
                CreditLineLimitIncreaseMethod, InviteType, DigitalWalletName,
                UnderlyingPaymentMethodType, MobileMoneyNetwork, DecisionNotificationAction,
                DecisionNotificationAnswerAction,
            ],
            unions: [NumericCode],
            aliases: [],
        }
        forte {
            structs: [
                CreateProductRequest, UpdateProductRequest, Product, ProductValidationError,
                ProductNotFound,
            ],
            enums: [TransactionType, VisibleField],
            unions: [MinorUnits, StockQuantity, ShopId],
            aliases: [ProductList, FieldErrors, Language],
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the spec side

/// The kind of Rust item the generator makes from a component schema.
fn spec_kind(schema: &Value) -> Kind {
    if schema.get("enum").is_some() {
        Kind::Enum
    } else if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
        Kind::Union
    } else if schema.get("properties").is_some() || schema.get("allOf").is_some() {
        Kind::Struct
    } else {
        Kind::Alias
    }
}

/// The wire shape of a schema, for comparison across the two sides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// A named struct, enum or union.
    Ref(String),
    /// `string`, `integer`, `number`, `boolean`.
    Scalar(String),
    Array(Box<Shape>),
    /// An object of values of one shape (`additionalProperties: <schema>`).
    Map(Box<Shape>),
    /// A free-form JSON object (`additionalProperties: true`).
    FreeForm,
    /// Anything else, shown as JSON.
    Other(String),
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Ref(name) => write!(f, "{name}"),
            Shape::Scalar(t) => write!(f, "{t}"),
            Shape::Array(item) => write!(f, "array of {item}"),
            Shape::Map(value) => write!(f, "map of {value}"),
            Shape::FreeForm => write!(f, "free-form object"),
            Shape::Other(raw) => write!(f, "{raw}"),
        }
    }
}

/// A shape and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Slot {
    shape: Shape,
    nullable: bool,
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nullable {
            write!(f, "{} or null", self.shape)
        } else {
            write!(f, "{}", self.shape)
        }
    }
}

fn ref_name(target: &str) -> String {
    target.rsplit('/').next().unwrap_or_default().to_string()
}

/// `type` as a list of JSON types (a string or an array of strings).
fn types_of(schema: &Value) -> Vec<String> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The shape of a schema of either side. `resolve` maps a `$ref` target to `Some(schema)` when
/// the referenced component is an alias whose own shape is to be used, `None` to keep the name.
fn slot_of(schema: &Value, resolve: &dyn Fn(&str) -> Option<Value>) -> Slot {
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        return match resolve(target) {
            Some(alias) => slot_of(&alias, resolve),
            None => Slot {
                shape: Shape::Ref(ref_name(target)),
                nullable: false,
            },
        };
    }
    // `anyOf` / `oneOf` of one schema and `{"type": "null"}`: a nullable schema.
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = schema.get(key) {
            let null = json!({"type": "null"});
            let (nulls, others): (Vec<&Value>, Vec<&Value>) = branches
                .iter()
                .partition(|b| b.get("type") == null.get("type"));
            if nulls.len() == 1 && others.len() == 1 {
                let inner = slot_of(others[0], resolve);
                return Slot {
                    shape: inner.shape,
                    nullable: true,
                };
            }
            return Slot {
                shape: Shape::Other(schema.to_string()),
                nullable: false,
            };
        }
    }
    let types = types_of(schema);
    let nullable = types.iter().any(|t| t == "null");
    let non_null: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    let shape = match non_null.as_slice() {
        [t] if t.as_str() == "array" => {
            let items = schema.get("items").cloned().unwrap_or(json!({}));
            Shape::Array(Box::new(slot_of(&items, resolve).shape))
        }
        [t] if t.as_str() == "object" && schema.get("properties").is_none() => {
            match schema.get("additionalProperties") {
                Some(Value::Bool(true)) => Shape::FreeForm,
                Some(value @ Value::Object(_)) => {
                    Shape::Map(Box::new(slot_of(value, resolve).shape))
                }
                _ => Shape::Other(schema.to_string()),
            }
        }
        [t] if ["string", "integer", "number", "boolean"].contains(&t.as_str())
            && schema.get("enum").is_none() =>
        {
            Shape::Scalar(t.to_string())
        }
        _ => Shape::Other(structural(schema).to_string()),
    };
    Slot { shape, nullable }
}

/// `schema` without annotations (docs, examples, `x-` extensions): what a value must look like.
fn structural(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| {
                    !key.starts_with("x-")
                        && !["description", "title", "examples", "default", "$comment"]
                            .contains(&key.as_str())
                })
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The spec-side resolver: a `$ref` to an alias component is replaced by the alias's schema.
fn spec_resolver(doc: &Value) -> impl Fn(&str) -> Option<Value> + '_ {
    move |target| {
        let component = resolve_ref(doc, target).ok()?;
        (spec_kind(component) == Kind::Alias).then(|| component.clone())
    }
}

/// The schemars-side resolver: `$ref`s into `$defs` keep their name.
fn no_resolver(_: &str) -> Option<Value> {
    None
}

/// An object schema's properties and required set, including those of `allOf` branches (`$ref`s
/// followed). Flag-conditional branches (`if`) contribute nothing.
fn spec_object(doc: &Value, schema: &Value) -> (BTreeMap<String, Value>, BTreeSet<String>) {
    let mut properties = BTreeMap::new();
    let mut required = BTreeSet::new();
    let mut pending = vec![schema.clone()];
    while let Some(mut branch) = pending.pop() {
        if let Some(target) = branch.get("$ref").and_then(Value::as_str) {
            branch = resolve_ref(doc, target)
                .expect("spec $refs resolve")
                .clone();
        }
        if branch.get("if").is_some() {
            continue;
        }
        if let Some(props) = branch.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                properties.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        if let Some(req) = branch.get("required").and_then(Value::as_array) {
            required.extend(req.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(all) = branch.get("allOf").and_then(Value::as_array) {
            pending.extend(all.iter().cloned());
        }
    }
    (properties, required)
}

// ---------------------------------------------------------------------------------------------
// The comparison

/// Differences between the spec's component `name` and the schemars schema of its Rust type.
fn compare(doc: &Value, name: &str, kind: Kind, rust: &Value) -> Vec<String> {
    let pointer = pointer_push("/components/schemas", name);
    let Some(spec) = resolve_pointer(doc, &pointer) else {
        return vec![format!("{pointer}: no such component")];
    };
    let resolver = spec_resolver(doc);
    let mut problems = Vec::new();
    match kind {
        Kind::Struct => {
            let (spec_props, spec_required) = spec_object(doc, spec);
            let empty = serde_json::Map::new();
            let rust_props = rust
                .get("properties")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            let rust_required: BTreeSet<String> = rust
                .get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            for key in spec_props.keys() {
                if !rust_props.contains_key(key) {
                    problems.push(format!(
                        "{pointer}: property {key:?} is not in the Rust type"
                    ));
                }
            }
            for key in rust_props.keys() {
                if !spec_props.contains_key(key) {
                    problems.push(format!(
                        "{pointer}: the Rust type has {key:?}, the spec does not"
                    ));
                }
            }
            let mut expected_required = BTreeSet::new();
            for (key, spec_prop) in &spec_props {
                let Some(rust_prop) = rust_props.get(key) else {
                    continue;
                };
                let want = slot_of(spec_prop, &resolver);
                let got = slot_of(rust_prop, &no_resolver);
                let required = spec_required.contains(key);
                if required && !want.nullable {
                    expected_required.insert(key.clone());
                }
                if want.shape != got.shape {
                    problems.push(format!(
                        "{pointer}/properties/{key}: the spec says {want}, schemars says {got}"
                    ));
                } else if want.nullable && !got.nullable {
                    problems.push(format!(
                        "{pointer}/properties/{key}: nullable in the spec, not in schemars ({got})"
                    ));
                } else if got.nullable && !want.nullable && required {
                    problems.push(format!(
                        "{pointer}/properties/{key}: required and not nullable in the spec, but \
                         schemars accepts null"
                    ));
                }
            }
            for key in spec_required.difference(&spec_props.keys().cloned().collect()) {
                problems.push(format!("{pointer}: {key:?} is required but not a property"));
            }
            if rust_required != expected_required {
                let missing: Vec<_> = expected_required.difference(&rust_required).collect();
                let extra: Vec<_> = rust_required.difference(&expected_required).collect();
                problems.push(format!(
                    "{pointer}: required sets differ: required in the spec (and not nullable) but \
                     not in schemars: {missing:?}; required in schemars but not in the spec: \
                     {extra:?}"
                ));
            }
        }
        Kind::Enum => {
            let spec_values = spec.get("enum").cloned().unwrap_or(Value::Null);
            let rust_values = rust.get("enum").cloned().unwrap_or(Value::Null);
            if spec_values != rust_values {
                problems.push(format!(
                    "{pointer}/enum: the spec lists {spec_values}, schemars lists {rust_values}"
                ));
            }
            if types_of(rust) != ["string"] {
                problems.push(format!(
                    "{pointer}: schemars type is {:?}, not string",
                    rust.get("type")
                ));
            }
        }
        Kind::Union => {
            let branches = |schema: &Value, key: &str, resolve: &dyn Fn(&str) -> Option<Value>| {
                let mut slots: Vec<Slot> = schema
                    .get(key)
                    .and_then(Value::as_array)
                    .map(|bs| bs.iter().map(|b| slot_of(b, resolve)).collect())
                    .unwrap_or_default();
                slots.sort();
                slots
            };
            let spec_key = if spec.get("oneOf").is_some() {
                "oneOf"
            } else {
                "anyOf"
            };
            let want = branches(spec, spec_key, &resolver);
            // An untagged enum is an `anyOf` in schemars (serde tries the variants in order).
            let got = branches(rust, "anyOf", &no_resolver);
            if want != got || want.is_empty() {
                problems.push(format!(
                    "{pointer}/{spec_key}: the spec's branches are [{}], schemars' are [{}]",
                    want.iter()
                        .map(Slot::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    got.iter()
                        .map(Slot::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        Kind::Alias => {
            let want = slot_of(spec, &resolver);
            let got = slot_of(rust, &no_resolver);
            if want != got {
                problems.push(format!(
                    "{pointer}: the spec says {want}, schemars says {got}"
                ));
            }
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn every_component_is_listed_once_with_its_kind() {
    let types = rust_types();
    let mut problems = Vec::new();
    for spec in loadable_specs() {
        let components = component_schemas(&spec.doc);
        assert!(!components.is_empty(), "{}: no components", spec.file());
        for (name, schema) in &components {
            let listed: Vec<&RustType> = types
                .iter()
                .filter(|t| t.api == spec.api && t.name == *name)
                .collect();
            match listed.as_slice() {
                [] => problems.push(format!(
                    "{}: component {name} ({:?}) is not in the list of tests/tests/\
                     schemars_match_spec.rs: add it",
                    spec.file(),
                    spec_kind(schema)
                )),
                [t] if t.kind != spec_kind(schema) => problems.push(format!(
                    "{}: component {name} is listed as {:?}, but the spec makes it {:?}",
                    spec.file(),
                    t.kind,
                    spec_kind(schema)
                )),
                [_] => {}
                _ => problems.push(format!("{}: {name} is listed twice", spec.file())),
            }
        }
        for t in types.iter().filter(|t| t.api == spec.api) {
            if !components.iter().any(|(name, _)| *name == t.name) {
                problems.push(format!(
                    "{}: {} is listed but is not a component of the spec",
                    spec.file(),
                    t.name
                ));
            }
        }
    }
    for t in &types {
        if !loadable_specs().iter().any(|s| s.api == t.api) {
            problems.push(format!(
                "{}::{} is listed, but there is no spec/{}",
                t.api, t.name, t.api
            ));
        }
    }
    assert!(problems.is_empty(), "{}", join_problems(problems));
}

#[test]
fn schemars_schemas_match_the_spec() {
    let mut problems = Vec::new();
    let mut compared = BTreeMap::<Kind, usize>::new();
    for spec in loadable_specs() {
        for t in rust_types().iter().filter(|t| t.api == spec.api) {
            for p in compare(&spec.doc, t.name, t.kind, &t.schema) {
                problems.push(format!("{}: {p}", spec.file()));
            }
            *compared.entry(t.kind).or_default() += 1;
        }
    }
    assert!(problems.is_empty(), "{}", join_problems(problems));
    for kind in [Kind::Struct, Kind::Enum, Kind::Union, Kind::Alias] {
        assert!(
            compared.get(&kind).copied().unwrap_or(0) > 0,
            "no {kind:?} compared: the check would be vacuous"
        );
    }
}

#[test]
fn enum_known_values_match_the_spec() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for spec in loadable_specs() {
        for t in rust_types().iter().filter(|t| t.api == spec.api) {
            let Some((known, parse_problems)) = &t.enum_check else {
                continue;
            };
            let pointer = pointer_push("/components/schemas", t.name);
            let spec_values: Vec<String> = resolve_pointer(&spec.doc, &format!("{pointer}/enum"))
                .and_then(Value::as_array)
                .map(|vs| {
                    vs.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            if *known != spec_values {
                problems.push(format!(
                    "{}: {pointer}/enum is {spec_values:?}, {}::{}::KNOWN_VALUES is {known:?}",
                    spec.file(),
                    t.api,
                    t.name
                ));
            }
            for p in parse_problems {
                problems.push(format!("{}::{}: {p}", t.api, t.name));
            }
            checked += known.len();
        }
    }
    assert!(problems.is_empty(), "{}", join_problems(problems));
    assert!(checked > 0, "no enum value checked");
}

#[test]
fn flag_conditionals_come_through_the_flattened_enums() {
    // Forte's create request has two flag conditionals; their four keys are plain, optional,
    // non-nullable properties of the schemars schema, as in the spec.
    let schema = schemars::schema_for!(commerce_apis::forte::CreateProductRequest).to_value();
    for key in ["infinite", "quantity", "immortal", "expired_at"] {
        let prop = schema
            .pointer(&format!("/properties/{key}"))
            .unwrap_or_else(|| panic!("{key} missing from {schema}"));
        assert!(!slot_of(prop, &no_resolver).nullable, "{key}: {prop}");
        assert!(
            !schema["required"].as_array().unwrap().contains(&json!(key)),
            "{key} must not be required"
        );
    }
    let spec = spec_named("forte");
    let titles: Vec<&str> = spec.doc["components"]["schemas"]["CreateProductRequest"]["allOf"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["title"].as_str())
        .collect();
    assert_eq!(titles, ["ProductStock", "PaymentPeriod"]);
    // The flattened enums are named after the conditionals' titles.
    use schemars::JsonSchema;
    assert_eq!(
        commerce_apis::forte::ProductStock::schema_name(),
        "ProductStock"
    );
    assert_eq!(
        commerce_apis::forte::PaymentPeriod::schema_name(),
        "PaymentPeriod"
    );
}

#[test]
fn the_comparison_reports_differences() {
    let spec = spec_named("forter");
    let rust = schemars::schema_for!(commerce_apis::forter::V3OrderRequest).to_value();
    assert_eq!(
        compare(&spec.doc, "V3OrderRequest", Kind::Struct, &rust),
        Vec::<String>::new()
    );

    // A property the Rust type lacks, a required one fewer, a changed type.
    let mut doc = spec.doc.clone();
    let component = &mut doc["components"]["schemas"]["V3OrderRequest"];
    component["properties"]["brandNew"] = json!({"type": "string", "description": "x"});
    component["required"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r != "orderId");
    component["properties"]["checkoutTime"]["type"] = json!("string");
    let problems = compare(&doc, "V3OrderRequest", Kind::Struct, &rust);
    let all = problems.join("\n");
    assert!(
        all.contains("\"brandNew\" is not in the Rust type"),
        "{all}"
    );
    assert!(
        all.contains("required in schemars but not in the spec: [\"orderId\"]"),
        "{all}"
    );
    assert!(
        all.contains("properties/checkoutTime: the spec says string, schemars says integer"),
        "{all}"
    );

    // A required property must be in schemars' required set, and a nullable one nullable.
    let forte = spec_named("forte");
    let product = schemars::schema_for!(commerce_apis::forte::Product).to_value();
    assert_eq!(
        compare(&forte.doc, "Product", Kind::Struct, &product),
        Vec::<String>::new()
    );
    let mut doc = forte.doc.clone();
    doc["components"]["schemas"]["Product"]["required"] = json!(["id", "quantity"]);
    doc["components"]["schemas"]["Product"]["properties"]["quantity"]["type"] = json!("integer");
    let all = compare(&doc, "Product", Kind::Struct, &product).join("\n");
    assert!(all.contains("[\"quantity\"]"), "{all}");

    // An enum value the Rust type does not know.
    let mut doc = spec.doc.clone();
    doc["components"]["schemas"]["OrderType"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("NEW_CHANNEL"));
    let rust = schemars::schema_for!(commerce_apis::forter::OrderType).to_value();
    let all = compare(&doc, "OrderType", Kind::Enum, &rust).join("\n");
    assert!(all.contains("NEW_CHANNEL"), "{all}");

    // A union branch of another type.
    let mut doc = spec.doc.clone();
    doc["components"]["schemas"]["NumericCode"]["oneOf"][1]["type"] = json!("boolean");
    let rust = schemars::schema_for!(commerce_apis::forter::NumericCode).to_value();
    let all = compare(&doc, "NumericCode", Kind::Union, &rust).join("\n");
    assert!(all.contains("boolean"), "{all}");
}
