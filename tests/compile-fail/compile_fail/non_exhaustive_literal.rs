//! Generated structs are `#[non_exhaustive]`: outside the crate they cannot be built with a
//! struct literal (fields may be added without a breaking change); use the builder.

use commerce_apis::forter::MoneyAmount;

fn main() {
    let _amount = MoneyAmount {
        amount_usd: Some("99.95".to_string()),
        amount_local_currency: None,
        currency: None,
    };
}
