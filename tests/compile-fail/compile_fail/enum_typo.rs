//! A string is not an enum value: `.order_type("WBE")` (a typo of `WEB`) does not compile, so it
//! cannot become an `Unrecognized` value that would be sent. Unknown values are made only on
//! purpose, with `OrderType::from_wire`, and `build_*` refuses them unless the `Config` allows it.

use commerce_apis::forter::{OrderType, V3OrderRequest};

fn main() {
    let _builder = V3OrderRequest::builder().order_type("WBE");
    let _value: OrderType = "WEB".into();
}
