//! A test server for code that uses the generated API clients (cargo feature `test-kit`).
//!
//! This is the API-independent engine; every API module gets a typed front end generated from
//! its spec (`<api>::testkit`: a `Mock` with one rule builder per operation, typed calls,
//! scenario replies built from the spec's examples). What the engine does with each request:
//!
//! 1. finds the operation of the spec it is for (method and path template), or fails it;
//! 2. checks it against the spec: the JSON body is read into the typed request (unknown keys
//!    are reported), its `validate()` is run, and the JSON is checked by an independent JSON
//!    Schema validator (the `jsonschema` crate) against the spec's own schema; a violation is
//!    answered with `400` and fails the test, naming the JSON pointer and the rule broken;
//! 3. logs it (operation, path parameters, typed body, headers with secrets redacted);
//! 4. answers with the first rule of that operation that matches and is not used up, or, for an
//!    operation without rules, with the spec's documented example; a request no rule matches
//!    is answered with `501` and fails the test, naming the closest rule and what differed.
//!
//! Failures (violations, unmatched requests, unmet expectations of rules) are collected and
//! reported when the mock is dropped (not while the thread is already panicking), or earlier by
//! `verify`.
//!
//! Requests reach the engine in process ([`MockApi::handle`] for the sans-IO functions, and,
//! with the `client` feature, as the `Backend` of a client's transport, so retries, timeout and
//! size limit run the client's real code) or over a real socket on 127.0.0.1
//! ([`MockApi::serve`]).
//!
//! The other direction, an API's signed notification (webhook) sent to the user's receiving
//! code: a [`Notification`] (made by the generated `<api>::testkit` from a typed payload or the
//! spec's example) gives the validly signed request and the variants a receiver must refuse
//! ([`Signing`]), and delivers them in process to an async handler ([`Notification::deliver`])
//! or over a real socket ([`Notification::deliver_to`]), returning the answer ([`Delivered`]).

mod check;
mod deliver;
mod engine;
mod http1;
mod reply;
mod rule;
mod socket;

pub use check::{Problem, ProblemSource};
pub use deliver::{deliver, deliver_to, Delivered, Notification, Signing};
pub use engine::{
    ApiInfo, CallRecord, ExampleInfo, MockApi, Operation, OperationEntry, OperationInfo,
    PathParams, TypedCall,
};
pub use reply::{Fault, Reply};
pub use rule::{RuleBuilder, RuleHandle, Times};
pub use socket::SocketServer;

#[doc(hidden)]
pub use check::read_body;
#[doc(hidden)]
pub use reply::Canned;
