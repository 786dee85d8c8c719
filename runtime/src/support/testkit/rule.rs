//! Rules: which requests of an operation they match, what they answer in which order, and how
//! often they are expected to match.

use std::any::Any;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::engine::{Marker, MockApi, Operation, PathParams};
use super::reply::{Answer, Fault, Reply};

/// How often a rule is expected to match, checked when the mock is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Times {
    /// Exactly this many times.
    Exactly(usize),
    /// At least this many times.
    AtLeast(usize),
    /// At most this many times.
    AtMost(usize),
    /// Between the two numbers, both included.
    Between(usize, usize),
}

impl Times {
    /// Never (`Exactly(0)`).
    pub const NEVER: Times = Times::Exactly(0);
    /// At least once.
    pub const AT_LEAST_ONCE: Times = Times::AtLeast(1);

    /// Whether `count` matches satisfy it.
    pub fn allows(self, count: usize) -> bool {
        match self {
            Times::Exactly(n) => count == n,
            Times::AtLeast(n) => count >= n,
            Times::AtMost(n) => count <= n,
            Times::Between(low, high) => (low..=high).contains(&count),
        }
    }
}

impl fmt::Display for Times {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Times::Exactly(0) => f.write_str("never"),
            Times::Exactly(n) => write!(f, "exactly {n} time(s)"),
            Times::AtLeast(n) => write!(f, "at least {n} time(s)"),
            Times::AtMost(n) => write!(f, "at most {n} time(s)"),
            Times::Between(low, high) => write!(f, "between {low} and {high} times"),
        }
    }
}

/// What a condition or a computed reply sees of a request.
pub(crate) struct Incoming<'a> {
    pub(crate) typed: &'a (dyn Any + Send + Sync),
    pub(crate) params: &'a PathParams,
    pub(crate) headers: &'a http::HeaderMap,
    pub(crate) json: Option<&'a Value>,
}

type Check = Box<dyn Fn(&Incoming<'_>) -> Result<(), String> + Send + Sync>;
type Compute = Box<dyn Fn(&Incoming<'_>) -> Answer + Send + Sync>;

enum Responder {
    Fixed(Answer),
    Computed(Compute),
}

struct Step {
    responder: Responder,
    /// Uses left; `None`: unlimited.
    left: Option<usize>,
    /// Whether `times`/`repeatedly` set it.
    explicit: bool,
}

/// A registered rule.
pub(crate) struct Rule {
    pub(crate) operation: &'static str,
    pub(crate) index: usize,
    name: Option<String>,
    conditions: Vec<Check>,
    steps: Vec<Step>,
    expect: Option<Times>,
    matched: Arc<AtomicUsize>,
}

impl Rule {
    pub(crate) fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("rule #{} `{name}` ({})", self.index + 1, self.operation),
            None => format!("rule #{} ({})", self.index + 1, self.operation),
        }
    }

    /// Whether it answers (an expectation-only rule just counts).
    pub(crate) fn answers(&self) -> bool {
        !self.steps.is_empty()
    }

    pub(crate) fn matched(&self) -> usize {
        self.matched.load(Ordering::SeqCst)
    }

    pub(crate) fn count_match(&self) {
        self.matched.fetch_add(1, Ordering::SeqCst);
    }

    /// `Ok` when every condition holds, else what differed.
    pub(crate) fn evaluate(&self, incoming: &Incoming<'_>) -> Result<(), Vec<String>> {
        let differences: Vec<String> = self
            .conditions
            .iter()
            .filter_map(|check| check(incoming).err())
            .collect();
        if differences.is_empty() {
            Ok(())
        } else {
            Err(differences)
        }
    }

    /// The answer of the first step with uses left, using it up; `None` when all are used.
    pub(crate) fn take_step(&mut self, incoming: &Incoming<'_>) -> Option<Answer> {
        let step = self.steps.iter_mut().find(|s| s.left != Some(0))?;
        if let Some(left) = &mut step.left {
            *left -= 1;
        }
        Some(match &step.responder {
            Responder::Fixed(answer) => answer.clone(),
            Responder::Computed(compute) => compute(incoming),
        })
    }

    pub(crate) fn unmet_expectation(&self) -> Option<String> {
        let expect = self.expect?;
        let count = self.matched();
        (!expect.allows(count)).then(|| {
            format!(
                "{} was expected to match {expect}, it matched {count} time(s)",
                self.label()
            )
        })
    }
}

/// How often a registered rule matched so far.
#[derive(Clone, Debug)]
pub struct RuleHandle {
    matched: Arc<AtomicUsize>,
}

impl RuleHandle {
    /// The number of requests the rule matched (and answered, or observed).
    pub fn matched(&self) -> usize {
        self.matched.load(Ordering::SeqCst)
    }
}

/// Builds a rule for operation `O`; the rule takes effect when the builder is dropped (at the
/// end of the statement) or [`mount`](RuleBuilder::mount)ed.
///
/// - Conditions ([`when`](Self::when), [`path_param`](Self::path_param),
///   [`body_includes`](Self::body_includes), [`header`](Self::header)) must all hold; without
///   any the rule matches every request of the operation.
/// - Answers are a sequence: each of [`reply`](Self::reply), [`ok`](Self::ok),
///   [`error`](Self::error), [`http`](Self::http), [`fault`](Self::fault),
///   [`reply_with`](Self::reply_with) adds a step; [`times`](Self::times) makes the last step
///   answer `n` times and [`repeatedly`](Self::repeatedly) forever. A step without a count
///   answers once, except the last one, which answers forever unless given a count; once all
///   steps are used up the rule no longer answers and later rules (or a no-match failure) take
///   over.
/// - A rule without answers only counts the requests it matches (for expectations).
/// - Expectations ([`expect`](Self::expect)) are checked when the mock is dropped.
pub struct RuleBuilder<'m, O: Operation> {
    mock: &'m MockApi,
    rule: Option<Rule>,
    whens: usize,
    _operation: Marker<O>,
}

impl<'m, O: Operation> RuleBuilder<'m, O> {
    pub(crate) fn new(mock: &'m MockApi) -> Self {
        RuleBuilder {
            mock,
            rule: Some(Rule {
                operation: O::info().name,
                index: 0,
                name: None,
                conditions: Vec::new(),
                steps: Vec::new(),
                expect: None,
                matched: Arc::new(AtomicUsize::new(0)),
            }),
            whens: 0,
            _operation: std::marker::PhantomData,
        }
    }

    fn rule(&mut self) -> &mut Rule {
        self.rule.as_mut().expect("a rule builder is used once")
    }

    /// Names the rule in diagnostics.
    pub fn named(mut self, name: &str) -> Self {
        self.rule().name = Some(name.to_owned());
        self
    }

    /// Matches only requests for which `matches` returns true; it sees the typed request
    /// (path parameters and typed body).
    pub fn when(mut self, matches: impl Fn(&O::Request) -> bool + Send + Sync + 'static) -> Self {
        self.whens += 1;
        let n = self.whens;
        self.rule().conditions.push(Box::new(move |incoming| {
            match incoming.typed.downcast_ref::<O::Request>() {
                Some(request) if matches(request) => Ok(()),
                Some(_) => Err(format!("`when` condition #{n} returned false")),
                None => Err(format!(
                    "`when` condition #{n}: the request has no typed body"
                )),
            }
        }));
        self
    }

    /// Matches only requests whose path parameter `name` is `value` (decoded).
    pub fn path_param(mut self, name: &str, value: &str) -> Self {
        let (name, value) = (name.to_owned(), value.to_owned());
        self.rule().conditions.push(Box::new(move |incoming| {
            let actual = incoming.params.get(&name);
            if actual == value {
                Ok(())
            } else {
                Err(format!(
                    "path parameter `{name}`: the rule wants {value:?}, the request has {actual:?}"
                ))
            }
        }));
        self
    }

    /// Matches only requests whose header `name` has `value`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let (name, value) = (name.to_owned(), value.to_owned());
        self.rule().conditions.push(Box::new(move |incoming| {
            match incoming.headers.get(name.as_str()).map(|v| v.to_str()) {
                Some(Ok(actual)) if actual == value => Ok(()),
                Some(_) => Err(format!("header `{name}` differs from what the rule wants")),
                None => Err(format!("header `{name}` is missing")),
            }
        }));
        self
    }

    /// Matches only requests whose JSON body includes `expected`: every key of an object in
    /// `expected` must be there with an including value; arrays and scalars must be equal.
    /// A miss names the JSON pointer of the first difference.
    pub fn body_includes(mut self, expected: Value) -> Self {
        self.rule().conditions.push(Box::new(move |incoming| {
            let Some(json) = incoming.json else {
                return Err("the rule wants a JSON body, the request has none".into());
            };
            includes(json, &expected, &mut String::new())
        }));
        self
    }

    fn push(mut self, responder: Responder) -> Self {
        self.rule().steps.push(Step {
            responder,
            left: Some(1),
            explicit: false,
        });
        self
    }

    /// Adds a step answering `reply`.
    pub fn reply(self, reply: Reply<O>) -> Self {
        self.push(Responder::Fixed(reply.into_answer()))
    }

    /// Adds a step answering the typed success body.
    pub fn ok(self, output: O::Output) -> Self {
        self.reply(Reply::ok(output))
    }

    /// Adds a step answering a documented error.
    pub fn error(self, error: O::Error) -> Self {
        self.reply(Reply::error(error))
    }

    /// Adds a step answering a raw HTTP response.
    pub fn http(self, response: http::Response<Vec<u8>>) -> Self {
        self.reply(Reply::http(response))
    }

    /// Adds a step answering `status` with an empty body (`retry_after`: a `Retry-After`
    /// header in seconds), e.g. `.status(503, Some(1)).times(2)`.
    pub fn status(self, status: u16, retry_after: Option<u64>) -> Self {
        let reply = Reply::status(status);
        let reply = match retry_after {
            Some(seconds) => reply.retry_after(seconds),
            None => reply,
        };
        self.reply(reply)
    }

    /// Adds a step answering a [`Fault`].
    pub fn fault(self, fault: Fault) -> Self {
        self.reply(Reply::fault(fault))
    }

    /// Adds a step whose reply is computed from the typed request (echo its values, branch on
    /// them). The closure runs while the mock is locked: do not call the mock from it.
    pub fn reply_with(
        self,
        reply: impl Fn(&O::Request) -> Reply<O> + Send + Sync + 'static,
    ) -> Self {
        self.push(Responder::Computed(Box::new(
            move |incoming| match incoming.typed.downcast_ref::<O::Request>() {
                Some(request) => reply(request).into_answer(),
                None => Reply::<O>::status(500).into_answer(),
            },
        )))
    }

    /// Delays the last step's answer (past the client's timeout, it times out).
    pub fn delay(mut self, delay: Duration) -> Self {
        if let Some(step) = self.rule().steps.last_mut() {
            if let Responder::Fixed(
                Answer::Respond { delay: d, .. } | Answer::Fault { delay: d, .. },
            ) = &mut step.responder
            {
                *d = Some(delay);
            }
        }
        self
    }

    /// The last step answers `n` times.
    pub fn times(mut self, n: usize) -> Self {
        if let Some(step) = self.rule().steps.last_mut() {
            step.left = Some(n);
            step.explicit = true;
        }
        self
    }

    /// The last step answers every later request.
    pub fn repeatedly(mut self) -> Self {
        if let Some(step) = self.rule().steps.last_mut() {
            step.left = None;
            step.explicit = true;
        }
        self
    }

    /// Expects the rule to match `times` (checked when the mock is dropped).
    pub fn expect(mut self, times: Times) -> Self {
        self.rule().expect = Some(times);
        self
    }

    /// Expects the rule never to match.
    pub fn expect_never(self) -> Self {
        self.expect(Times::NEVER)
    }

    /// Expects the rule to match at least once.
    pub fn expect_at_least_once(self) -> Self {
        self.expect(Times::AT_LEAST_ONCE)
    }

    /// Registers the rule now and returns a handle to its match count.
    pub fn mount(mut self) -> RuleHandle {
        let handle = RuleHandle {
            matched: self.rule().matched.clone(),
        };
        self.register();
        handle
    }

    fn register(&mut self) {
        if let Some(mut rule) = self.rule.take() {
            if let Some(last) = rule.steps.last_mut() {
                if !last.explicit {
                    last.left = None;
                }
            }
            self.mock.add_rule(rule);
        }
    }
}

impl<O: Operation> Drop for RuleBuilder<'_, O> {
    fn drop(&mut self) {
        self.register();
    }
}

/// Whether `actual` includes `expected` (see `body_includes`), else the first difference.
fn includes(actual: &Value, expected: &Value, at: &mut String) -> Result<(), String> {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, want) in expected {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match actual.get(key) {
                    Some(have) => includes(have, want, at)?,
                    None => return Err(format!("body {at}: missing, the rule wants {want}")),
                }
                at.truncate(len);
            }
            Ok(())
        }
        _ if actual == expected => Ok(()),
        _ => Err(format!(
            "body {}: the rule wants {expected}, the request has {actual}",
            if at.is_empty() { "(root)" } else { at.as_str() }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_allow_what_they_say() {
        assert!(Times::NEVER.allows(0) && !Times::NEVER.allows(1));
        assert!(Times::AT_LEAST_ONCE.allows(3) && !Times::AT_LEAST_ONCE.allows(0));
        assert!(Times::AtMost(2).allows(2) && !Times::AtMost(2).allows(3));
        assert!(Times::Between(1, 2).allows(1) && !Times::Between(1, 2).allows(3));
        assert_eq!(Times::NEVER.to_string(), "never");
        assert_eq!(Times::Exactly(2).to_string(), "exactly 2 time(s)");
    }

    #[test]
    fn inclusion_names_the_first_difference() {
        let actual = serde_json::json!({"a": {"b": [1, 2], "c": "x"}, "d": 1});
        let ok = |expected: Value| includes(&actual, &expected, &mut String::new());
        assert_eq!(ok(serde_json::json!({"a": {"c": "x"}})), Ok(()));
        assert_eq!(
            ok(serde_json::json!({"a": {"c": "y"}})).unwrap_err(),
            "body /a/c: the rule wants \"y\", the request has \"x\""
        );
        assert_eq!(
            ok(serde_json::json!({"e": 1})).unwrap_err(),
            "body /e: missing, the rule wants 1"
        );
        assert!(ok(serde_json::json!({"a": {"b": [1]}})).is_err());
    }
}
