//! What the API modules have in common. Most of it you reach through the crate root or the API
//! modules, and never need to name from here:
//!
//! - [`Credentials`] (HTTP basic authentication for a `Config`), [`Error`] (what `build_*`,
//!   `parse_*` and the `Client` methods return, with [`RequestError`] and [`TransportError`]),
//!   [`Body`] (a request body whose `Debug` shows only its length) and [`ApiResponse`] (a parsed
//!   answer with its status and headers) are re-exported at the crate root.
//! - [`Validate`] and [`Violation`]: `value.validate()` checks a value against the spec's
//!   constraints, as `build_*` does before a request is made.
//! - [`UnrecognizedValue`]: what an enum's `Unrecognized` variant holds, the value as the server
//!   sent it.
//! - [`Set`] and [`Unset`]: the states of the typestate builders (`build()` exists once every
//!   required field is `Set`).
//! - [`Redacted`]: how sensitive values print in `Debug`.
//! - [`WebhookSecrets`] and [`WebhookError`]: verifying the notifications (webhooks) an API
//!   sends, used by each API's `webhooks` module.
//! - `transport` (feature `client`): the client's options and retry policy, re-exported at the
//!   crate root as `ClientOptions` and `RetryPolicy`.
//!
//! The other items are used by the generated code (serde helpers, path encoding, constraint
//! checks); they are public because generated modules call them, and they may change between
//! releases.

// For maintainers: these files are written and unit-tested in the workspace crate
// `codegen-runtime` (`runtime/src/support/`) and copied verbatim into every generated crate by
// `cargo xtask codegen` (decision 007). Generated code names items as `crate::support::<name>`
// (and `crate::support::transport::<name>`), so everything it uses is re-exported here, flat;
// `codegen/src/emit/runtime_names.rs` checks each name the emitters spell against these files.
// Code here reaches its siblings through `super::`, never `crate::`, so the same text compiles as
// `codegen_runtime::support` and as `<generated crate>::support`.

mod body;
mod builder;
mod conditionals;
mod enums;
mod error;
mod formats;
mod integers;
mod json;
mod lean_de;
mod redact;
mod request;
mod serde_helpers;
mod setters;
#[cfg(feature = "schemars")]
mod spec_schema;
mod string_enum;
#[cfg(feature = "test-kit")]
pub mod testkit;
#[cfg(feature = "client")]
pub mod transport;
mod validate;
mod webhook;

pub use body::Body;
pub use builder::{IntoValue, Set, Unset};
pub use conditionals::FlagPresence;
pub use enums::{deserialize_enum, UnknownEnumValue, UnrecognizedValue};
pub use error::{
    api_error, decode, unexpected, write_api_error, ApiError, Attempts, Error, RequestError,
    ResponseInfo, TransportError, TransportErrorKind,
};
pub use formats::Format;
pub use integers::{integer, integer_double_option, JsonInteger};
pub use json::{JsonObject, JsonValue};
#[allow(unused_imports)]
pub(crate) use lean_de::struct_deserialize;
pub use lean_de::{
    finish_optional, finish_required, finish_required_integer, next_field, read_integer,
    read_nullable, read_nullable_integer, read_plain, read_present, skip_value,
};
pub use redact::Redacted;
pub use request::{
    base_url, check_parameter, checked_json_body, config_header, finish, json_body, no_body,
    path_matches_body, path_param, request_builder, url, ApiResponse, Credentials,
};
pub use serde_helpers::{double_option, present};
#[allow(unused_imports)]
pub(crate) use setters::optional_setters;
#[cfg(feature = "schemars")]
#[allow(unused_imports)]
pub(crate) use spec_schema::spec_schemas;
#[cfg(feature = "schemars")]
pub use spec_schema::{served_schema, Refer};
#[allow(unused_imports)]
pub(crate) use string_enum::string_enum;
pub use string_enum::{
    deserialize_string_enum, display_enum, parse_known, serialize_enum, validate_enum, StringEnum,
};
pub use validate::{check_items, check_range, check_str, FieldPath, StrRules, Validate, Violation};
pub use webhook::{
    empty_answer, json_answer, parse_payload, sign_request, signature, verify_signature,
    SignatureAlgorithm, SignatureEncoding, SignaturePart, SignatureScheme, WebhookError,
    WebhookSecrets,
};
