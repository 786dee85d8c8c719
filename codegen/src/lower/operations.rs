//! Operations and the header settings of the API's `Config`: every function, method, parameter
//! and status variant the generated code will contain is named and claimed here.

use super::namespace::{Namespace, Owner};
use super::Lowerer;
use crate::error::{Diagnostic, Result};
use crate::ir::{
    BodyField, HeaderSetting, Operation, PathParam, Presence, ResponseDef, Shape, Ty, TypeDef,
    TypeKind,
};
use crate::names::{self, fixed};
use crate::spec::{JsonType, Parameter};

/// Headers the generated code sets itself; a header parameter may not set them again.
const GENERATED_HEADERS: &[&str] = &[
    "authorization",
    "accept",
    "content-type",
    "content-length",
    "host",
    "user-agent",
];

impl<'d> Lowerer<'d> {
    /// The header parameters of all operations, deduplicated by header name (case-insensitive),
    /// as `Config` settings with their field, getter and setter names claimed.
    pub(super) fn settings(&self) -> Result<Vec<HeaderSetting>> {
        let mut fields = Namespace::new("fields of `Config`");
        fields.reserve(fixed::CONFIG_FIELDS, "the generated `Config`");
        let mut methods = Namespace::new("methods of `Config`");
        methods.reserve(fixed::CONFIG_METHODS, "the generated `Config`");
        let mut settings: Vec<HeaderSetting> = Vec::new();
        for op in &self.doc.operations {
            for param in &op.header_params {
                if settings
                    .iter()
                    .any(|s| s.header.eq_ignore_ascii_case(&param.name))
                {
                    continue;
                }
                settings.push(self.setting(param, &mut fields, &mut methods)?);
            }
        }
        Ok(settings)
    }

    /// One header setting.
    fn setting(
        &self,
        param: &Parameter,
        fields: &mut Namespace,
        methods: &mut Namespace,
    ) -> Result<HeaderSetting> {
        let file = &self.doc.file;
        let located =
            |message: String, help: &str| Diagnostic::new(file, &param.pointer, message, help);
        let header = &param.name;
        if !is_header_name(header) {
            return Err(located(
                format!("`{header}` is not a valid HTTP header name"),
                "use letters, digits and `-` (RFC 9110 token characters)",
            ));
        }
        if GENERATED_HEADERS.contains(&header.to_ascii_lowercase().as_str()) {
            return Err(located(
                format!("the generated code sets the header `{header}` itself"),
                "remove the parameter: authorization comes from the credentials, the others from the request",
            ));
        }
        // A `$ref` to a string component is that string (its rules and `x-sensitive` too).
        let schema = self.referenced(&param.schema)?.unwrap_or(&param.schema);
        if schema.split_null().0 != [JsonType::String] {
            return Err(param.schema.error(
                "header parameters must be strings",
                "use `\"type\": \"string\"`",
            ));
        }
        // The test kit's `example_config` sends the example: it must be one of the values.
        if let (Some(values), Some(example)) = (&schema.enum_values, &param.example) {
            if !values.contains(example) {
                return Err(located(
                    format!("the example `{example}` of header `{header}` is not one of its `enum` values"),
                    "give an example the header accepts, or add the value to the `enum`",
                ));
            }
        }
        let base = param
            .component
            .clone()
            .unwrap_or_else(|| header.trim_start_matches("x-").to_owned());
        let rust = names::snake(&base).ok_or_else(|| {
            located(
                format!("header `{header}` gives no Rust name"),
                "rename the header parameter (or its components/parameters key)",
            )
        })?;
        let owner = Owner::new(format!("header `{header}`"), file, &param.pointer);
        let help = "rename the header parameter (or its components/parameters key)";
        fields.claim(&rust, &owner, help)?;
        methods.claim(&rust, &owner, help)?;
        let setter = if param.required {
            None
        } else {
            let setter = format!("with_{}", names::stem(&rust));
            methods.claim(&setter, &owner, help)?;
            Some(setter)
        };
        Ok(HeaderSetting {
            header: header.clone(),
            rust,
            setter,
            doc: param.description.clone(),
            required: param.required,
            example: param.example.clone(),
            constraints: schema.constraints.clone(),
            values: schema.enum_values.clone(),
            sensitive: param.sensitive || self.is_sensitive(&param.schema)?,
        })
    }

    /// Lowers one operation: its names, parameters, body and typed responses.
    pub(super) fn lower_operation(
        &mut self,
        op: &'d crate::spec::Operation,
        settings: &[HeaderSetting],
    ) -> Result<Operation> {
        let file = &self.doc.file;
        let owner = Owner::new(
            format!("operation `{}`", op.operation_id),
            file,
            &op.pointer,
        );
        let help = "give the operation another operationId";
        let rust = names::snake(&op.operation_id).ok_or_else(|| {
            Diagnostic::new(
                file,
                &op.pointer,
                format!("operationId `{}` gives no Rust name", op.operation_id),
                "use a lowerCamelCase operationId",
            )
        })?;
        if op.responses.is_empty() {
            return Err(Diagnostic::new(
                file,
                &op.pointer,
                "the operation documents no response",
                "list at least the success status under `responses`",
            ));
        }
        self.client_methods.claim(&rust, &owner, help)?;
        let bare = names::stem(&rust);
        let with_response_fn = format!("{bare}_with_response");
        self.client_methods.claim(&with_response_fn, &owner, help)?;
        let build_fn = format!("build_{bare}");
        let parse_fn = format!("parse_{bare}");
        self.functions.claim(&build_fn, &owner, help)?;
        self.functions.claim(&parse_fn, &owner, help)?;
        let pascal = names::pascal(&op.operation_id).unwrap_or_default();

        let mut params = Namespace::new(format!("parameters of `{build_fn}`"));
        params.reserve(fixed::OPERATION_PARAMS, "the generated functions");
        let mut path_params = op
            .path_params
            .iter()
            .map(|p| {
                if !p.required || p.schema.split_null().0 != [JsonType::String] {
                    return Err(p.schema.error(
                        "path parameters must be required strings",
                        "set `required: true` and `\"type\": \"string\"`",
                    ));
                }
                let at = Owner::new(format!("path parameter `{}`", p.name), file, &p.pointer);
                let rust = names::snake(&p.name).ok_or_else(|| {
                    Diagnostic::new(
                        file,
                        &p.pointer,
                        format!("path parameter `{}` gives no Rust name", p.name),
                        "rename it to contain letters",
                    )
                })?;
                params.claim(&rust, &at, "rename the path parameter")?;
                Ok(PathParam {
                    wire: p.name.clone(),
                    rust,
                    doc: p.description.clone(),
                    body_field: None,
                    constraints: p.schema.constraints.clone(),
                    values: p.schema.enum_values.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let request = op
            .request_body
            .as_ref()
            .map(|body| self.body_shape(body, &format!("{pascal}Request")))
            .transpose()?;
        for (param, spec) in path_params.iter_mut().zip(&op.path_params) {
            if let Some(key) = &spec.body_field {
                param.body_field = Some(self.body_field(file, spec, key, request.as_ref())?);
            }
        }
        let responses = op
            .responses
            .iter()
            .map(|response| {
                let body = response
                    .body
                    .as_ref()
                    .map(|body| {
                        self.body_shape(body, &format!("{pascal}{}Response", response.status))
                    })
                    .transpose()?;
                Ok(ResponseDef {
                    status: response.status,
                    variant: status_variant(response.status),
                    description: response.description.clone(),
                    body,
                    boxed: false,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // An enum of error statuses and, with several successes, one of success statuses.
        let successes = responses.iter().filter(|r| r.is_success()).count();
        let error_enum =
            (successes < responses.len()).then(|| format!("{pascal}{}", fixed::ERROR_ENUM_SUFFIX));
        let success_enum =
            (successes > 1).then(|| format!("{pascal}{}", fixed::RESPONSE_ENUM_SUFFIX));
        for name in error_enum.iter().chain(&success_enum) {
            let status_owner = Owner::new(
                format!("the status enum of operation `{}`", op.operation_id),
                file,
                &op.pointer,
            );
            self.type_names
                .claim(name, &status_owner, "rename the operation or the type")?;
        }
        let headers = op
            .header_params
            .iter()
            .filter_map(|p| {
                settings
                    .iter()
                    .position(|s| s.header.eq_ignore_ascii_case(&p.name))
            })
            .collect();
        Ok(Operation {
            success_enum,
            error_enum,
            operation_id: op.operation_id.clone(),
            rust,
            with_response_fn,
            build_fn,
            parse_fn,
            method: op.method,
            path: op.path.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            path_params,
            headers,
            request,
            responses,
        })
    }
}

impl Lowerer<'_> {
    /// The field `key` of the request body that path parameter `param` repeats (`x-body-field`):
    /// a required, non-nullable string property of the body's object schema.
    fn body_field(
        &self,
        file: &str,
        param: &Parameter,
        key: &str,
        request: Option<&Shape>,
    ) -> Result<BodyField> {
        let located = |message: String| {
            Diagnostic::new(
                file,
                &param.pointer,
                message,
                "point `x-body-field` at a required string property of the request body's object schema",
            )
        };
        let Some(Shape {
            ty: Ty::Named(id), ..
        }) = request
        else {
            return Err(located(format!(
                "`x-body-field: {key}` needs a request body that is an object schema"
            )));
        };
        let Some(TypeDef {
            kind: TypeKind::Struct(body),
            ..
        }) = self.types[id.0].as_ref()
        else {
            return Err(located(format!(
                "`x-body-field: {key}` needs a request body that is an object schema"
            )));
        };
        match body.fields.iter().find(|f| f.wire == key) {
            Some(field) if field.presence == Presence::Required && field.shape.ty == Ty::String => {
                Ok(BodyField {
                    wire: key.to_owned(),
                    rust: field.rust.clone(),
                })
            }
            Some(_) => Err(located(format!(
                "`x-body-field: {key}`: the body's `{key}` must be a required, non-nullable string"
            ))),
            None => Err(located(format!(
                "`x-body-field: {key}`: the request body has no property `{key}`"
            ))),
        }
    }
}

/// Whether `name` is an HTTP field name: one or more RFC 9110 token characters.
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The variant name of a status: its standard reason phrase in PascalCase.
fn status_variant(status: u16) -> String {
    let reason = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        204 => "NoContent",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        other => return format!("Status{other}"),
    };
    reason.to_owned()
}
