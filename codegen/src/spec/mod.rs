//! Reading specs: the OpenAPI / JSON Schema subset we accept, with every value located.

pub mod conventions;
mod document;
mod node;
mod schema;
mod strict_json;
pub mod subset;
mod webhooks;

pub use document::{parse_document, Document, Operation, Parameter, Response, SecurityScheme};
pub use schema::{Additional, JsonType, Schema};
pub use webhooks::{MessagePart, Signature, Webhook};
