//! Reading specs: the OpenAPI / JSON Schema subset we accept, with every value located.

mod document;
mod node;
mod schema;

pub use document::{parse_document, Document, Operation, Parameter, Response, SecurityScheme};
pub use schema::{Additional, Constraints, JsonType, Schema, FORMATS};
