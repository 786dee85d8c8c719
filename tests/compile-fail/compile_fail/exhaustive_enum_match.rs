//! Generated enums are `#[non_exhaustive]`: a match outside the crate needs a wildcard arm, even
//! when it lists every variant of this version (a new spec value adds a variant).

use commerce_apis::forter::ForterDecision;

fn describe(decision: &ForterDecision) -> &'static str {
    match decision {
        ForterDecision::Approve => "approve",
        ForterDecision::Decline => "decline",
        ForterDecision::NotReviewed => "not reviewed",
        ForterDecision::VerificationRequired => "verification required",
        ForterDecision::Unrecognized(_) => "unrecognized",
    }
}

fn main() {
    let _ = describe(&ForterDecision::Approve);
}
