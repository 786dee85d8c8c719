//! Forter: every request and response body type of `spec/forter/openapi.json` (the decision
//! notification's payload and answer included) and every `parse_*` function. The first input byte (modulo the number of arms) selects the check; the
//! rest is its input (see `commerce_apis_fuzz`). `seed_corpus.py` reads this table: keep one arm
//! per line of the form `N => round_trip::<api::Type>(..)` or `N => parse(rest, api::parse_op, ok, api)`.
#![no_main]

use commerce_apis::forter;
use commerce_apis_fuzz::{parse, round_trip, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = data.split_first() else {
        return;
    };
    match selector % 12 {
        0 => round_trip::<forter::V3OrderRequest>(rest, validate),
        1 => round_trip::<forter::V3OrderResponse>(rest, validate),
        2 => round_trip::<forter::OrderStatusRequest>(rest, validate),
        3 => round_trip::<forter::StatusResponse>(rest, validate),
        4 => round_trip::<forter::UnifiedCompensationRequest>(rest, validate),
        5 => round_trip::<forter::UnifiedCompensationRequestResponse>(rest, validate),
        6 => round_trip::<forter::ErrorResponse>(rest, validate),
        7 => parse(
            rest,
            forter::parse_validate_order,
            &[200],
            &[400, 401, 404, 500],
        ),
        8 => parse(
            rest,
            forter::parse_update_order_status,
            &[200],
            &[400, 401, 404, 500],
        ),
        9 => parse(
            rest,
            forter::parse_compensation_request,
            &[200],
            &[400, 401, 404, 500],
        ),
        10 => round_trip::<forter::DecisionNotification>(rest, validate),
        11 => round_trip::<forter::DecisionNotificationAnswer>(rest, validate),
        _ => unreachable!(),
    }
});
