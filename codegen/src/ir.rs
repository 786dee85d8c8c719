//! The resolved model the emitters work from: every type has its final, unique Rust name, every
//! `$ref` is resolved, recursion is boxed, conditionals are typed.

pub use crate::spec::Constraints;

/// One API (one spec document), emitted as one module of the generated crate.
#[derive(Debug, Clone)]
pub struct Api {
    /// Module and cargo feature name (`forter`).
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
    /// All types, components first in document order, then inline types in discovery order.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
}

impl Api {
    pub fn find_type(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }
}

#[derive(Debug, Clone)]
pub struct Auth {
    pub description: Option<String>,
}

/// A header sent with operations, configured once per client.
#[derive(Debug, Clone)]
pub struct HeaderSetting {
    /// Wire header name (`x-forter-siteid`).
    pub header: String,
    /// Rust field name (`site_id`).
    pub rust: String,
    pub doc: Option<String>,
    pub required: bool,
    pub example: Option<String>,
    pub constraints: Constraints,
}

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    /// JSON pointer of the schema it came from.
    pub source: String,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    Conditional(Conditional),
    /// A named array, map or primitive: `pub type Name = ...;`.
    Alias(Shape),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
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

#[derive(Debug, Clone)]
pub struct Field {
    /// Wire key (`customerIP`); for a flattened conditional, its title.
    pub wire: String,
    /// Rust field name (`customer_ip`).
    pub rust: String,
    pub doc: Option<String>,
    pub shape: Shape,
    pub presence: Presence,
    pub sensitive: bool,
    pub deprecated: bool,
    /// Set by the cycle pass: the field is boxed to break recursion.
    pub boxed: bool,
}

/// A value's type and the constraints that apply to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ty: Ty,
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

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Named(String),
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
    pub dependent_sensitive: bool,
    /// Variant carrying the dependent value (`Quantity`).
    pub dependent_variant: String,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId` as written (`validateOrder`).
    pub operation_id: String,
    /// Rust function name (`validate_order`).
    pub rust: String,
    pub method: String,
    /// Path template with `{name}` placeholders.
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub path_params: Vec<PathParam>,
    /// Wire names of the header settings this operation sends.
    pub headers: Vec<String>,
    /// Named type of the JSON request body.
    pub request: Option<Shape>,
    pub responses: Vec<ResponseDef>,
    /// Name of the enum of success statuses, when there are several.
    pub success_enum: Option<String>,
    /// Name of the enum of documented error statuses, when there are any.
    pub error_enum: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PathParam {
    pub wire: String,
    pub rust: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ResponseDef {
    pub status: u16,
    pub description: String,
    pub body: Option<Shape>,
}

impl ResponseDef {
    /// A 2xx answer: the operation's result rather than one of its errors.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}
