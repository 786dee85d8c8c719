//! Building requests: credentials, path parameters, configured headers and the JSON body. The
//! generated `build_*` functions are thin sequences of calls to these.

use std::fmt;

use super::{Body, Error, FieldPath, RequestError, Validate, Violation};

/// HTTP basic credentials. `Debug` and `Display` never show them.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    user_name: String,
    password: String,
}

impl Credentials {
    /// Credentials from a user name and a password; what each is for an API is described on
    /// that API's `Config`.
    pub fn basic(user_name: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            user_name: user_name.into(),
            password: password.into(),
        }
    }

    /// The `Authorization` header value.
    fn header_value(&self) -> http::HeaderValue {
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", self.user_name, self.password));
        let mut value = http::HeaderValue::try_from(format!("Basic {token}"))
            .expect("base64 is always a valid header value");
        // Marked sensitive so HTTP stacks that honour the flag (hyper's HPACK encoder, logging
        // middleware) neither index nor print it.
        value.set_sensitive(true);
        value
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials(*** redacted ***)")
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** redacted ***")
    }
}

/// Characters left as they are in a path segment: RFC 3986 "unreserved".
// Everything else, sub-delims included, is encoded: stricter than RFC 3986 requires, and the same
// bytes for every server, proxy and framework in between.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a path parameter so it stays exactly one path segment (`/`, `?`, `#`,
/// `%` and spaces are encoded; a segment of only dots is encoded too, so it cannot be
/// resolved as `.` or `..`).
fn encode_path_segment(value: &str) -> String {
    if !value.is_empty() && value.bytes().all(|b| b == b'.') {
        return "%2E".repeat(value.len());
    }
    percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// Checks a base URL when it is configured: `http://` or `https://`, a host, no user name or
/// password (credentials belong in [`Credentials`]), no query and no fragment (a path would be
/// appended after them). The message never repeats the URL, which may hold a secret.
#[doc(hidden)]
pub fn base_url(url: String) -> Result<String, RequestError> {
    let invalid = |why: &str| Err(RequestError::InvalidConfig(format!("the base URL {why}")));
    // `http::Uri` drops a fragment silently, so look for it first.
    if url.contains('#') {
        return invalid("must not have a fragment (`#...`)");
    }
    let Ok(uri) = url.parse::<http::Uri>() else {
        return invalid("is not a valid URL");
    };
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(_) => return invalid("must start with `http://` or `https://`"),
        None => return invalid("must start with `http://` or `https://` (it has no scheme)"),
    }
    match uri.authority() {
        Some(authority) if authority.as_str().contains('@') => {
            return invalid(
                "must not hold a user name or password: pass them as `Credentials` instead",
            )
        }
        Some(authority) if !authority.host().is_empty() => {}
        _ => return invalid("has no host"),
    }
    if uri.query().is_some() || url.contains('?') {
        return invalid("must not have a query (`?...`)");
    }
    Ok(url)
}

/// Joins the base URL and an already encoded path.
// A trailing slash on the configured base URL is tolerated: the path always starts with one.
#[doc(hidden)]
pub fn url(base_url: &str, path: &str) -> String {
    format!("{}{path}", base_url.trim_end_matches('/'))
}

/// Starts a JSON request with method, URL, content negotiation and authorization.
#[doc(hidden)]
pub fn request_builder(
    method: http::Method,
    url: &str,
    credentials: &Credentials,
) -> http::request::Builder {
    http::Request::builder()
        .method(method)
        .uri(url)
        .header(http::header::ACCEPT, "application/json")
        .header(http::header::AUTHORIZATION, credentials.header_value())
}

/// A header value from configuration, refusing characters HTTP does not allow. A header marked
/// `x-sensitive` in the spec (`sensitive`) is flagged with [`http::HeaderValue::set_sensitive`],
/// like the `Authorization` of [`Credentials`]: the built request's `Debug` shows `Sensitive`
/// instead of the value, and HTTP/2 stacks do not index it.
// The message names the header, never the value: a header may carry a secret.
#[doc(hidden)]
pub fn config_header(
    name: &str,
    value: &str,
    sensitive: bool,
) -> Result<http::HeaderValue, RequestError> {
    let mut header = http::HeaderValue::from_str(value).map_err(|_| {
        RequestError::InvalidConfig(format!(
            "the value for header `{name}` contains characters not allowed in HTTP headers"
        ))
    })?;
    header.set_sensitive(sensitive);
    Ok(header)
}

/// Finishes a request; fails only on an invalid URL.
// `http::request::Builder` defers every error to `body()`; the only one our calls can cause is a
// base URL that does not parse as a URI, hence `InvalidConfig`.
#[doc(hidden)]
pub fn finish(
    builder: http::request::Builder,
    body: Vec<u8>,
) -> Result<http::Request<Body>, RequestError> {
    builder
        .body(Body::from(body))
        .map_err(|err| RequestError::InvalidConfig(format!("cannot build the request: {err}")))
}

/// Serializes a JSON body once it and everything checked before it (`violations`: path
/// parameters) are valid; enum values the crate does not know are refused unless
/// `allow_unrecognized`. Every violation is listed together, those already found first.
#[doc(hidden)]
pub fn json_body<T: serde::Serialize + Validate>(
    body: &T,
    allow_unrecognized: bool,
    mut violations: Vec<Violation>,
) -> Result<Vec<u8>, RequestError> {
    body.validate_at(&mut FieldPath::new(allow_unrecognized), &mut violations);
    refuse(violations)?;
    serde_json::to_vec(body)
        .map_err(|err| RequestError::InvalidConfig(format!("cannot serialize the body: {err}")))
}

/// The JSON body of a request whose checks the generated code ran itself (a body that is an
/// alias with rules of its own, e.g. a list with `minItems`), once nothing was found.
#[doc(hidden)]
pub fn checked_json_body<T: serde::Serialize>(
    body: &T,
    violations: Vec<Violation>,
) -> Result<Vec<u8>, RequestError> {
    refuse(violations)?;
    serde_json::to_vec(body)
        .map_err(|err| RequestError::InvalidConfig(format!("cannot serialize the body: {err}")))
}

/// The empty body of an operation without one, once the path parameters (`violations`) are
/// valid.
#[doc(hidden)]
pub fn no_body(violations: Vec<Violation>) -> Result<Vec<u8>, RequestError> {
    refuse(violations)?;
    Ok(Vec::new())
}

/// Fails with every violation found, if there is one.
fn refuse(violations: Vec<Violation>) -> Result<(), RequestError> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(RequestError::InvalidRequest(violations))
    }
}

/// Adds a violation when a path parameter differs from the body property repeating it
/// (`x-body-field` in the spec, e.g. Forter's `{id}` and `orderId`), so the two cannot disagree.
/// A parameter already refused (empty, `.`, `..`) is not reported twice.
// The message names both places, never the values.
#[doc(hidden)]
pub fn path_matches_body(
    name: &str,
    value: &str,
    key: &str,
    body_value: &str,
    violations: &mut Vec<Violation>,
) {
    if value != body_value && !violations.iter().any(|v| v.path == name) {
        violations.push(Violation {
            path: name.to_owned(),
            message: format!("must equal the body's `{key}`"),
        });
    }
}

/// A path parameter's or header setting's own rules (`maxLength`, `pattern`, `format`), checked
/// as a body field's and reported under the parameter's name.
#[doc(hidden)]
pub fn check_parameter(
    name: &str,
    value: &str,
    rules: &super::StrRules,
    violations: &mut Vec<Violation>,
) {
    let mut found = Vec::new();
    super::check_str(value, rules, &FieldPath::default(), &mut found);
    violations.extend(found.into_iter().map(|v| Violation {
        path: name.to_owned(),
        ..v
    }));
}

/// A path parameter, percent-encoded; adds a violation for a value that would address another
/// resource: empty, `.` or `..` (URL parsers resolve `%2E%2E` like `..`, so no encoding keeps
/// those in their segment). The request is refused later, with every violation found.
#[doc(hidden)]
pub fn path_param(name: &str, value: &str, violations: &mut Vec<Violation>) -> String {
    let message = match value {
        "" => "must not be empty",
        "." | ".." => "must not be `.` or `..`",
        _ => return encode_path_segment(value),
    };
    violations.push(Violation {
        path: name.to_owned(),
        message: message.to_owned(),
    });
    String::new()
}

/// A typed result together with the status and headers it came with (request ids, rate-limit
/// counters): what the client's `<operation>_with_response` methods return.
///
/// Sans-IO, [`ApiResponse::parse`] does the same with any `parse_*` function:
/// `ApiResponse::parse(&response, forter::parse_validate_order)`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: http::StatusCode,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The typed body, as the operation's `parse_*` function returns it.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// Parses `response` with an operation's `parse_*` function and keeps its status and
    /// headers beside the typed body.
    pub fn parse<E>(
        response: &http::Response<Vec<u8>>,
        parse: impl FnOnce(&http::Response<Vec<u8>>) -> Result<T, Error<E>>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        let body = parse(response)?;
        Ok(ApiResponse {
            status: response.status(),
            headers: response.headers().clone(),
            body,
        })
    }

    /// The typed body, without status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::super::{check_str, StrRules};
    use super::*;

    #[test]
    fn credentials_make_a_sensitive_basic_header() {
        let value = Credentials::basic("user", "pa:ss").header_value();
        // base64("user:pa:ss"): only the first colon separates user and password.
        assert_eq!(value, "Basic dXNlcjpwYTpzcw==");
        assert!(value.is_sensitive());
        assert_eq!(
            Credentials::basic("", "").header_value(),
            "Basic Og==" // base64(":")
        );
    }

    #[test]
    fn credentials_never_print_the_secret() {
        let credentials = Credentials::basic("merchant-42", "s3cret");
        for shown in [
            format!("{credentials:?}"),
            format!("{credentials:#?}"),
            credentials.to_string(),
        ] {
            assert!(
                !shown.contains("s3cret") && !shown.contains("merchant-42"),
                "{shown}"
            );
            assert!(shown.contains("*** redacted ***"), "{shown}");
        }
        assert_eq!(format!("{credentials:?}"), "Credentials(*** redacted ***)");
    }

    #[test]
    fn encode_path_segment_keeps_one_segment() {
        let cases = [
            ("abc-DEF_123.~", "abc-DEF_123.~"),
            ("a/b", "a%2Fb"),
            ("a?b=c", "a%3Fb%3Dc"),
            ("#frag", "%23frag"),
            ("100%", "100%25"),
            ("%2F", "%252F"),
            ("a b", "a%20b"),
            ("a+b", "a%2Bb"),
            ("ünï", "%C3%BCn%C3%AF"),
            ("日本", "%E6%97%A5%E6%9C%AC"),
            ("😀", "%F0%9F%98%80"),
            ("\\", "%5C"),
            (".", "%2E"),
            ("..", "%2E%2E"),
            ("...", "%2E%2E%2E"),
            ("a.", "a."),
            ("..a", "..a"),
            ("", ""),
        ];
        for (raw, encoded) in cases {
            assert_eq!(encode_path_segment(raw), encoded, "{raw:?}");
        }
    }

    /// `path_param` with a fresh list of violations: the encoded value, or the violations.
    fn param(value: &str) -> Result<String, Vec<Violation>> {
        let mut violations = Vec::new();
        let encoded = path_param("id", value, &mut violations);
        if violations.is_empty() {
            Ok(encoded)
        } else {
            Err(violations)
        }
    }

    #[test]
    fn path_param_rules_are_reported_under_its_name() {
        let rules = StrRules {
            max_length: Some(3),
            format: Some(super::super::Format::Date),
            ..StrRules::NONE
        };
        let mut violations = Vec::new();
        check_parameter("day", "2024-01-15", &rules, &mut violations);
        check_parameter("day", "x", &rules, &mut violations);
        let shown: Vec<String> = violations
            .iter()
            .map(|v| format!("{}: {}", v.path, v.message))
            .collect();
        assert_eq!(
            shown,
            [
                "day: is 10 characters long, longer than the maximum of 3",
                "day: is not a valid date (YYYY-MM-DD)"
            ]
        );
    }

    #[test]
    fn parameter_values_outside_the_enum_are_refused() {
        let rules = StrRules {
            one_of: Some(&["2024-01", "2025-06"]),
            ..StrRules::NONE
        };
        let mut violations = Vec::new();
        check_parameter("Api-Version", "2025-06", &rules, &mut violations);
        assert!(violations.is_empty(), "{violations:?}");
        check_parameter("Api-Version", "2025-6", &rules, &mut violations);
        assert_eq!(
            violations
                .iter()
                .map(|v| format!("{}: {}", v.path, v.message))
                .collect::<Vec<_>>(),
            ["Api-Version: is `2025-6`, not one of the values the spec lists: `2024-01`, `2025-06`"]
        );
    }

    #[test]
    fn path_param_refuses_empty_and_dot_segments() {
        for (value, message) in [
            ("", "must not be empty"),
            (".", "must not be `.` or `..`"),
            ("..", "must not be `.` or `..`"),
        ] {
            assert_eq!(
                param(value),
                Err(vec![Violation {
                    path: "id".into(),
                    message: message.into(),
                }]),
                "{value:?}"
            );
        }
    }

    #[test]
    fn path_matches_body_refuses_a_different_value() {
        let mut violations = Vec::new();
        path_matches_body("id", "A-1", "orderId", "A-1", &mut violations);
        assert_eq!(violations, []);
        path_matches_body("id", "B-2", "orderId", "A-1", &mut violations);
        let mismatch = Violation {
            path: "id".into(),
            message: "must equal the body's `orderId`".into(),
        };
        assert_eq!(violations, std::slice::from_ref(&mismatch));
        // An empty id is one violation, not also a mismatch.
        let mut violations = Vec::new();
        path_param("id", "", &mut violations);
        path_matches_body("id", "", "orderId", "A-1", &mut violations);
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].message, "must not be empty");
        // Another parameter's violation does not hide this one's mismatch.
        let mut violations = Vec::new();
        path_param("site", "", &mut violations);
        path_matches_body("id", "B-2", "orderId", "A-1", &mut violations);
        assert_eq!(violations[1], mismatch);
    }

    #[test]
    fn path_param_encodes_everything_else() {
        assert_eq!(param("...").unwrap(), "%2E%2E%2E");
        assert_eq!(param("../etc").unwrap(), "..%2Fetc");
        assert_eq!(param("a b/c?d#e").unwrap(), "a%20b%2Fc%3Fd%23e");
        assert_eq!(param("2356fdse0rr489").unwrap(), "2356fdse0rr489");
    }

    #[test]
    fn url_joins_without_a_double_slash() {
        assert_eq!(
            url("https://api.example.com", "/v1/x"),
            "https://api.example.com/v1/x"
        );
        assert_eq!(
            url("https://api.example.com/", "/v1/x"),
            "https://api.example.com/v1/x"
        );
        assert_eq!(
            url("https://api.example.com/base//", "/x"),
            "https://api.example.com/base/x"
        );
    }

    #[test]
    fn request_builder_sets_accept_and_authorization() {
        let credentials = Credentials::basic("user", "pass");
        let builder = request_builder(http::Method::PUT, "https://example.com/a", &credentials);
        let request = finish(builder, b"{}".to_vec()).unwrap();
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(request.uri(), "https://example.com/a");
        assert_eq!(request.headers()["accept"], "application/json");
        assert_eq!(request.headers()["authorization"], "Basic dXNlcjpwYXNz");
        assert_eq!(request.body().as_bytes(), b"{}");
        assert_eq!(format!("{:?}", request.body()), "Body(2 bytes)");
    }

    #[test]
    fn finish_reports_an_invalid_base_url_as_configuration() {
        let credentials = Credentials::basic("user", "pass");
        let builder = request_builder(http::Method::GET, "not a url", &credentials);
        match finish(builder, Vec::new()) {
            Err(RequestError::InvalidConfig(message)) => {
                assert!(
                    message.starts_with("cannot build the request: "),
                    "{message}"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn config_header_names_the_header_not_the_value() {
        assert_eq!(config_header("x-site", "abc", false).unwrap(), "abc");
        let err = config_header("x-site", "se\ncret", true)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid configuration: the value for header `x-site` contains characters not allowed in HTTP headers"
        );
    }

    #[test]
    fn sensitive_headers_do_not_show_in_the_built_request() {
        let credentials = Credentials::basic("user", "s3cret-password");
        let builder = request_builder(http::Method::POST, "https://example.com/x", &credentials)
            .header(
                "x-token",
                config_header("x-token", "tok-123456", true).unwrap(),
            )
            .header("x-site", config_header("x-site", "site-42", false).unwrap());
        let request = finish(builder, Vec::new()).unwrap();
        let headers = request.headers();
        assert!(headers["authorization"].is_sensitive());
        assert!(headers["x-token"].is_sensitive());
        assert!(!headers["x-site"].is_sensitive());
        // The value is still sent as it is.
        assert_eq!(headers["x-token"], "tok-123456");
        let shown = format!("{request:?} {request:#?}");
        for secret in ["tok-123456", "Basic ", "dXNlcjpzM2NyZXQtcGFzc3dvcmQ="] {
            assert!(!shown.contains(secret), "{secret} shows in {shown}");
        }
        assert!(shown.contains("site-42"), "{shown}");
    }

    #[test]
    fn json_body_validates_before_serializing() {
        #[derive(serde::Serialize)]
        struct Body {
            name: &'static str,
        }
        impl Validate for Body {
            fn validate_at(&self, path: &mut FieldPath, out: &mut Vec<Violation>) {
                path.key("name");
                let rules = StrRules {
                    max_length: Some(3),
                    ..StrRules::default()
                };
                check_str(self.name, &rules, path, out);
                path.pop();
            }
        }
        assert_eq!(
            json_body(&Body { name: "abc" }, false, Vec::new()).unwrap(),
            br#"{"name":"abc"}"#
        );
        match json_body(&Body { name: "abcd" }, true, Vec::new()) {
            Err(RequestError::InvalidRequest(violations)) => {
                assert_eq!(violations.len(), 1);
                assert_eq!(violations[0].path, "name");
            }
            other => panic!("{other:?}"),
        }
        // Violations found before (an empty path parameter) are kept, and the body's added.
        let mut earlier = Vec::new();
        path_param("id", "", &mut earlier);
        match json_body(&Body { name: "abcd" }, false, earlier) {
            Err(RequestError::InvalidRequest(violations)) => {
                let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
                assert_eq!(paths, ["id", "name"]);
            }
            other => panic!("{other:?}"),
        }
        // A valid body with an invalid path parameter is still refused.
        let mut earlier = Vec::new();
        path_param("id", "..", &mut earlier);
        assert!(json_body(&Body { name: "abc" }, false, earlier).is_err());
        assert_eq!(no_body(Vec::new()).unwrap(), b"");
        let mut earlier = Vec::new();
        path_param("id", "", &mut earlier);
        assert!(matches!(
            no_body(earlier),
            Err(RequestError::InvalidRequest(v)) if v.len() == 1
        ));
    }

    #[test]
    fn base_url_accepts_http_and_https_with_a_path() {
        for url in [
            "https://api.example.com",
            "https://api.example.com/",
            "http://127.0.0.1:8080/forte/",
            "https://api.example.com/v1/base",
            "HTTPS://API.EXAMPLE.COM",
        ] {
            assert_eq!(base_url(url.to_owned()).as_deref(), Ok(url), "{url}");
        }
    }

    #[test]
    fn base_url_refuses_what_cannot_take_a_path() {
        let cases = [
            ("api.example.com", "must start with `http://` or `https://`"),
            ("/relative", "must start with `http://` or `https://`"),
            (
                "ftp://api.example.com",
                "must start with `http://` or `https://`",
            ),
            ("https://api.example.com?x=1", "must not have a query"),
            ("https://api.example.com/v1?", "must not have a query"),
            ("https://api.example.com/#top", "must not have a fragment"),
            (
                "https://user:s3cret@api.example.com",
                "must not hold a user name or password",
            ),
            ("https://exa mple.test", "is not a valid URL"),
            ("", "is not a valid URL"),
        ];
        for (url, why) in cases {
            match base_url(url.to_owned()) {
                Err(RequestError::InvalidConfig(message)) => {
                    assert!(message.starts_with("the base URL "), "{url}: {message}");
                    assert!(message.contains(why), "{url}: {message}");
                    assert!(!message.contains("s3cret"), "{message}");
                }
                other => panic!("{url}: {other:?}"),
            }
        }
    }

    #[test]
    fn api_response_keeps_status_and_headers() {
        let response = http::Response::builder()
            .status(201)
            .header("x-request-id", "r-1")
            .body(b"7".to_vec())
            .unwrap();
        let parse = |r: &http::Response<Vec<u8>>| -> Result<u32, Error<()>> {
            super::super::decode(r, "u32")
        };
        let parsed = ApiResponse::parse(&response, parse).unwrap();
        assert_eq!(parsed.status, http::StatusCode::CREATED);
        assert_eq!(parsed.headers["x-request-id"], "r-1");
        assert_eq!(parsed.into_body(), 7);
        let bad = http::Response::new(b"x".to_vec());
        assert!(matches!(
            ApiResponse::parse(&bad, parse),
            Err(Error::Decode { status: 200, .. })
        ));
    }
}
