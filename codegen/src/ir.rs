//! The resolved model the emitters work from. Lowering decides everything here: every identifier
//! the generated crate will contain (types, fields, variants, builders, functions, parameters,
//! `Config` and `Client` members) is final and unique, every reference is a [`TypeId`], the path
//! template is parsed, constraints are typed and alias constraints already merged. Emitters only
//! turn these decisions into tokens.

use std::fmt;

/// One API (one spec document), emitted as one module of the generated crate.
#[derive(Debug, Clone)]
pub struct Api {
    /// Module name and cargo feature name (`forter`).
    pub module: String,
    /// The spec file the API was read from, as shown in banners and diagnostics.
    pub source: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Default base URL (`servers[0].url`).
    pub base_url: String,
    /// HTTP basic authentication, with the spec's explanation of user name and password.
    pub auth: Option<Auth>,
    /// Header parameters, which become per-API client settings.
    pub settings: Vec<HeaderSetting>,
    /// All types, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// The order in which types are emitted: each component, followed by the inline types it
    /// introduced, in document order.
    pub order: Vec<TypeId>,
    pub operations: Vec<Operation>,
    /// The notifications the API sends (OpenAPI `webhooks`), received in the module `webhooks`.
    pub webhooks: Vec<Webhook>,
}

impl Api {
    /// The type `id` refers to. Ids are only made by lowering, for this API's `types`.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The types in emission order.
    pub fn types_in_order(&self) -> impl Iterator<Item = &TypeDef> {
        self.order.iter().map(|id| self.ty(*id))
    }

    /// The Rust type text of a value of `shape` ([`type_text`]).
    pub fn type_text(&self, shape: &Shape) -> String {
        type_text(&self.types, shape)
    }

    /// The value `shape` stands for: the alias target when it names an alias (constraints
    /// already merged into `shape` by lowering), else `shape`'s own type.
    pub fn resolved_ty<'a>(&'a self, shape: &'a Shape) -> &'a Ty {
        match &shape.ty {
            Ty::Named(id) => match &self.ty(*id).alias_target {
                Some(target) => &target.ty,
                None => &shape.ty,
            },
            ty => ty,
        }
    }
}

/// Index of a type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone)]
pub struct Auth {
    pub description: Option<String>,
}

/// A header sent with operations, configured once per client.
#[derive(Debug, Clone)]
pub struct HeaderSetting {
    /// Wire header name (`x-forter-siteid`).
    pub header: String,
    /// Rust name of the `Config` field and of its getter (`site_id`).
    pub rust: String,
    /// `Config` method that sets an optional header (`with_site_id`); `None` for a required one,
    /// which `Config::new` takes.
    pub setter: Option<String>,
    pub doc: Option<String>,
    pub required: bool,
    pub example: Option<String>,
    pub constraints: Constraints,
    /// Its schema's `enum`: the values `build_*` accepts (the setting stays text).
    pub values: Option<Vec<String>>,
    /// Marked `x-sensitive`: redacted in `Config`'s `Debug`.
    pub sensitive: bool,
}

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    /// Read from some response body (directly or nested): always `Deserialize`. A type only
    /// requests use is `Deserialize` behind the `request-deserialize` feature.
    pub read: bool,
    pub doc: Option<String>,
    /// JSON pointer of the schema it came from.
    pub source: String,
    pub kind: TypeKind,
    /// Checking a value of it can report a violation: a constraint, an enum (which refuses its
    /// catch-all), a conditional or exclusion, somewhere inside. Set by the cycle pass; a union or
    /// newtype without any gets an empty `Validate` rather than a recursion that never reports.
    pub checked: bool,
    /// For an alias: the value it finally stands for, alias chains followed and their constraints
    /// merged (set by `lower/aliases.rs`, the one place aliases are followed); `None` otherwise.
    pub alias_target: Option<Shape>,
    /// The JSON Schema its `schemars::JsonSchema` serves, or an alias stands for where it is
    /// referred to (`lower/json_schemas.rs`); set for every type once lowering is done.
    pub json_schema: Option<serde_json::Value>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    Conditional(Conditional),
    /// A named array, map or primitive: `pub type Name = ...;`.
    Alias(Shape),
    /// A named array or map that contains itself (directly or through other such aliases, e.g.
    /// `A` = array of `A`), which a type alias cannot express: `pub struct Name(pub ...);`, the
    /// same JSON on the wire (see `docs/decisions/016-hostile-classes.md`).
    Newtype(Shape),
}

#[derive(Debug, Clone)]
pub struct Struct {
    /// Name of the builder type (`OrderBuilder`).
    pub builder: String,
    /// The typestate machinery of the builder, when some field is required; a struct whose
    /// fields are all optional gets a plain builder (no type parameters).
    pub builder_state: Option<BuilderState>,
    pub fields: Vec<Field>,
    /// "`dependent` must be absent when `flag` is true" rules between optional fields, checked
    /// by `build_*`.
    pub exclusions: Vec<Exclusion>,
}

/// An exclusion between two optional fields of a struct, as indexes into its `fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exclusion {
    /// The boolean flag (`infinite`).
    pub flag: usize,
    /// The field that must be absent when the flag is true (`quantity`).
    pub dependent: usize,
}

/// Names of the typestate builder's helpers (see `docs/decisions/011-builders-and-strict-enums.md`).
#[derive(Debug, Clone)]
pub struct BuilderState {
    /// Hidden module with one pair of state traits per required field (`order_builder`), claimed
    /// in the module's type namespace.
    pub module: String,
    /// Private struct holding the optional fields, moved whole by each required setter
    /// (`OrderBuilderOptional`); `None` when every field is required.
    pub optional_storage: Option<String>,
}

/// The state traits of one required field, in [`BuilderState::module`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateTraits {
    /// Implemented once the field is set; `build` requires it (`OrderIdIsSet`).
    pub is_set: String,
    /// Implemented while the field is unset; its setter requires it (`OrderIdIsUnset`).
    pub is_unset: String,
}

/// How a field's key appears on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, written as `null`.
    RequiredNullable,
    /// May be absent: `Option<T>`, omitted when `None`.
    Optional,
    /// May be absent or null: `Option<Option<T>>`.
    OptionalNullable,
    /// A conditional pair of keys flattened into the struct (the type is a [`Conditional`]).
    Flattened,
}

/// What the builder does with a field, decided in lowering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuilderRole {
    /// A required key, or a flattened conditional pair: a typestate parameter of the builder, set
    /// exactly once before `build()` compiles.
    Required(StateTraits),
    /// Every other field: starts at its default (absent, or `null` for a required nullable key)
    /// and has a setter taking the value and one taking an `Option`.
    Optional(OptionalSetters),
}

/// The setters of a field the builder does not require, beside the one named after the field.
///
/// Absent and `null` are distinct and mean the same on every builder: `maybe_x(None)` leaves the
/// field at its default (the key left out; a required nullable key, which cannot be left out,
/// is sent as `null`), and only `null_x()` asks for an explicit `null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionalSetters {
    /// The setter taking an `Option` (`maybe_carrier`), claimed beside the field setters.
    pub maybe: String,
    /// For a nullable field, the setter that sends `null` (`null_carrier`).
    pub null: Option<String>,
}

/// The Rust types of a field, spelled once by [`type_text`] in the last lowering pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldTypes {
    /// The value a setter takes, unboxed (`Vec<CartItem>`).
    pub value: String,
    /// The value as stored, boxed when the field breaks a cycle (`Box<Order>`).
    pub stored: String,
    /// The struct field's type, with `Option` for presence (`Option<Vec<CartItem>>`).
    pub field: String,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// Wire key (`customerIP`); for a flattened conditional, its title.
    pub wire: String,
    /// Rust field name, also the builder's setter (`customer_ip`).
    pub rust: String,
    pub doc: Option<String>,
    pub shape: Shape,
    pub presence: Presence,
    /// Required by the builder (a typestate parameter) or optional with its extra setters.
    pub role: BuilderRole,
    pub sensitive: bool,
    pub deprecated: bool,
    /// Set by the cycle pass: the field is boxed to break recursion.
    pub boxed: bool,
    /// Set by the last lowering pass: the value holds JSON Schema integers (directly, in lists or
    /// maps, or through an alias), read through `crate::support::integer` so `3.0` is one.
    pub reads_integer: bool,
    /// Set by the last lowering pass, once names and boxing are final.
    pub types: FieldTypes,
}

impl Field {
    /// Whether the builder must be given a value: a required key, or a flattened conditional
    /// pair (a typestate parameter each); the others default to absent (or `null`).
    pub fn is_builder_required(&self) -> bool {
        matches!(self.role, BuilderRole::Required(_))
    }

    /// The builder role a field of `presence` named `rust` takes, with its helper names.
    pub fn role_of(presence: Presence, rust: &str) -> BuilderRole {
        let bare = crate::names::bare(rust);
        match presence {
            Presence::Required | Presence::Flattened => {
                let pascal = crate::names::pascal(bare).unwrap_or_default();
                BuilderRole::Required(StateTraits {
                    is_set: format!("{pascal}IsSet"),
                    is_unset: format!("{pascal}IsUnset"),
                })
            }
            Presence::RequiredNullable | Presence::Optional | Presence::OptionalNullable => {
                let nullable = presence != Presence::Optional;
                BuilderRole::Optional(OptionalSetters {
                    maybe: format!("maybe_{bare}"),
                    null: nullable.then(|| format!("null_{bare}")),
                })
            }
        }
    }
}

/// A value's type and the constraints that apply to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ty: Ty,
    /// Every constraint on the value, those of a referenced alias included.
    pub constraints: Constraints,
}

impl Shape {
    pub fn plain(ty: Ty) -> Self {
        Shape {
            ty,
            constraints: Constraints::default(),
        }
    }
}

/// The Rust type of a value of `shape`, without any `Option` for presence: the one place the
/// generated code's type text is spelled (`Vec<CartItem>`, `std::collections::BTreeMap<String,
/// i64>`); emitters turn it into tokens, the change report shows it.
pub fn type_text(types: &[TypeDef], shape: &Shape) -> String {
    match &shape.ty {
        Ty::Named(id) => types[id.0].name.clone(),
        Ty::String => "String".into(),
        Ty::Integer => "i64".into(),
        Ty::Number => "f64".into(),
        Ty::Boolean => "bool".into(),
        // Free-form JSON keeps its text: every digit of every number, and `null`.
        Ty::Any => format!("{SUPPORT}JsonValue"),
        Ty::JsonObject => format!("{SUPPORT}JsonObject"),
        Ty::List(item) => format!("Vec<{}>", type_text(types, item)),
        Ty::Map(value) => format!("{MAP_TYPE}<String, {}>", type_text(types, value)),
    }
}

/// Where the generated code finds the runtime's types.
pub const SUPPORT: &str = "crate::support::";

/// The map type of `additionalProperties` objects, as the generated code names it.
pub const MAP_TYPE: &str = "std::collections::BTreeMap";

/// `value` boxed or not.
pub fn boxed_text(value: &str, boxed: bool) -> String {
    if boxed {
        format!("Box<{value}>")
    } else {
        value.to_owned()
    }
}

/// `value` wrapped in the `Option`s of `presence`.
pub fn presence_text(value: &str, presence: Presence) -> String {
    match presence {
        Presence::Required | Presence::Flattened => value.to_owned(),
        Presence::RequiredNullable | Presence::Optional => format!("Option<{value}>"),
        Presence::OptionalNullable => format!("Option<Option<{value}>>"),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Named(TypeId),
    String,
    Integer,
    Number,
    Boolean,
    /// Any JSON value.
    Any,
    /// A free-form JSON object.
    JsonObject,
    List(Box<Shape>),
    Map(Box<Shape>),
}

/// A JSON Schema `format` the generator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    DateTime,
    Date,
    Uri,
    Email,
    Ipv4,
    Ipv6,
    Uuid,
    Byte,
    Int32,
    Int64,
    Double,
}

impl Format {
    /// Every format, with its spelling in a spec.
    pub const ALL: [(Format, &'static str); 11] = [
        (Format::DateTime, "date-time"),
        (Format::Date, "date"),
        (Format::Uri, "uri"),
        (Format::Email, "email"),
        (Format::Ipv4, "ipv4"),
        (Format::Ipv6, "ipv6"),
        (Format::Uuid, "uuid"),
        (Format::Byte, "byte"),
        (Format::Int32, "int32"),
        (Format::Int64, "int64"),
        (Format::Double, "double"),
    ];

    /// The format spelled `name` in a spec.
    pub fn parse(name: &str) -> Option<Format> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(f, _)| *f)
    }

    /// Its spelling in a spec.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map(|(_, n)| *n)
            .unwrap_or_default()
    }

    /// Whether the format describes a string (the others describe numbers).
    pub fn is_string_format(self) -> bool {
        matches!(
            self,
            Format::DateTime
                | Format::Date
                | Format::Uri
                | Format::Email
                | Format::Ipv4
                | Format::Ipv6
                | Format::Uuid
                | Format::Byte
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Value constraints checked before a request is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub format: Option<Format>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

/// A `minimum` or `maximum` as the spec wrote it: an integer literal in `i64` range exactly (an
/// `f64` rounds integers beyond 2^53, so `9007199254740993` would become `9007199254740992`),
/// any other number as `f64` (beyond `i64`, rounding cannot bring it back into range).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Integer(i64),
    Number(f64),
}

impl Bound {
    /// The bound as a JSON number reads it (rounded beyond 2^53).
    pub fn as_f64(self) -> f64 {
        match self {
            // Rounding to the nearest double is the intent here.
            #[allow(clippy::cast_precision_loss)]
            Bound::Integer(n) => n as f64,
            Bound::Number(x) => x,
        }
    }

    /// As a lower bound of an integer: the least integer at or above it (`0.5` -> `1`).
    pub fn ceil_integer(self) -> i128 {
        match self {
            Bound::Integer(n) => i128::from(n),
            // Saturating: a bound beyond i128 is beyond every i64 too.
            Bound::Number(x) => x.ceil() as i128,
        }
    }

    /// As an upper bound of an integer: the greatest integer at or below it (`10.5` -> `10`).
    pub fn floor_integer(self) -> i128 {
        match self {
            Bound::Integer(n) => i128::from(n),
            Bound::Number(x) => x.floor() as i128,
        }
    }

    /// Whether `self` is greater than `other`, exactly when both are integers.
    pub fn exceeds(self, other: Bound) -> bool {
        match (self, other) {
            (Bound::Integer(a), Bound::Integer(b)) => a > b,
            _ => self.as_f64() > other.as_f64(),
        }
    }
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// The bounds an integer (`i64`) value is checked against, exactly: the spec's `minimum` and
    /// `maximum` rounded inwards to integers, `format: int32`'s range where the spec gives no
    /// bound, and none where every `i64` meets it.
    pub fn integer_bounds(&self) -> (Option<i64>, Option<i64>) {
        let int32 = self.format == Some(Format::Int32);
        let min = (self.minimum.map(Bound::ceil_integer))
            .or(int32.then_some(i128::from(i32::MIN)))
            .filter(|min| *min > i128::from(i64::MIN))
            .map(|min| i64::try_from(min).unwrap_or(i64::MAX));
        let max = (self.maximum.map(Bound::floor_integer))
            .or(int32.then_some(i128::from(i32::MAX)))
            .filter(|max| *max < i128::from(i64::MAX))
            .map(|max| i64::try_from(max).unwrap_or(i64::MIN));
        (min, max)
    }

    /// `self` written beside a `$ref`, on top of the referenced alias's `base`: a constraint given
    /// here wins, the others are inherited.
    pub fn over(&self, base: &Constraints) -> Constraints {
        Constraints {
            format: self.format.or(base.format),
            min_length: self.min_length.or(base.min_length),
            max_length: self.max_length.or(base.max_length),
            pattern: self.pattern.clone().or_else(|| base.pattern.clone()),
            minimum: self.minimum.or(base.minimum),
            maximum: self.maximum.or(base.maximum),
            min_items: self.min_items.or(base.min_items),
            max_items: self.max_items.or(base.max_items),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub wire: String,
    pub rust: String,
    pub doc: Option<String>,
}

/// An untagged union (`oneOf` / `anyOf`): the first variant that parses wins.
#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub rust: String,
    pub doc: Option<String>,
    pub shape: Shape,
    pub boxed: bool,
    /// Marked `x-sensitive`: redacted in `Debug`.
    pub sensitive: bool,
    /// Set by the last lowering pass: the payload holds integers (see [`Field::reads_integer`]).
    pub reads_integer: bool,
    /// Set by the last lowering pass: the payload type, boxed when it breaks a cycle.
    pub stored_type: String,
    /// Set by the last lowering pass: the `From` conversions into the union this variant gets.
    pub from: Option<UnionFrom>,
}

/// The `From` conversions of a union variant whose value type (aliases followed) no other
/// variant shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnionFrom {
    /// The value is a `String`, so `From<&str>` too.
    pub from_str: bool,
}

/// "`dependent` is required unless `flag` is true", as a two-variant enum.
#[derive(Debug, Clone)]
pub struct Conditional {
    /// Wire key of the boolean flag (`infinite`).
    pub flag: String,
    pub flag_doc: Option<String>,
    /// Variant for `flag: true` (`Infinite`).
    pub flag_variant: String,
    /// Wire key of the dependent value (`quantity`).
    pub dependent: String,
    pub dependent_doc: Option<String>,
    pub dependent_shape: Shape,
    /// Set by the last lowering pass: the dependent value's Rust type.
    pub dependent_type: String,
    /// Set by the last lowering pass: the dependent value holds integers.
    pub dependent_integer: bool,
    pub dependent_sensitive: bool,
    /// Variant carrying the dependent value (`Quantity`).
    pub dependent_variant: String,
    /// Constructor of the value variant that writes the flag (`quantity`).
    pub dependent_fn: String,
    /// Set by the size pass: the value may be 200 bytes or more, far larger than the flag
    /// variant. It stays unboxed (it is the usual variant, and a box would cost an allocation
    /// each time); the enum allows `clippy::large_enum_variant`.
    pub large_value: bool,
}

/// An HTTP method an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
}

impl HttpMethod {
    /// Every method, with its key in an OpenAPI path item.
    pub const ALL: [(HttpMethod, &'static str); 7] = [
        (HttpMethod::Get, "get"),
        (HttpMethod::Put, "put"),
        (HttpMethod::Post, "post"),
        (HttpMethod::Delete, "delete"),
        (HttpMethod::Patch, "patch"),
        (HttpMethod::Head, "head"),
        (HttpMethod::Options, "options"),
    ];

    /// The method of the path-item key `key` (`post`).
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        Self::ALL.iter().find(|(_, k)| *k == key).map(|(m, _)| *m)
    }

    /// The method as sent: `POST`; also the name of its `http::Method` constant.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A path template, parsed: literal text and path parameters in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as written (`/v3/orders/{id}`), for docs.
    pub text: String,
    pub parts: Vec<PathPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as written.
    Literal(String),
    /// The operation's path parameter at this index of [`Operation::path_params`].
    Param(usize),
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId` as written (`validateOrder`).
    pub operation_id: String,
    /// Name of the `Client` method (`validate_order`).
    pub rust: String,
    /// Name of the `Client` method that also returns status and headers
    /// (`validate_order_with_response`).
    pub with_response_fn: String,
    /// Name of the sans-IO request builder (`build_validate_order`).
    pub build_fn: String,
    /// Name of the sans-IO response parser (`parse_validate_order`).
    pub parse_fn: String,
    pub method: HttpMethod,
    pub path: PathTemplate,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub path_params: Vec<PathParam>,
    /// Indexes into [`Api::settings`] of the header settings this operation sends.
    pub headers: Vec<usize>,
    /// Type of the JSON request body.
    pub request: Option<Shape>,
    pub responses: Vec<ResponseDef>,
    /// Name of the enum of success statuses, when there are several.
    pub success_enum: Option<String>,
    /// Name of the enum of documented error statuses, when there are any.
    pub error_enum: Option<String>,
}

impl Operation {
    /// The documented 2xx answers.
    pub fn successes(&self) -> impl Iterator<Item = &ResponseDef> {
        self.responses.iter().filter(|r| r.is_success())
    }

    /// The documented non-2xx answers.
    pub fn errors(&self) -> impl Iterator<Item = &ResponseDef> {
        self.responses.iter().filter(|r| !r.is_success())
    }
}

#[derive(Debug, Clone)]
pub struct PathParam {
    pub wire: String,
    /// Rust parameter name of `build_*` and of the client method.
    pub rust: String,
    pub doc: Option<String>,
    /// The request body's field that must hold the same value (`x-body-field`).
    pub body_field: Option<BodyField>,
    /// Its schema's rules (`maxLength`, `pattern`, `format`), checked by `build_*`.
    pub constraints: Constraints,
    /// Its schema's `enum`: the values `build_*` accepts (the parameter stays text).
    pub values: Option<Vec<String>>,
}

/// A required string field of the request body that repeats a path parameter.
#[derive(Debug, Clone)]
pub struct BodyField {
    /// Wire key (`orderId`).
    pub wire: String,
    /// Rust field name (`order_id`).
    pub rust: String,
}

#[derive(Debug, Clone)]
pub struct ResponseDef {
    pub status: u16,
    /// Variant of the success or error enum for this status (`BadRequest`).
    pub variant: String,
    pub description: String,
    pub body: Option<Shape>,
    /// Set by the size pass: the body is boxed in the status enum, so its variants stay close
    /// in size.
    pub boxed: bool,
}

impl ResponseDef {
    /// A 2xx answer: the operation's result rather than one of its errors.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A notification the API sends to the user (an OpenAPI 3.1 `webhooks` entry): received,
/// verified and parsed by generated functions of the API's `webhooks` module.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The key under `webhooks` (`orderDecision`).
    pub name: String,
    /// `operationId` as written.
    pub operation_id: String,
    /// The method the sender uses.
    pub method: HttpMethod,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Verifies and parses headers + raw body (`receive_order_decision`).
    pub receive_fn: String,
    /// The same from an `http::Request` (`receive_order_decision_request`).
    pub receive_request_fn: String,
    /// Signs a notification for tests, giving its headers (`sign_order_decision`).
    pub sign_fn: String,
    /// Signs a notification for tests, giving an `http::Request` (`sign_order_decision_request`).
    pub sign_request_fn: String,
    /// Builds the `http::Response` of the documented 2xx answer (`answer_order_decision`).
    pub answer_fn: String,
    /// The constant holding the signature scheme (`ORDER_DECISION_SIGNATURE`).
    pub scheme_const: String,
    /// The struct of the header values the sender sets besides the signature
    /// (`OrderDecisionHeaders`), input of the signing helpers; claimed among the module's types.
    pub headers_struct: String,
    /// Every header the sender sets, the signature header included, in document order.
    pub headers: Vec<WebhookHeader>,
    /// The payload type.
    pub payload: Shape,
    /// The receiver's answer: the one documented 2xx status, with its body if any.
    pub answer: ResponseDef,
    pub signature: SignatureScheme,
}

/// A header the sender of a notification sets.
#[derive(Debug, Clone)]
pub struct WebhookHeader {
    /// Wire name, as the spec spells it (`X-Forter-SiteID`).
    pub wire: String,
    /// Field of the headers struct (`site_id`); `None` for the signature header, which the
    /// signing helper computes.
    pub rust: Option<String>,
    pub doc: Option<String>,
    pub required: bool,
    /// Marked `x-sensitive`: redacted in the headers struct's `Debug`.
    pub sensitive: bool,
    pub example: Option<String>,
}

/// How a notification is signed (`x-signature`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureScheme {
    pub algorithm: SignatureAlgorithm,
    /// Index into [`Webhook::headers`] of the signature header.
    pub header: usize,
    pub encoding: SignatureEncoding,
    /// The signed message, in order.
    pub parts: Vec<SignaturePart>,
}

/// A digest algorithm of `x-signature`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// SHA-256 over the parts, the secret among them.
    Sha256,
    /// HMAC-SHA256 keyed with the secret, over the parts.
    HmacSha256,
}

impl SignatureAlgorithm {
    /// Its spelling in a spec.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureAlgorithm::Sha256 => "sha256",
            SignatureAlgorithm::HmacSha256 => "hmac-sha256",
        }
    }
}

/// How the signature header spells the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureEncoding {
    Hex,
    Base64,
}

impl SignatureEncoding {
    /// Its spelling in a spec.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureEncoding::Hex => "hex",
            SignatureEncoding::Base64 => "base64",
        }
    }
}

/// One part of the signed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignaturePart {
    Secret,
    /// The header at this index of [`Webhook::headers`].
    Header(usize),
    Body,
}

/// The test kit of one API (`<api>::testkit`, cargo feature `test-kit`): names and facts decided
/// in `lower/testkit.rs` from the lowered API, the spec's schemas and its example files.
#[derive(Debug, Clone)]
pub struct TestKit {
    /// `{"components": {"schemas": ...}, "x-test-kit-requests": {<operation>: <schema>}}`: the
    /// spec's schemas without annotations, compact JSON, for the kit's JSON Schema check.
    pub schemas_json: String,
    /// Header names the call log redacts (settings marked `x-sensitive`).
    pub secret_headers: Vec<String>,
    /// One per operation, in the order of [`Api::operations`].
    pub operations: Vec<TestKitOperation>,
    /// One per notification, in the order of [`Api::webhooks`].
    pub webhooks: Vec<TestKitWebhook>,
}

/// The test kit's items for one operation.
#[derive(Debug, Clone)]
pub struct TestKitOperation {
    /// Marker type implementing `support::testkit::Operation` (`ValidateOrder`).
    pub marker: String,
    /// The typed request struct: path parameters and body (`ValidateOrderRequest`).
    pub request_struct: String,
    /// Its field holding the body (`body`, unless a path parameter has that name).
    pub body_field: String,
    /// `Mock` method starting a rule (`on_validate_order`).
    pub rule_fn: String,
    /// JSON pointer of the body's schema in `schemas_json`.
    pub request_pointer: Option<String>,
    /// Documented answers, from `spec/<api>/examples/<operation>.<status>[.<variant>].json`.
    pub examples: Vec<TestKitExample>,
}

/// One documented answer of an operation.
#[derive(Debug, Clone)]
pub struct TestKitExample {
    /// The scenario's name and constructor (`approve`, `created`, `bad_request`).
    pub name: String,
    pub status: u16,
    /// The body, compact JSON.
    pub body: Option<String>,
    /// The example file it comes from.
    pub source: String,
}

/// The test kit's items for one notification (webhook): constructors of a signed
/// `support::testkit::Notification` to deliver to the user's receiving code.
#[derive(Debug, Clone)]
pub struct TestKitWebhook {
    /// From a typed payload (`order_decision_notification`).
    pub notification_fn: String,
    /// From the spec's example payload (`documented_order_decision_notification`), when there is
    /// one.
    pub documented_fn: String,
    /// The example payload, compact JSON, from `spec/<api>/examples/<webhook>.request.json`.
    pub example: Option<TestKitExample>,
}
