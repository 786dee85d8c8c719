//! Helpers shared by the API modules: the catch-all value of enums, `null` handling, redaction of
//! sensitive values, constraint checks, request building and response errors, and (behind the
//! `client` feature) sending with timeouts and retries.
//!
//! These files are written, compiled and unit-tested in the workspace crate `codegen-runtime`
//! (`runtime/src/support/`); `cargo xtask codegen` copies them verbatim into every generated crate.
//! Two rules follow from that:
//! - Generated code names items as `crate::support::<name>` (and
//!   `crate::support::transport::<name>`), so everything it uses is re-exported here, flat. The
//!   generator lists those names in `codegen/src/emit/runtime_names.rs`, and a test there checks
//!   each one against these files.
//! - Code in these files reaches its siblings through `super::`, never `crate::`, so the same text
//!   compiles as `codegen_runtime::support` and as `<generated crate>::support`.

mod body;
mod builder;
mod conditionals;
mod enums;
mod error;
mod formats;
mod integers;
mod lean_de;
mod redact;
mod request;
mod serde_helpers;
mod setters;
mod string_enum;
#[cfg(feature = "client")]
pub mod transport;
mod validate;

pub use body::Body;
pub use builder::{IntoValue, Set, Unset};
pub use conditionals::FlagPresence;
pub use enums::{deserialize_enum, UnknownEnumValue, UnrecognizedValue};
pub use error::{
    decode, unexpected, write_api_error, ApiError, Error, RequestError, TransportError,
    TransportErrorKind,
};
pub use formats::Format;
pub use integers::{integer, integer_double_option, JsonInteger};
#[allow(unused_imports)]
pub(crate) use lean_de::struct_deserialize;
pub use lean_de::{
    finish_optional, finish_required, finish_required_integer, next_field, read_integer,
    read_nullable, read_nullable_integer, read_plain, skip_value,
};
pub use redact::Redacted;
pub use request::{
    base_url, config_header, encode_path_segment, finish, json_body, path_matches_body, path_param,
    request_builder, url, ApiResponse, Credentials,
};
pub use serde_helpers::double_option;
#[allow(unused_imports)]
pub(crate) use setters::optional_setters;
#[allow(unused_imports)]
pub(crate) use string_enum::string_enum;
pub use string_enum::{
    deserialize_string_enum, display_enum, enum_schema_object, parse_known, serialize_enum,
    validate_enum, StringEnum,
};
pub use validate::{
    check_items, check_number, check_str, FieldPath, StrRules, Validate, Violation,
};
