//! Forte: every request and response body type of `spec/forte/openapi.json` and every `parse_*`
//! function. The first input byte (modulo the number of arms) selects the check; the rest is its
//! input (see `commerce_apis_fuzz`). `seed_corpus.py` reads this table: keep one arm per line of
//! the form `N => round_trip::<api::Type>(..)` or `N => parse(rest, api::parse_op, ok, api)`.
#![no_main]

use commerce_apis::forte;
use commerce_apis_fuzz::{parse, round_trip, validate, validate_items};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = data.split_first() else {
        return;
    };
    match selector % 10 {
        0 => round_trip::<forte::CreateProductRequest>(rest, validate),
        1 => round_trip::<forte::UpdateProductRequest>(rest, validate),
        2 => round_trip::<forte::Product>(rest, validate),
        3 => round_trip::<forte::ProductList>(rest, validate_items),
        4 => round_trip::<forte::ProductValidationError>(rest, validate),
        5 => round_trip::<forte::ProductNotFound>(rest, validate),
        6 => parse(rest, forte::parse_create_product, &[201], &[422]),
        7 => parse(rest, forte::parse_list_products, &[200], &[]),
        8 => parse(rest, forte::parse_get_product, &[200], &[302]),
        9 => parse(rest, forte::parse_update_product, &[204], &[422]),
        _ => unreachable!(),
    }
});
