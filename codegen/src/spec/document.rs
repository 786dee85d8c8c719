//! The OpenAPI 3.1 document subset we accept: info, servers, one basic-auth scheme, operations with
//! path and header parameters, JSON request bodies and responses by status, component schemas.

use serde_json::Value;

use super::node::Node;
use super::schema::{parse_schema, Schema};
use crate::error::{Diagnostic, Result};
use crate::ir::{HttpMethod, PathPart, PathTemplate};

const JSON: &str = "application/json";

/// A parsed spec document.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub server_url: String,
    pub security: Option<SecurityScheme>,
    /// Component schemas in document order.
    pub schemas: Vec<(String, Schema)>,
    pub operations: Vec<Operation>,
    /// The notifications the API sends (top-level `webhooks`), in document order.
    pub webhooks: Vec<super::webhooks::Webhook>,
}

/// The HTTP basic scheme of the API.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub name: String,
    pub description: Option<String>,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    pub pointer: String,
    pub operation_id: String,
    pub method: HttpMethod,
    /// The path template, with every placeholder bound to one of `path_params`.
    pub path: PathTemplate,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub path_params: Vec<Parameter>,
    pub header_params: Vec<Parameter>,
    pub request_body: Option<Schema>,
    pub responses: Vec<Response>,
}

/// A path or header parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    pub pointer: String,
    pub name: String,
    pub description: Option<String>,
    pub required: bool,
    pub schema: Schema,
    pub example: Option<String>,
    /// `x-sensitive` on the parameter object (its schema, or the schema it references, may say
    /// so too): the value is redacted wherever it is shown.
    pub sensitive: bool,
    /// The `components/parameters` key it was referenced by, if any.
    pub component: Option<String>,
    /// `x-body-field` of a path parameter: the request body's property that must hold the same
    /// value (`orderId`); `build_*` refuses a request where they differ.
    pub body_field: Option<String>,
}

/// A parameter object (after `$ref`) with the keys this reader knows and the extensions its
/// place allows; returns its `in` and the parameter (without `component` and `body_field`, which
/// only operations have).
pub(super) fn read_parameter(node: &Node<'_>, extensions: &[&str]) -> Result<(String, Parameter)> {
    node.only_keys(
        &[
            "name",
            "in",
            "description",
            "required",
            "schema",
            "examples",
            "example",
            "deprecated",
        ],
        extensions,
    )?;
    let example_node = match node.get("examples") {
        Some(list) => list.array_items()?.into_iter().next(),
        None => node.get("example"),
    };
    let example = example_node.as_ref().map(Node::string).transpose()?;
    let location = node.req_str("in")?;
    if let (true, Some(at), Some(value)) = (location == "header", &example_node, &example) {
        check_header_example(at, value)?;
    }
    let parameter = Parameter {
        pointer: node.pointer().to_owned(),
        name: node.req_str("name")?,
        description: node.opt_str("description")?,
        required: node.opt_bool("required")?.unwrap_or(false),
        schema: parse_schema(node.require("schema")?)?,
        example,
        sensitive: node.opt_bool("x-sensitive")?.unwrap_or(false),
        component: None,
        body_field: None,
    };
    Ok((location, parameter))
}

/// A header parameter's example is sent as written (the test kit's `example_config` puts it in
/// the `Config`, the docs show it as the value to use), so it must be a value an HTTP header can
/// carry: visible ASCII, spaces and tabs, as `http::HeaderValue` accepts.
fn check_header_example(at: &Node<'_>, value: &str) -> Result<()> {
    match value.chars().find(|c| !matches!(c, '\t' | ' '..='~')) {
        Some(bad) => Err(at.error(
            format!(
                "this header example holds `{}`, which an HTTP header value cannot carry",
                bad.escape_default()
            ),
            "write the example as it is sent: visible ASCII, spaces and tabs (encode other text as the API does, e.g. percent-encoding or base64)",
        )),
        None => Ok(()),
    }
}

/// One documented response.
#[derive(Debug, Clone)]
pub struct Response {
    pub pointer: String,
    pub status: u16,
    pub description: String,
    /// `None` for a response without a body (e.g. 204).
    pub body: Option<Schema>,
}

/// Parses `text` (the contents of `file`) into a [`Document`].
pub fn parse_document(file: &str, text: &str) -> Result<Document> {
    let value: Value = super::strict_json::parse(text).map_err(|strict| {
        let err = strict.error;
        let (pointer, help) = match &strict.duplicate_at {
            Some(pointer) => (
                pointer.as_str(),
                "keep one of the two; JSON readers disagree on which one wins",
            ),
            None => ("", "fix the JSON syntax"),
        };
        Diagnostic::new(
            file,
            pointer,
            format!(
                "invalid JSON at line {}, column {}: {err}",
                err.line(),
                err.column()
            ),
            help,
        )
    })?;
    let root = Node::root(file, &value);
    root.only_keys(
        &[
            "openapi",
            "info",
            "servers",
            "paths",
            "components",
            "security",
            "tags",
            "externalDocs",
            "jsonSchemaDialect",
            "webhooks",
        ],
        &[],
    )?;

    let version = root.req_str("openapi")?;
    if !version.starts_with("3.1") {
        return Err(root.require("openapi")?.error(
            format!("OpenAPI version {version} is not supported"),
            "write an OpenAPI 3.1.x document",
        ));
    }

    let info = root.require("info")?;
    info.only_keys(
        &[
            "title",
            "version",
            "description",
            "summary",
            "contact",
            "license",
            "termsOfService",
        ],
        &["x-note"],
    )?;

    let servers = root.require("servers")?;
    let first_server = servers.array_items()?.into_iter().next().ok_or_else(|| {
        servers.error(
            "`servers` is empty",
            "give the API's base URL as the first server",
        )
    })?;
    let url = first_server.require("url")?;
    let server_url = url.string()?;
    if let Err(why) = check_server_url(&server_url) {
        return Err(url.error(
            format!("the base URL {why}"),
            "give an absolute `https://` (or `http://`) URL with a host and no query, fragment, \
             user name or `{variables}`: the crate's default base URL, which `Config::with_base_url` \
             would refuse otherwise",
        ));
    }

    let components = root.get("components");
    let security = match components.as_ref().and_then(|c| c.get("securitySchemes")) {
        None => None,
        Some(schemes) => parse_security(schemes)?,
    };

    let mut schemas = Vec::new();
    if let Some(components) = &components {
        components.only_keys(
            &["schemas", "parameters", "responses", "securitySchemes"],
            &[],
        )?;
        if let Some(list) = components.get("schemas") {
            for (name, schema) in list.entries()? {
                schemas.push((name, parse_schema(schema)?));
            }
        }
    }

    let mut operations = Vec::new();
    let paths = root.require("paths")?;
    for (path, item) in paths.entries()? {
        let mut allowed: Vec<&str> = HttpMethod::ALL.iter().map(|(_, key)| *key).collect();
        allowed.extend(["parameters", "summary", "description"]);
        item.only_keys(&allowed, &[])?;
        let shared_params = match item.get("parameters") {
            None => Vec::new(),
            Some(list) => list.array_items()?,
        };
        for (key, op) in item.entries()? {
            if let Some(method) = HttpMethod::from_key(&key) {
                operations.push(parse_operation(&root, &path, method, op, &shared_params)?);
            }
        }
    }

    let webhooks = match root.get("webhooks") {
        None => Vec::new(),
        Some(node) => super::webhooks::parse_webhooks(&root, node)?,
    };

    Ok(Document {
        webhooks,
        file: file.to_owned(),
        title: info.req_str("title")?,
        version: info.req_str("version")?,
        description: info.opt_str("description")?,
        server_url,
        security,
        schemas,
        operations,
    })
}

fn parse_security(schemes: Node<'_>) -> Result<Option<SecurityScheme>> {
    let entries = schemes.entries()?;
    if entries.len() > 1 {
        return Err(schemes.error(
            "more than one security scheme",
            "the generator supports one HTTP basic scheme",
        ));
    }
    let Some((name, scheme)) = entries.into_iter().next() else {
        return Ok(None);
    };
    scheme.only_keys(&["type", "scheme", "description"], &[])?;
    let kind = (scheme.req_str("type")?, scheme.req_str("scheme")?);
    if kind != ("http".to_owned(), "basic".to_owned()) {
        return Err(scheme.error(
            format!("unsupported security scheme {}/{}", kind.0, kind.1),
            "the generator supports `{\"type\": \"http\", \"scheme\": \"basic\"}`",
        ));
    }
    let description = scheme.opt_str("description")?;
    if description.as_deref().is_none_or(|d| d.trim().is_empty()) {
        return Err(scheme.error(
            "the security scheme has no `description`",
            "say what goes in the user name and in the password: it becomes the documentation of the API's `Config::new`",
        ));
    }
    Ok(Some(SecurityScheme { name, description }))
}

/// Follows a `$ref` to `#/components/<section>/<name>`, or returns the node itself.
pub(super) fn deref<'a>(root: &Node<'a>, node: Node<'a>, section: &str) -> Result<Node<'a>> {
    Ok(deref_named(root, node, section)?.0)
}

/// Like [`deref`], also returning the component name when there was a `$ref`.
pub(super) fn deref_named<'a>(
    root: &Node<'a>,
    node: Node<'a>,
    section: &str,
) -> Result<(Node<'a>, Option<String>)> {
    let Some(reference) = node.opt_str("$ref")? else {
        return Ok((node, None));
    };
    let prefix = format!("#/components/{section}/");
    let name = reference
        .strip_prefix(&prefix)
        .ok_or_else(|| {
            node.error(
                format!("`$ref` {reference} must point into {prefix}"),
                format!("define the {section} entry under {prefix}<Name> of the same document and refer to it"),
            )
        })?;
    let target = root
        .get("components")
        .and_then(|c| c.get(section).and_then(|s| s.get(name)))
        .ok_or_else(|| {
            node.error(
                format!("`$ref` {reference} does not resolve"),
                format!("define {prefix}{name}"),
            )
        })?;
    Ok((target, Some(name.to_owned())))
}

fn parse_operation(
    root: &Node<'_>,
    path: &str,
    method: HttpMethod,
    op: Node<'_>,
    shared_params: &[Node<'_>],
) -> Result<Operation> {
    op.only_keys(
        &[
            "operationId",
            "summary",
            "description",
            "tags",
            "parameters",
            "requestBody",
            "responses",
            "security",
            "deprecated",
            "externalDocs",
        ],
        &[],
    )?;
    let operation_id = op.req_str("operationId")?;
    if let Some(security) = op.get("security") {
        if Some(security.value) != root.get("security").map(|s| s.value) {
            return Err(security.error(
                "an operation's own `security` is not supported: every operation sends the credentials of the document's security scheme",
                "remove it (the document's `security` applies), or make it the same as the document's",
            ));
        }
    }

    let mut path_params = Vec::new();
    let mut header_params = Vec::new();
    let own_params = match op.get("parameters") {
        None => Vec::new(),
        Some(list) => list.array_items()?,
    };
    let all_params = shared_params.iter().cloned();
    for param in all_params.chain(own_params) {
        let (node, component) = deref_named(root, param, "parameters")?;
        let (location, mut parameter) =
            read_parameter(&node, &["x-note", "x-body-field", "x-sensitive"])?;
        parameter.component = component;
        parameter.body_field = node.opt_str("x-body-field")?;
        if parameter.body_field.is_some() && location != "path" {
            return Err(node.error(
                "`x-body-field` applies to path parameters only",
                "remove it, or move it to the path parameter that repeats a body property",
            ));
        }
        match location.as_str() {
            "path" => path_params.push(parameter),
            "header" => header_params.push(parameter),
            other => {
                return Err(node.error(
                    format!("parameters `in: {other}` are not supported"),
                    "the generator supports path and header parameters",
                ))
            }
        }
    }
    let template = parse_path_template(&op, path, &path_params)?;

    let request_body = match op.get("requestBody") {
        None => None,
        Some(body) => {
            let body = deref(root, body, "requestBodies")?;
            body.only_keys(&["content", "description", "required"], &[])?;
            refuse_optional_body(&body, "`build_*` always sends one")?;
            Some(
                json_schema(&body)?
                    .ok_or_else(|| {
                        body.error(
                            "request body without JSON content",
                            "give it `content[\"application/json\"].schema`: a `$ref` to a named request schema",
                        )
                    })?,
            )
        }
    };

    let mut responses = Vec::new();
    for (status, response) in op.require("responses")?.entries()? {
        let pointer = response.pointer().to_owned();
        let response = deref(root, response, "responses")?;
        let node = response;
        node.only_keys(&["description", "content", "headers"], &[])?;
        let status_code = parse_status(&status).ok_or_else(|| {
            Diagnostic::new(
                op.file,
                &pointer,
                format!("status `{status}` is not an HTTP status code"),
                "list responses by exact status code: three digits, 100 to 599 (no ranges like `4XX`, no `default`)",
            )
        })?;
        responses.push(Response {
            pointer,
            status: status_code,
            description: node.req_str("description")?,
            body: json_schema(&node)?,
        });
    }

    Ok(Operation {
        pointer: op.pointer().to_owned(),
        operation_id,
        method,
        path: template,
        summary: op.opt_str("summary")?,
        description: op.opt_str("description")?,
        path_params,
        header_params,
        request_body,
        responses,
    })
}

/// Fails on `required: false` on a request body (the generated code always has one; `because`
/// says which code) rather than dropping the keyword silently.
pub(super) fn refuse_optional_body(body: &Node<'_>, because: &str) -> Result<()> {
    match body.opt_bool("required")? {
        Some(false) => Err(body.require("required")?.error(
            format!("an optional request body (`required: false`) is not supported: {because}"),
            "set `required: true` (or leave it out), or describe the exchange without a body as an operation of its own",
        )),
        _ => Ok(()),
    }
}

/// The schema of `content["application/json"]`, if the node has content.
pub(super) fn json_schema(node: &Node<'_>) -> Result<Option<Schema>> {
    let Some(content) = node.get("content") else {
        return Ok(None);
    };
    for (media, _) in content.entries()? {
        if media != JSON {
            return Err(content.error(
                format!("media type `{media}` is not supported"),
                "use application/json",
            ));
        }
    }
    let media = content.require(JSON)?;
    media.only_keys(&["schema", "examples", "example"], &[])?;
    Ok(Some(parse_schema(media.require("schema")?)?))
}

/// A status key: exactly three digits, 100 to 599, so no two keys can name the same status.
pub(super) fn parse_status(key: &str) -> Option<u16> {
    let digits = key.len() == 3 && key.bytes().all(|b| b.is_ascii_digit());
    digits
        .then(|| key.parse().ok())
        .flatten()
        .filter(|status| (100..600).contains(status))
}

/// Whether `c` may stand as written in a URL path (RFC 3986 `pchar`, `/`, or `%` of an escape).
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c)
}

/// Parses `path` into literal text and placeholders, binding each placeholder to its parameter.
/// Every parameter occurs exactly once; braces occur only around a placeholder.
fn parse_path_template(op: &Node<'_>, path: &str, params: &[Parameter]) -> Result<PathTemplate> {
    let bad = |message: String| {
        op.error(
            message,
            "write the path as literal text with `{name}` placeholders, each declared in `parameters` with `in: path`",
        )
    };
    if !path.starts_with('/') {
        return Err(bad(format!("path `{path}` does not start with `/`")));
    }
    let mut parts = Vec::new();
    let mut used = vec![false; params.len()];
    let mut rest = path;
    while !rest.is_empty() {
        let literal_end = rest.find(['{', '}']).unwrap_or(rest.len());
        if literal_end > 0 {
            let literal = &rest[..literal_end];
            if let Some(bad_char) = literal.chars().find(|c| !is_path_char(*c)) {
                return Err(bad(format!(
                    "path `{path}` holds `{}`, which a URL path cannot carry as written",
                    bad_char.escape_default()
                )));
            }
            let bytes = literal.as_bytes();
            let broken_escape = bytes.iter().enumerate().any(|(i, b)| {
                *b == b'%'
                    && !bytes
                        .get(i + 1..i + 3)
                        .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            });
            if broken_escape {
                return Err(bad(format!(
                    "path `{path}` has a `%` that does not start a percent escape"
                )));
            }
            parts.push(PathPart::Literal(literal.to_owned()));
        }
        rest = &rest[literal_end..];
        let Some(after_open) = rest.strip_prefix('{') else {
            if rest.starts_with('}') {
                return Err(bad(format!(
                    "path `{path}` has a `}}` without a matching `{{`"
                )));
            }
            continue;
        };
        let Some((name, after)) = after_open.split_once('}') else {
            return Err(bad(format!(
                "path `{path}` has a `{{` without a matching `}}`"
            )));
        };
        if name.is_empty() || name.contains('{') {
            return Err(bad(format!(
                "path `{path}` has an empty or nested placeholder"
            )));
        }
        let index = params
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| bad(format!("`{{{name}}}` in `{path}` has no path parameter")))?;
        if std::mem::replace(&mut used[index], true) {
            return Err(bad(format!("`{{{name}}}` occurs twice in `{path}`")));
        }
        parts.push(PathPart::Param(index));
        rest = after;
    }
    if let Some(unused) = used.iter().position(|u| !u) {
        return Err(Diagnostic::new(
            op.file,
            &params[unused].pointer,
            format!(
                "path parameter `{}` does not occur in `{path}`",
                params[unused].name
            ),
            format!(
                "put `{{{}}}` in the path, or remove the parameter",
                params[unused].name
            ),
        ));
    }
    Ok(PathTemplate {
        text: path.to_owned(),
        parts,
    })
}

/// The rules `Config::with_base_url` applies at run time (`runtime/src/support/request.rs`
/// `base_url`), checked on the spec's default: `http://` or `https://`, a host, no user name or
/// password, no query or fragment; and only URL characters, so the URL also reads as an
/// autolink in the docs (`<https://...>`). Server variables (`{region}`) are not supported.
fn check_server_url(url: &str) -> std::result::Result<(), &'static str> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
    else {
        return Err("must start with `http://` or `https://`");
    };
    if let Some(bad) = url.chars().find(|c| !is_url_char(*c)) {
        return Err(match bad {
            '{' | '}' => "has a server variable (`{...}`), which the generator does not support",
            '?' => "must not have a query (`?...`)",
            '#' => "must not have a fragment (`#...`)",
            _ => "holds a character a URL cannot hold (a space, a control, `<`, `>`, `\"`, ...)",
        });
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err("must not hold a user name or password");
    }
    // The host is what stands before an optional `:port` (`[::1]:8080` included).
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    if host.is_empty() {
        return Err("has no host");
    }
    Ok(())
}

/// The characters RFC 3986 allows in a URL without a query or fragment (unreserved, sub-delims,
/// `:`, `/`, `@`, `[`, `]` and `%` of percent-encoding).
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:/@[]%".contains(c)
}

#[cfg(test)]
mod tests {
    use super::check_server_url;

    #[test]
    fn server_urls_the_runtime_accepts_are_accepted() {
        for url in [
            "https://api.example.com",
            "https://api.example.com/",
            "http://127.0.0.1:8080/forte/",
            "https://[::1]:8443/v1",
            "https://[::1]",
            "HTTPS://API.EXAMPLE.COM/a%20b",
        ] {
            assert_eq!(check_server_url(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn server_urls_the_runtime_refuses_are_refused() {
        for (url, why) in [
            ("api.example.com", "must start with"),
            ("ftp://api.example.com", "must start with"),
            ("https://", "has no host"),
            ("https://:443/x", "has no host"),
            ("https://{region}.example.com", "server variable"),
            ("https://api.example.com?x=1", "query"),
            ("https://api.example.com/#top", "fragment"),
            ("https://u:p@api.example.com", "user name or password"),
            ("https://api.example.com/a b", "cannot hold"),
            ("https://api.example.com/<x>", "cannot hold"),
            ("https://api.example.com/\u{202e}", "cannot hold"),
        ] {
            let err = check_server_url(url).expect_err(url);
            assert!(err.contains(why), "{url}: {err}");
        }
    }
}
