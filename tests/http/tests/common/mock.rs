//! A mock of one API on 127.0.0.1 (axum on a port chosen by the OS) that checks every request
//! against the spec before answering.
//!
//! For each request it checks: the method and raw path match an operation of the spec, no query
//! string, `Authorization` is exactly the expected Basic value, `Accept: application/json`, the
//! user agent starts with `commerce-apis/`, every required header parameter of the spec (Forter's
//! `api-version`, `x-forter-siteid`) has the configured value, and the body is JSON valid for the
//! operation's request body schema with `Content-Type: application/json` (or, for an operation
//! without a body, is empty and has no `Content-Type`).
//!
//! A request that breaks any check is answered with status 599 and the reasons, and the reasons
//! are recorded: dropping the mock panics if any were recorded (unless they were taken with
//! [`MockServer::take_failures`]), so no test can pass with a request that broke the contract.
//! Otherwise the test's responder decides the answer (see [`Reply::documented`] for the spec's
//! examples).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, Method, StatusCode};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::{documented_body, Api};

/// A request as the mock received it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// 0 for the first request this mock received, 1 for the next, ...
    pub index: usize,
    /// The snake_case operation it was routed to (empty if none matched).
    pub operation: String,
    pub method: Method,
    /// The path exactly as received (still percent-encoded).
    pub raw_path: String,
    pub query: Option<String>,
    /// Path parameters, percent-decoded.
    pub path_params: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    /// A decoded path parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.path_params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The mock's answer to a request that passed the checks.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waits this long before answering.
    pub delay: Duration,
}

impl Reply {
    /// A status with no body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// A JSON body.
    pub fn json(status: u16, body: &Value) -> Reply {
        Reply::raw(status, serde_json::to_vec(body).expect("JSON"))
    }

    /// Any bytes, labelled as JSON.
    pub fn raw(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            body: body.into(),
            ..Reply::empty(status)
        }
        .header("content-type", "application/json")
    }

    /// The documented answer: the example file `<operation>.<status>.json` of the API, or a
    /// small body valid for the status's schema when there is none, or no body (204).
    pub fn documented(api: Api, operation: &str, status: u16) -> Reply {
        match documented_body(api, operation, status) {
            Some(body) => Reply::json(status, &body),
            None => Reply::empty(status),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Responder = dyn Fn(&Seen) -> Reply + Send + Sync;

struct Shared {
    api: Api,
    authorization: String,
    responder: Box<Responder>,
    requests: Mutex<Vec<Seen>>,
    failures: Mutex<Vec<String>>,
}

/// A running mock; stops when dropped.
pub struct MockServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl MockServer {
    /// Starts a mock of `api` that expects the test credentials of [`Api::authorization`].
    pub async fn start(
        api: Api,
        responder: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
    ) -> MockServer {
        MockServer::start_expecting(api, api.authorization(), responder).await
    }

    /// Starts a mock of `api` that expects `authorization` exactly.
    pub async fn start_expecting(
        api: Api,
        authorization: String,
        responder: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
    ) -> MockServer {
        // Compile the spec's schemas before serving, outside the request path.
        let _ = api.spec();
        let shared = Arc::new(Shared {
            api,
            authorization,
            responder: Box::new(responder),
            requests: Mutex::new(Vec::new()),
            failures: Mutex::new(Vec::new()),
        });
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        MockServer {
            base_url,
            shared,
            shutdown: Some(shutdown),
            task,
        }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The number of requests received so far.
    pub fn request_count(&self) -> usize {
        self.shared.requests.lock().unwrap().len()
    }

    /// The only request received; panics if there were none or several.
    pub fn single_request(&self) -> Seen {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:#?}"
        );
        requests.into_iter().next().unwrap()
    }

    /// The contract violations recorded so far, which are then no longer reported on drop (for
    /// tests of the mock itself).
    pub fn take_failures(&self) -> Vec<String> {
        std::mem::take(&mut *self.shared.failures.lock().unwrap())
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.task.abort();
        let failures = self
            .shared
            .failures
            .lock()
            .map(|f| f.clone())
            .unwrap_or_default();
        if !failures.is_empty() && !std::thread::panicking() {
            panic!(
                "the {} mock received {} request(s) that break the spec:\n  {}",
                self.shared.api.name(),
                failures.len(),
                failures.join("\n  ")
            );
        }
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    let mut problems = Vec::new();
    let body = match axum::body::to_bytes(body, 4 << 20).await {
        Ok(bytes) => bytes.to_vec(),
        Err(e) => {
            problems.push(format!("cannot read the body: {e}"));
            Vec::new()
        }
    };
    let raw_path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let spec = shared.api.spec();
    let mut seen = Seen {
        index: 0,
        operation: String::new(),
        method: parts.method.clone(),
        raw_path: raw_path.clone(),
        query: query.clone(),
        path_params: Vec::new(),
        headers: parts.headers.clone(),
        body: body.clone(),
    };

    match spec.route(&parts.method, &raw_path) {
        None => problems.push(format!(
            "no operation of spec/{}/openapi.json is `{} {raw_path}`",
            shared.api.name(),
            parts.method
        )),
        Some((op, params)) => {
            seen.operation = op.name.clone();
            match params {
                Ok(params) => {
                    for (name, value) in &params {
                        if value.is_empty() {
                            problems.push(format!("path parameter `{name}` is empty"));
                        }
                    }
                    seen.path_params = params;
                }
                Err(why) => problems.push(why),
            }
            let headers = &parts.headers;
            // The value is not echoed: it holds the credentials.
            match header(headers, "authorization") {
                Ok(Some(v)) if v == shared.authorization => {}
                Ok(Some(_)) => problems
                    .push("header `authorization` is not the expected Basic credentials".into()),
                Ok(None) => problems.push("header `authorization` is missing".into()),
                Err(why) => problems.push(why),
            }
            expect(
                headers,
                "accept",
                &|v| v == "application/json",
                "\"application/json\"",
                &mut problems,
            );
            expect(
                headers,
                "user-agent",
                &|v| v.starts_with("commerce-apis/"),
                "a value starting with \"commerce-apis/\"",
                &mut problems,
            );
            for name in &op.required_headers {
                match shared.api.header_values().iter().find(|(n, _)| n == name) {
                    Some((_, value)) => expect(
                        headers,
                        name,
                        &|v| v == *value,
                        &format!("{value:?}"),
                        &mut problems,
                    ),
                    None => problems.push(format!(
                        "the mock does not know the expected value of required header `{name}`"
                    )),
                }
            }
            if let Some(query) = &query {
                problems.push(format!(
                    "unexpected query string {query:?}: the operation has no query parameter"
                ));
            }
            match &op.request_body {
                Some(schema) => {
                    expect(
                        headers,
                        "content-type",
                        &|v| v == "application/json",
                        "\"application/json\"",
                        &mut problems,
                    );
                    match serde_json::from_slice::<Value>(&body) {
                        Ok(json) => {
                            for error in schema.errors(&json) {
                                problems.push(format!(
                                    "body does not match {}: {error}",
                                    schema.pointer
                                ));
                            }
                        }
                        Err(e) => problems.push(format!("body is not JSON: {e}")),
                    }
                }
                None => {
                    if !body.is_empty() {
                        problems.push(format!(
                            "the operation has no request body, got {} bytes",
                            body.len()
                        ));
                    }
                    if let Ok(Some(v)) = header(headers, "content-type") {
                        problems.push(format!("no body but `content-type: {v}`"));
                    }
                }
            }
        }
    }

    {
        let mut requests = shared.requests.lock().unwrap();
        seen.index = requests.len();
        requests.push(seen.clone());
    }
    if !problems.is_empty() {
        let shown: Vec<String> = problems
            .iter()
            .map(|p| format!("request #{} `{} {raw_path}`: {p}", seen.index, parts.method))
            .collect();
        shared
            .failures
            .lock()
            .unwrap()
            .extend(shown.iter().cloned());
        return http::Response::builder()
            .status(StatusCode::from_u16(599).unwrap())
            .header("content-type", "text/plain")
            .body(shown.join("\n").into())
            .unwrap();
    }

    let reply = (shared.responder)(&seen);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response =
        http::Response::builder().status(StatusCode::from_u16(reply.status).expect("valid status"));
    for (name, value) in &reply.headers {
        response = response.header(name, value);
    }
    response.body(reply.body.into()).expect("valid response")
}

/// The single value of a header; `Err` if it is repeated or not visible ASCII.
fn header<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, String> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (None, _) => Ok(None),
        (Some(_), Some(_)) => Err(format!("header `{name}` is sent more than once")),
        (Some(v), None) => v
            .to_str()
            .map(Some)
            .map_err(|_| format!("header `{name}` is not visible ASCII")),
    }
}

/// Records a problem unless header `name` is present once and passes `check`.
fn expect(
    headers: &HeaderMap,
    name: &str,
    check: &dyn Fn(&str) -> bool,
    wanted: &str,
    problems: &mut Vec<String>,
) {
    match header(headers, name) {
        Ok(Some(v)) if check(v) => {}
        Ok(Some(v)) => problems.push(format!("header `{name}` is {v:?}, expected {wanted}")),
        Ok(None) => problems.push(format!("header `{name}` is missing, expected {wanted}")),
        Err(why) => problems.push(why),
    }
}
