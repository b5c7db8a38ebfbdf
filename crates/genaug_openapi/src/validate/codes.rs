//! Every code `genaug validate` can report, in one table. Codes are never reused: a retired code
//! stays listed with a note.

use genaug_diagnostics::Severity;

/// One validation check: its stable code, kebab-case name, default severity and what it flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

pub(crate) const INVALID_VALUE: &str = "V101";
pub(crate) const UNKNOWN_FIELD: &str = "V102";
pub(crate) const MISSING_FIELD: &str = "V103";
pub(crate) const UNKNOWN_DIALECT: &str = "V104";
pub(crate) const DUPLICATE_OPERATION_ID: &str = "V201";
pub(crate) const DANGLING_REF: &str = "V202";
pub(crate) const UNDECLARED_PATH_VARIABLE: &str = "V203";
pub(crate) const PATH_PARAMETER_NOT_IN_TEMPLATE: &str = "V204";
pub(crate) const PATH_PARAMETER_NOT_REQUIRED: &str = "V205";
pub(crate) const DUPLICATE_PARAMETER: &str = "V206";
pub(crate) const UNDEFINED_SECURITY_SCHEME: &str = "V207";
pub(crate) const UNDEFINED_OAUTH_SCOPE: &str = "V208";
pub(crate) const EXAMPLE_MISMATCH: &str = "V209";
pub(crate) const DEFAULT_MISMATCH: &str = "V210";
pub(crate) const DEFAULT_OUTSIDE_ENUM: &str = "V211";
pub(crate) const OPERATION_ID_NOT_TOOL_NAME: &str = "V212";
pub(crate) const OPERATION_WITHOUT_DESCRIPTION: &str = "V213";

/// The checks of `genaug validate`, in code order.
pub const CHECKS: &[CheckInfo] = &[
    CheckInfo {
        code: INVALID_VALUE,
        name: "invalid-value",
        severity: Severity::Error,
        summary: "a value does not have the type or form the official OpenAPI schema requires",
    },
    CheckInfo {
        code: UNKNOWN_FIELD,
        name: "unknown-field",
        severity: Severity::Error,
        summary: "a field the OpenAPI specification does not define (and not an `x-` extension)",
    },
    CheckInfo {
        code: MISSING_FIELD,
        name: "missing-field",
        severity: Severity::Error,
        summary: "a field the OpenAPI specification requires is missing",
    },
    CheckInfo {
        code: UNKNOWN_DIALECT,
        name: "unknown-schema-dialect",
        severity: Severity::Info,
        summary: "a 3.1 `jsonSchemaDialect` genaug does not know: Schema Objects are not checked",
    },
    CheckInfo {
        code: DUPLICATE_OPERATION_ID,
        name: "duplicate-operation-id",
        severity: Severity::Error,
        summary: "two operations share an operationId",
    },
    CheckInfo {
        code: DANGLING_REF,
        name: "dangling-ref",
        severity: Severity::Error,
        summary: "a `$ref` whose target does not exist (or a chain of refs that loops)",
    },
    CheckInfo {
        code: UNDECLARED_PATH_VARIABLE,
        name: "undeclared-path-variable",
        severity: Severity::Error,
        summary: "a `{variable}` of the path template has no matching path parameter",
    },
    CheckInfo {
        code: PATH_PARAMETER_NOT_IN_TEMPLATE,
        name: "path-parameter-not-in-template",
        severity: Severity::Error,
        summary: "a path parameter whose name is not a variable of the path template",
    },
    CheckInfo {
        code: PATH_PARAMETER_NOT_REQUIRED,
        name: "path-parameter-not-required",
        severity: Severity::Error,
        summary: "a path parameter without `required: true`",
    },
    CheckInfo {
        code: DUPLICATE_PARAMETER,
        name: "duplicate-parameter",
        severity: Severity::Error,
        summary: "one parameter list declares the same name and location twice",
    },
    CheckInfo {
        code: UNDEFINED_SECURITY_SCHEME,
        name: "undefined-security-scheme",
        severity: Severity::Error,
        summary: "a security requirement names a scheme not in `components/securitySchemes`",
    },
    CheckInfo {
        code: UNDEFINED_OAUTH_SCOPE,
        name: "undefined-oauth-scope",
        severity: Severity::Error,
        summary: "a security requirement names a scope no flow of its oauth2 scheme defines",
    },
    CheckInfo {
        code: EXAMPLE_MISMATCH,
        name: "example-mismatch",
        severity: Severity::Warning,
        summary: "an `example`/`examples` value does not match its schema",
    },
    CheckInfo {
        code: DEFAULT_MISMATCH,
        name: "default-mismatch",
        severity: Severity::Error,
        summary: "a `default` does not match its schema",
    },
    CheckInfo {
        code: DEFAULT_OUTSIDE_ENUM,
        name: "default-outside-enum",
        severity: Severity::Error,
        summary: "a `default` that is not one of the schema's `enum` values",
    },
    CheckInfo {
        code: OPERATION_ID_NOT_TOOL_NAME,
        name: "operation-id-not-tool-name",
        severity: Severity::Info,
        summary: "an operationId that is not a valid tool name (`^[a-zA-Z0-9_-]{1,64}$`): the tool will be renamed",
    },
    CheckInfo {
        code: OPERATION_WITHOUT_DESCRIPTION,
        name: "operation-without-description",
        severity: Severity::Info,
        summary: "an operation with neither `summary` nor `description`: the tool will have no description",
    },
];

/// The check with this code.
pub fn check_info(code: &str) -> Option<&'static CheckInfo> {
    CHECKS.iter().find(|check| check.code == code)
}
