//! An `Unrecognized` enum value cannot be built by hand: `UnrecognizedValue` has no public
//! constructor, so `Unrecognized("WEB")` (serialized like `Web` but unequal to it) cannot exist.
//! The one way to an unknown value is `OrderType::from_wire`, which maps `"WEB"` to `Web`.

use commerce_apis::forter::OrderType;
use commerce_apis::support::UnrecognizedValue;

fn main() {
    let _value = OrderType::Unrecognized(UnrecognizedValue::new("WEB"));
}
