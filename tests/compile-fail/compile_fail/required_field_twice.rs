//! A required field can be set once: a second `message(..)` does not compile, and the error says
//! so ("`message` is already set on this `ProductValidationErrorBuilder`").

use commerce_apis::forte::ProductValidationError;

fn main() {
    let _error = ProductValidationError::builder()
        .message("Currency is not in ISO 4217 Alpha-3 format")
        .message("set twice")
        .build();
}
