//! The engine: routing a request to its operation, checking it, logging it, answering it, and
//! the failures reported when the mock is dropped.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;

use super::check::{Problem, ProblemSource, SchemaCheck};
use super::reply::{Answer, Canned, Fault};
use super::rule::{Incoming, Rule, RuleBuilder};
use super::socket::SocketServer;

/// One operation of an API, as the generated test kit describes it to the engine: a marker type
/// per operation (`forter::testkit::ValidateOrder`) implements it.
pub trait Operation: Sized + Send + Sync + 'static {
    /// The typed request: path parameters and the typed body.
    type Request: fmt::Debug + Send + Sync + 'static;
    /// What `parse_*` returns on success.
    type Output: Send + 'static;
    /// The operation's error enum.
    type Error: Send + 'static;
    /// The operation's facts from the spec.
    fn info() -> &'static OperationInfo;
    /// Reads the typed request from the path parameters and the JSON body (`None`: no body).
    fn read(params: &PathParams, body: Option<&Value>) -> (Option<Self::Request>, Vec<Problem>);
    /// The answer carrying a success body (with the status documented for it).
    fn encode_output(output: &Self::Output) -> Canned;
    /// The answer carrying a documented error (with its status).
    fn encode_error(error: &Self::Error) -> Canned;
}

/// The facts of one operation the engine needs, generated from the spec.
#[derive(Debug)]
pub struct OperationInfo {
    /// The Rust name of the operation (`validate_order`).
    pub name: &'static str,
    /// Its HTTP method (`POST`).
    pub method: &'static str,
    /// Its path template (`/v3/orders/{id}`).
    pub path_template: &'static str,
    /// Whether a JSON body is required.
    pub has_body: bool,
    /// The JSON pointer of the body's schema in [`ApiInfo::schemas`], if it has one.
    pub request_schema: Option<&'static str>,
    /// The documented examples of its answers; the first success example is the default answer.
    pub examples: &'static [ExampleInfo],
}

/// One documented answer (`spec/<api>/examples/<operation>.<status>[.<variant>].json`).
#[derive(Debug)]
pub struct ExampleInfo {
    /// The scenario's name (`approve`, `created`).
    pub name: &'static str,
    /// Its status.
    pub status: u16,
    /// Its JSON body.
    pub body: Option<&'static str>,
}

impl ExampleInfo {
    pub(crate) fn canned(&self) -> Canned {
        Canned::json(self.status, self.body.map(|b| b.as_bytes().to_vec()))
    }
}

/// The type-erased entry of one operation in [`ApiInfo::operations`].
pub struct OperationEntry {
    info: fn() -> &'static OperationInfo,
    read: ReadFn,
}

type ReadFn = fn(&PathParams, Option<&Value>) -> (Option<TypedValue>, Vec<Problem>);
type TypedValue = (Arc<dyn Any + Send + Sync>, String);

impl fmt::Debug for OperationEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OperationEntry")
            .field(&(self.info)().name)
            .finish()
    }
}

impl OperationEntry {
    /// The entry of operation `O`.
    pub const fn of<O: Operation>() -> Self {
        OperationEntry {
            info: O::info,
            read: read_erased::<O>,
        }
    }
}

fn read_erased<O: Operation>(
    params: &PathParams,
    body: Option<&Value>,
) -> (Option<TypedValue>, Vec<Problem>) {
    let (typed, problems) = O::read(params, body);
    let typed = typed.map(|request| {
        let debug = format!("{request:?}");
        (Arc::new(request) as Arc<dyn Any + Send + Sync>, debug)
    });
    (typed, problems)
}

/// An API as the generated test kit describes it.
#[derive(Debug)]
pub struct ApiInfo {
    /// The module name (`forter`).
    pub name: &'static str,
    /// The spec's default base URL; its path (if any) is stripped from request paths.
    pub base_url: &'static str,
    /// `{"components": {"schemas": ...}}` of the spec, as JSON.
    pub schemas: &'static str,
    /// Header names whose values the call log redacts, besides `authorization`, `cookie` and
    /// names containing `key`, `token`, `secret` or `signature`.
    pub secret_headers: &'static [&'static str],
    /// Every operation.
    pub operations: &'static [OperationEntry],
}

/// The decoded values of a request's path parameters, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathParams(Vec<(String, String)>);

impl PathParams {
    /// The value of `name` (`""` when the template has no such parameter).
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every parameter, in template order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Matches `path` against `template` (`/v3/orders/{id}`), percent-decoding each value.
    pub(crate) fn match_template(template: &str, path: &str) -> Option<PathParams> {
        let template: Vec<&str> = template.trim_matches('/').split('/').collect();
        let path: Vec<&str> = path.trim_matches('/').split('/').collect();
        if template.len() != path.len() {
            return None;
        }
        let mut params = Vec::new();
        for (t, p) in template.iter().zip(&path) {
            match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) => {
                    if p.is_empty() {
                        return None;
                    }
                    let value = percent_encoding::percent_decode_str(p)
                        .decode_utf8_lossy()
                        .into_owned();
                    params.push((name.to_owned(), value));
                }
                None if t == p => {}
                None => return None,
            }
        }
        Some(PathParams(params))
    }
}

/// One request the mock received, as logged.
#[derive(Clone)]
pub struct CallRecord {
    /// The operation it was for (`None`: no operation of the spec has its method and path).
    pub operation: Option<&'static str>,
    /// The HTTP method.
    pub method: String,
    /// The path (with the base URL's path removed) and the query, if any.
    pub path: String,
    /// The path parameters, decoded.
    pub path_params: PathParams,
    /// The headers, in order; values of secret headers read `<redacted>`.
    pub headers: Vec<(String, String)>,
    /// The JSON body as sent (it may hold sensitive values; `Debug` shows the typed body, whose
    /// sensitive fields are redacted, instead).
    pub body: Option<Value>,
    /// Where the request breaks the spec (empty when it does not).
    pub problems: Vec<Problem>,
    /// The rule that answered (its position in creation order), `None` for the spec's example
    /// or a failure.
    pub rule: Option<usize>,
    /// The status answered; `None` for a fault.
    pub status: Option<u16>,
    /// The fault answered, if any.
    pub fault: Option<Fault>,
    typed: Option<Arc<dyn Any + Send + Sync>>,
    typed_debug: Option<String>,
}

impl CallRecord {
    /// The value of header `name` as logged (redacted when secret).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for CallRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallRecord")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("path_params", &self.path_params)
            .field("headers", &self.headers)
            .field("typed_body", &self.typed_debug)
            .field("problems", &self.problems)
            .field("rule", &self.rule)
            .field("status", &self.status)
            .field("fault", &self.fault)
            .finish()
    }
}

/// A logged call of operation `O` with its typed request.
pub struct TypedCall<O: Operation> {
    /// The typed request (path parameters and body).
    pub request: Arc<O::Request>,
    /// The whole log entry (headers, status answered ...).
    pub record: CallRecord,
}

impl<O: Operation> Clone for TypedCall<O> {
    fn clone(&self) -> Self {
        TypedCall {
            request: self.request.clone(),
            record: self.record.clone(),
        }
    }
}

impl<O: Operation> fmt::Debug for TypedCall<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.record.fmt(f)
    }
}

impl<O: Operation> std::ops::Deref for TypedCall<O> {
    type Target = O::Request;

    fn deref(&self) -> &O::Request {
        &self.request
    }
}

pub(crate) struct State {
    pub(crate) rules: Vec<Rule>,
    calls: Vec<CallRecord>,
    failures: Vec<String>,
    use_examples: bool,
    armed: bool,
}

/// What the transports share with the mock.
pub(crate) struct Shared {
    api: &'static ApiInfo,
    state: Mutex<State>,
    schemas: Mutex<HashMap<&'static str, Arc<Result<SchemaCheck, String>>>>,
}

/// The engine behind a generated `Mock`: rules, call log, checks, transports.
///
/// Dropping it checks the expectations of every rule and fails (panics) with everything that
/// went wrong: requests that broke the spec, requests no rule matched, unmet expectations.
/// Nothing is checked while the thread is already panicking (a failed assertion stays the
/// reported failure).
pub struct MockApi {
    pub(crate) shared: Arc<Shared>,
    servers: Mutex<Vec<SocketServer>>,
}

impl fmt::Debug for MockApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockApi")
            .field("api", &self.shared.api.name)
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A matcher closure that panicked must not hide every later report.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl MockApi {
    /// A mock of `api`: no rules, every operation answers its documented example.
    pub fn new(api: &'static ApiInfo) -> Self {
        MockApi {
            shared: Arc::new(Shared {
                api,
                state: Mutex::new(State {
                    rules: Vec::new(),
                    calls: Vec::new(),
                    failures: Vec::new(),
                    use_examples: true,
                    armed: true,
                }),
                schemas: Mutex::new(HashMap::new()),
            }),
            servers: Mutex::new(Vec::new()),
        }
    }

    /// A new rule for operation `O`; it takes effect when the builder is dropped or
    /// [`mount`](RuleBuilder::mount)ed, after the rules made before it.
    pub fn rule<O: Operation>(&self) -> RuleBuilder<'_, O> {
        RuleBuilder::new(self)
    }

    pub(crate) fn add_rule(&self, mut rule: Rule) -> usize {
        let mut state = lock(&self.shared.state);
        rule.index = state.rules.len();
        state.rules.push(rule);
        state.rules.len() - 1
    }

    /// Stops answering with the spec's examples: a request for an operation without a matching
    /// rule fails the test.
    pub fn strict(&self) -> &Self {
        lock(&self.shared.state).use_examples = false;
        self
    }

    /// Every request received so far, in order.
    pub fn calls(&self) -> Vec<CallRecord> {
        lock(&self.shared.state).calls.clone()
    }

    /// The requests for operation `O` that could be read into its typed request.
    pub fn calls_to<O: Operation>(&self) -> Vec<TypedCall<O>> {
        let name = O::info().name;
        lock(&self.shared.state)
            .calls
            .iter()
            .filter(|call| call.operation == Some(name))
            .filter_map(|call| {
                let typed = call.typed.clone()?.downcast::<O::Request>().ok()?;
                Some(TypedCall {
                    request: typed,
                    record: call.clone(),
                })
            })
            .collect()
    }

    /// Every problem found so far: spec violations, requests no rule matched, and (when
    /// `include_expectations`) unmet expectations of rules. The text the drop check panics with.
    pub fn verify(&self) -> Result<(), String> {
        let state = lock(&self.shared.state);
        let mut failures = state.failures.clone();
        for rule in &state.rules {
            if let Some(problem) = rule.unmet_expectation() {
                failures.push(problem);
            }
        }
        if failures.is_empty() {
            return Ok(());
        }
        let mut report = format!(
            "the {} test kit found {} problem(s):",
            self.shared.api.name,
            failures.len()
        );
        for (n, failure) in failures.iter().enumerate() {
            report.push_str(&format!("\n{}. {}", n + 1, failure.replace('\n', "\n   ")));
        }
        Err(report)
    }

    /// Removes and returns the spec violations found so far, so a test that sends an invalid
    /// request on purpose can assert on them (they no longer fail the test on drop).
    pub fn take_violations(&self) -> Vec<Problem> {
        let mut state = lock(&self.shared.state);
        state.failures.retain(|f| !f.contains(VIOLATION_MARK));
        state
            .calls
            .iter_mut()
            .flat_map(|call| std::mem::take(&mut call.problems))
            .collect()
    }

    /// Turns the check on drop off (`verify` still reports).
    pub fn disarm(&self) {
        lock(&self.shared.state).armed = false;
    }

    /// Answers a request in process: the sans-IO way (`build_*` gives the request, `parse_*`
    /// reads the answer). A delay is ignored; a [`Fault`] other than an oversized body cannot be
    /// expressed as a response and panics.
    pub fn handle(&self, request: http::Request<super::super::Body>) -> http::Response<Vec<u8>> {
        let (parts, body) = request.into_parts();
        match self
            .shared
            .answer(parts.method.as_str(), &parts.uri, &parts.headers, &body)
        {
            Answer::Respond { canned, .. } => canned.to_response(),
            Answer::Fault { fault, .. } => panic!(
                "a rule answered with {fault:?}, which a sans-IO response cannot express: use the client (`Mock::client`) or the socket server (`Mock::serve`)"
            ),
        }
    }

    /// Starts a real HTTP/1.1 server on 127.0.0.1 for this mock and returns its base URL
    /// (`http://127.0.0.1:<port>` followed by the spec's base path). It stops when the mock is
    /// dropped.
    pub fn serve(&self) -> std::io::Result<String> {
        let server = SocketServer::start(self.shared.clone())?;
        let url = format!("{}{}", server.url(), base_path(self.shared.api.base_url));
        lock(&self.servers).push(server);
        Ok(url)
    }

    /// A client transport whose attempts go to this mock, in process (no socket): the client's
    /// retries, timeout, size limit and `Retry-After` handling run as they do over HTTP.
    #[cfg(feature = "client")]
    pub fn transport(
        &self,
        options: &super::super::transport::ClientOptions,
    ) -> super::super::transport::Transport {
        super::super::transport::Transport::with_backend(
            Arc::new(InProcess(self.shared.clone())),
            options,
        )
        .unwrap_or_else(|err| panic!("the test kit's client options are refused: {err}"))
    }
}

impl Drop for MockApi {
    fn drop(&mut self) {
        for server in lock(&self.servers).drain(..) {
            server.stop();
        }
        if std::thread::panicking() || !lock(&self.shared.state).armed {
            return;
        }
        if let Err(report) = self.verify() {
            panic!("{report}");
        }
    }
}

/// Marks the failure text of a spec violation (for `take_violations`).
const VIOLATION_MARK: &str = "breaks the spec";

/// The path of a base URL (`https://host/api/v1` -> `/api/v1`), without a trailing slash.
fn base_path(base_url: &str) -> &str {
    let rest = base_url
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(base_url);
    rest.find('/')
        .map(|slash| rest[slash..].trim_end_matches('/'))
        .unwrap_or("")
}

fn is_secret_header(name: &str, extra: &[&str]) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || ["key", "token", "secret", "signature", "password"]
        .iter()
        .any(|word| name.contains(word))
        || extra.iter().any(|e| e.eq_ignore_ascii_case(&name))
}

fn problem_answer(status: u16, message: &str, problems: &[Problem]) -> Answer {
    let body = serde_json::json!({
        "testKit": message,
        "problems": problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
    });
    Answer::Respond {
        canned: Canned::json(status, serde_json::to_vec(&body).ok()),
        delay: None,
    }
}

impl Shared {
    fn schema(&self, pointer: &'static str) -> Arc<Result<SchemaCheck, String>> {
        lock(&self.schemas)
            .entry(pointer)
            .or_insert_with(|| Arc::new(SchemaCheck::compile(self.api.schemas, pointer)))
            .clone()
    }

    /// Routes, checks, logs and answers one request.
    pub(crate) fn answer(
        &self,
        method: &str,
        uri: &http::Uri,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Answer {
        let base = base_path(self.api.base_url);
        let full_path = uri.path();
        let path = full_path
            .strip_prefix(base)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .unwrap_or(full_path);
        let shown_path = match uri.query() {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        };
        let logged_headers: Vec<(String, String)> = headers
            .iter()
            .map(|(name, value)| {
                let value = if is_secret_header(name.as_str(), self.api.secret_headers) {
                    "<redacted>".to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str().to_owned(), value)
            })
            .collect();
        let mut record = CallRecord {
            operation: None,
            method: method.to_owned(),
            path: shown_path,
            path_params: PathParams::default(),
            headers: logged_headers,
            body: None,
            problems: Vec::new(),
            rule: None,
            status: None,
            fault: None,
            typed: None,
            typed_debug: None,
        };
        let route = |path: &str| {
            self.api.operations.iter().find_map(|entry| {
                let info = (entry.info)();
                if !info.method.eq_ignore_ascii_case(method) {
                    return None;
                }
                PathParams::match_template(info.path_template, path)
                    .map(|params| (entry, info, params))
            })
        };
        // A client configured with another base path (a proxy prefix, a sandbox path): the
        // operation's template may match the end of the path.
        let found = route(path).or_else(|| {
            path.match_indices('/')
                .skip(1)
                .find_map(|(at, _)| route(&path[at..]))
        });
        let Some((entry, info, params)) = found else {
            let known: Vec<String> = self
                .api
                .operations
                .iter()
                .map(|e| {
                    let i = (e.info)();
                    format!("{} {} ({})", i.method, i.path_template, i.name)
                })
                .collect();
            let message = format!(
                "no operation of the {} spec is `{method} {}`; it has: {}",
                self.api.name,
                record.path,
                known.join(", ")
            );
            let answer = problem_answer(404, &message, &[]);
            record.status = answer.status();
            let mut state = lock(&self.state);
            state.failures.push(message);
            state.calls.push(record);
            return answer;
        };
        record.operation = Some(info.name);
        record.path_params = params.clone();

        // The checks against the spec.
        let mut problems = Vec::new();
        let json = if body.is_empty() {
            if info.has_body {
                problems.push(Problem::new(
                    ProblemSource::Request,
                    "",
                    "requestBody.required",
                    "the operation requires a JSON body; the request has none",
                ));
            }
            None
        } else {
            let content_type = headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !content_type
                .to_ascii_lowercase()
                .starts_with("application/json")
            {
                problems.push(Problem::new(
                    ProblemSource::Request,
                    "",
                    "content-type",
                    format!("the body is sent as `{content_type}`, the spec documents `application/json`"),
                ));
            }
            match serde_json::from_slice::<Value>(body) {
                Ok(json) => Some(json),
                Err(err) => {
                    problems.push(Problem::new(
                        ProblemSource::Request,
                        "",
                        "JSON",
                        format!("the body is not JSON: {err}"),
                    ));
                    None
                }
            }
        };
        let (typed, typed_problems) = if json.is_some() || !info.has_body {
            (entry.read)(&params, json.as_ref())
        } else {
            (None, Vec::new())
        };
        problems.extend(typed_problems);
        if let (Some(pointer), Some(json)) = (info.request_schema, json.as_ref()) {
            match &*self.schema(pointer) {
                Ok(check) => problems.extend(check.problems(json)),
                Err(err) => problems.push(Problem::new(
                    ProblemSource::Schema,
                    "",
                    "schema",
                    err.clone(),
                )),
            }
        }
        if let Some((typed, debug)) = typed {
            record.typed = Some(typed);
            record.typed_debug = Some(debug);
        }
        record.body = json;
        if !problems.is_empty() {
            let mut message = format!(
                "{} (`{method} {}`): the request {VIOLATION_MARK}:",
                info.name, record.path
            );
            for problem in &problems {
                message.push_str(&format!("\n- {problem}"));
            }
            let answer = problem_answer(400, &message, &problems);
            record.status = answer.status();
            record.problems = problems;
            let mut state = lock(&self.state);
            state.failures.push(message);
            state.calls.push(record);
            return answer;
        }

        // The rules.
        let incoming_typed: Arc<dyn Any + Send + Sync> = match &record.typed {
            Some(typed) => typed.clone(),
            None => Arc::new(()),
        };
        let incoming = Incoming {
            typed: &*incoming_typed,
            params: &record.path_params,
            headers,
            json: record.body.as_ref(),
        };
        let mut state = lock(&self.state);
        let mut answer = None;
        let mut answering_rules = 0;
        let mut misses = Vec::new();
        for rule in state.rules.iter_mut().filter(|r| r.operation == info.name) {
            if rule.answers() {
                answering_rules += 1;
            }
            match rule.evaluate(&incoming) {
                Err(differences) => misses.push((rule.index, rule.label(), differences)),
                Ok(()) if !rule.answers() => rule.count_match(),
                Ok(()) => match rule.take_step(&incoming) {
                    Some(found) => {
                        rule.count_match();
                        record.rule = Some(rule.index);
                        answer = Some(found);
                        break;
                    }
                    None => misses.push((
                        rule.index,
                        rule.label(),
                        vec![format!(
                            "it matched, but its answers are used up ({} used)",
                            rule.matched()
                        )],
                    )),
                },
            }
        }
        let answer = match answer {
            Some(answer) => answer,
            None if answering_rules == 0 && state.use_examples => {
                match info
                    .examples
                    .iter()
                    .find(|e| (200..300).contains(&e.status))
                {
                    Some(example) => Answer::Respond {
                        canned: example.canned(),
                        delay: None,
                    },
                    None => {
                        let message = format!(
                            "{} (`{method} {}`): no rule answers it and the spec has no success example for it: add a rule",
                            info.name, record.path
                        );
                        let answer = problem_answer(501, &message, &[]);
                        state.failures.push(message);
                        answer
                    }
                }
            }
            None => {
                let message = no_match_message(info, method, &record, &misses, state.use_examples);
                let answer = problem_answer(501, &message, &[]);
                state.failures.push(message);
                answer
            }
        };
        record.status = answer.status();
        if let Answer::Fault { fault, .. } = &answer {
            record.fault = Some(fault.clone());
        }
        state.calls.push(record);
        answer.normalize()
    }
}

fn no_match_message(
    info: &OperationInfo,
    method: &str,
    record: &CallRecord,
    misses: &[(usize, String, Vec<String>)],
    use_examples: bool,
) -> String {
    let mut message = format!(
        "{} (`{method} {}`): no rule matched this request",
        info.name, record.path
    );
    // The closest rule is the one with the fewest differences (the first on a tie).
    match misses
        .iter()
        .min_by_key(|(_, _, differences)| differences.len())
    {
        Some((_, label, differences)) => {
            message.push_str(&format!("; the closest, {label}, differs:"));
            for difference in differences {
                message.push_str(&format!("\n- {difference}"));
            }
        }
        None if !use_examples => {
            message.push_str(" (the mock is strict and has no rule for this operation)")
        }
        None => {}
    }
    if let Some(typed) = &record.typed_debug {
        message.push_str(&format!("\nthe request: {typed}"));
    }
    message
}

/// The in-process transport: the mock as the client's backend.
#[cfg(feature = "client")]
struct InProcess(Arc<Shared>);

#[cfg(feature = "client")]
impl super::super::transport::Backend for InProcess {
    fn send(
        &self,
        request: http::Request<super::super::Body>,
    ) -> super::super::transport::BackendFuture<'_> {
        use super::super::{TransportError, TransportErrorKind};
        let (parts, body) = request.into_parts();
        let answer = self
            .0
            .answer(parts.method.as_str(), &parts.uri, &parts.headers, &body);
        Box::pin(async move {
            if let Some(delay) = answer.delay() {
                tokio::time::sleep(delay).await;
            }
            match answer {
                Answer::Respond { canned, .. } => Ok(canned.to_response()),
                Answer::Fault {
                    fault: Fault::TruncatedBody,
                    ..
                } => Err(TransportError::new(
                    TransportErrorKind::ResponseBody,
                    false,
                    "connection closed before the whole body was read (test kit fault: truncated body)",
                )),
                Answer::Fault { .. } => Err(TransportError::new(
                    TransportErrorKind::Other,
                    false,
                    "connection reset by peer (test kit fault)",
                )),
            }
        })
    }
}

/// For [`RuleBuilder`]'s phantom type.
pub(crate) type Marker<O> = PhantomData<fn() -> O>;
