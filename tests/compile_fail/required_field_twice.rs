//! A required field can be set once: after `message(..)` the builder has no `message` method.

use commerce_apis::forte::ProductValidationError;

fn main() {
    let _error = ProductValidationError::builder()
        .message("Currency is not in ISO 4217 Alpha-3 format")
        .message("set twice")
        .build();
}
