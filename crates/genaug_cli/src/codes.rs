//! Diagnostic codes raised by the CLI itself (the libraries own theirs). Never reuse a code.
//!
//! | code | severity | meaning |
//! |---|---|---|
//! | F301 | error | `--name` is not a safe project folder name |
//! | F302 | error | an existing tool file or manifest is not a valid genaug file |
//! | F303 | error | the existing project could not be read (I/O) |
//! | F304 | error | the project could not be written (I/O); the previous state is kept |
//! | F305 | error | the compiler produced a tool file that cannot be written: an unsafe id, or bytes that do not read back (a bug) |
//! | F306 | error | `integrate --strict`: the spec has validation errors, nothing was written |
//! | F310 | error | no project (no `genaug-agent.yaml`) where `--project` points, or none or several where `integrate` without `--name` looks |
//! | F311 | error | `tools show/toggle`: no tool with that id (the closest id is suggested) |
//! | F312 | error | `tools toggle --enable` of a high-risk tool with no live acceptance and no `--accept` |
//! | F313 | error | a review option is invalid (`--accept` reason, `--expires` date, `--by` name) |
//! | F314 | error | a file cannot be edited in place without changing more than the value |
//! | C201 | warning | a tool file that will be rewritten has comments or hand formatting |
//! | F321 | error | `lint`: a path does not exist, or holds no project or tool files |
//! | F322 | error | `init`: `genaug-policy.yaml` already exists and `--force` was not given |
//! | F323 | error | `init`: the folder does not exist or the policy could not be written |
//! | F324 | error | `explain`: no such code |
//! | F330 | error | `verify`: a project file differs from what its spec generates (drift) |
//! | F331 | error | `integrate` without SPEC, `verify`: the spec the manifest records cannot be read again |
//! | F332 | error | `deploy`: verify found errors, nothing was sent |
//! | F333 | error | `deploy`: a `GENAUG_*` environment variable is missing or invalid |
//! | F334 | error | `deploy`: the server refused the bundle or could not be reached |
//! | F335 | error | `deploy`: the server answered 402 Payment Required |
//! | F336 | error | `deploy --out`/`report --out`: the file could not be written |
//!
//! [`DESCRIBED`] gives every F and C code of every crate a one-line description for
//! `genaug explain` (lint rules and validate checks document themselves).

pub(crate) const INVALID_NAME: &str = "F301";
pub(crate) const INVALID_EXISTING_FILE: &str = "F302";
pub(crate) const READ_PROJECT: &str = "F303";
pub(crate) const WRITE_PROJECT: &str = "F304";
pub(crate) const GENERATED_TOOL_BUG: &str = "F305";
pub(crate) const STRICT_SPEC_ERRORS: &str = "F306";
pub(crate) const LOST_COMMENTS: &str = "C201";
pub(crate) const LINT_NOTHING_TO_LINT: &str = "F321";
pub(crate) const INIT_POLICY_EXISTS: &str = "F322";
pub(crate) const INIT_WRITE: &str = "F323";
pub(crate) const UNKNOWN_CODE: &str = "F324";
pub(crate) const NO_PROJECT: &str = "F310";
pub(crate) const UNKNOWN_TOOL: &str = "F311";
pub(crate) const NEEDS_ACCEPTANCE: &str = "F312";
pub(crate) const INVALID_REVIEW_INPUT: &str = "F313";
pub(crate) const UNSAFE_EDIT: &str = "F314";
pub(crate) const VERIFY_DRIFT: &str = "F330";
pub(crate) const NO_RECORDED_SPEC: &str = "F331";
pub(crate) const DEPLOY_REFUSED: &str = "F332";
pub(crate) const DEPLOY_CONFIG: &str = "F333";
pub(crate) const DEPLOY_REJECTED: &str = "F334";
pub(crate) const DEPLOY_BILLING: &str = "F335";
pub(crate) const WRITE_OUT: &str = "F336";

/// A compiler or failure code as `genaug explain` prints it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Described {
    pub(crate) code: &'static str,
    pub(crate) severity: &'static str,
    /// The command or crate that raises it.
    pub(crate) raised_by: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) help: &'static str,
}

const fn d(
    code: &'static str,
    severity: &'static str,
    raised_by: &'static str,
    summary: &'static str,
    help: &'static str,
) -> Described {
    Described { code, severity, raised_by, summary, help }
}

/// Every `F` (failure: the command could not run) and `C` (compiler finding) code, in code order.
pub(crate) const DESCRIBED: &[Described] = &[
    d(
        "C101",
        "warning",
        "integrate (compiler)",
        "an operationId is not a valid tool name as it is, so its tool was renamed",
        "change the operationId to a name matching ^[a-zA-Z0-9_-]{1,64}$ to choose the tool name yourself",
    ),
    d(
        "C102",
        "warning",
        "integrate (compiler)",
        "an operationId longer than 64 characters was shortened (with a stable hash suffix) to make its tool name",
        "give the operation a shorter operationId",
    ),
    d(
        "C103",
        "warning",
        "integrate (compiler)",
        "an operation has no operationId; its tool is named from the method and path",
        "add an operationId to choose a stable, meaningful tool name",
    ),
    d(
        "C104",
        "warning",
        "integrate (compiler)",
        "two operationIds give the same tool name ignoring case, so one tool was renamed",
        "make the operationIds differ by more than case",
    ),
    d(
        "C105",
        "info",
        "integrate (compiler)",
        "an `Accept`, `Content-Type` or `Authorization` header parameter is ignored, as OpenAPI says",
        "describe authentication with securitySchemes",
    ),
    d(
        "C107",
        "info",
        "integrate (compiler)",
        "an operation has neither summary nor description; its tool gets a generated one",
        "add a summary so the model knows when to call the tool",
    ),
    d(
        "C108",
        "warning",
        "integrate (compiler)",
        "a keyword that is not valid JSON Schema 2020-12 was removed from a tool's input schema",
        "fix the schema in the spec (see `genaug validate`) to keep its meaning",
    ),
    d(
        "C109",
        "warning",
        "integrate (compiler)",
        "`x-genaug-risk` is not low, medium or high; the method's default risk is used",
        "write one of low, medium, high",
    ),
    d(
        "C110",
        "info",
        "integrate (compiler)",
        "a request body that is not JSON is passed to the tool as a string",
        "add an application/json alternative for structured input",
    ),
    d(
        "C111",
        "warning",
        "integrate (compiler)",
        "a tool's input schema would need more than 64 `$defs` or about 64 KB (schemas that all reference each other, as in Microsoft Graph); the nearest are kept and the rest become open schemas",
        "nothing is lost on the wire (the API still validates); narrow the tool with --include-path or split the spec's schemas to keep more of them",
    ),
    d(
        "C112",
        "warning",
        "integrate (compiler)",
        "a `discriminator.mapping` entry points to a schema that cannot be resolved; it is left out of the tool's input schema",
        "point the mapping at an existing schema",
    ),
    d(
        "C201",
        "warning",
        "integrate",
        "a tool file that will be rewritten has comments or hand formatting, which are lost",
        "keep review notes in `description` or the policy's reasons, not in YAML comments",
    ),
    d(
        "F001",
        "error",
        "every command reading a file",
        "a file, stdin or URL could not be read",
        "check the path or URL and that it is readable",
    ),
    d(
        "F002",
        "error",
        "every command reading a file",
        "the input is larger than the size limit",
        "pass a larger `--max-size` if this really is the document you meant",
    ),
    d(
        "F003",
        "error",
        "every command reading a file",
        "the input is not UTF-8 text",
        "save the file as UTF-8",
    ),
    d(
        "F004",
        "error",
        "every command reading a file",
        "a YAML or JSON syntax error",
        "fix the syntax at the marked position",
    ),
    d(
        "F005",
        "error",
        "every command reading a file",
        "the document nests deeper than the limit",
        "flatten the document; real OpenAPI documents nest far less",
    ),
    d(
        "F006",
        "error",
        "every command reading a file",
        "the YAML document expands to too many nodes (an alias bomb)",
        "remove the self-multiplying anchors/aliases",
    ),
    d(
        "F101",
        "error",
        "integrate, validate, lint --spec",
        "the `openapi` version is not supported (genaug reads 3.0.x and 3.1.x)",
        "pass an OpenAPI 3.0 or 3.1 document",
    ),
    d(
        "F102",
        "error",
        "integrate, validate, lint --spec",
        "a Swagger 2.0 document",
        "convert it to OpenAPI 3 first, e.g. with swagger2openapi",
    ),
    d(
        "F103",
        "error",
        "integrate, validate, lint --spec",
        "not an OpenAPI document (no `openapi` field, or the top level is not a mapping)",
        "pass an OpenAPI 3.0 or 3.1 document",
    ),
    d(
        "F104",
        "error",
        "integrate, validate, lint --spec",
        "a `$ref` cannot be followed or points to nothing",
        "point the `$ref` at an existing value",
    ),
    d(
        "F105",
        "error",
        "integrate, validate, lint --spec",
        "a `$ref` leads to a file outside the spec's folder",
        "move the file next to the spec, or pass `--allow-outside-refs` if you trust this spec",
    ),
    d(
        "F106",
        "error",
        "integrate, validate, lint --spec",
        "a remote `$ref` was refused",
        "pass `--allow-remote-refs` to fetch it, or download it next to the spec",
    ),
    d(
        "F107",
        "error",
        "integrate, validate, lint --spec",
        "a cycle of `$ref`s with no schema in between",
        "point one of the `$ref`s at a real definition",
    ),
    d(
        "F108",
        "error",
        "integrate, lint --spec (compiler)",
        "an operation or parameter is malformed beyond compiling",
        "fix the marked value (see `genaug validate`)",
    ),
    d(
        "F201",
        "error",
        "integrate (compiler)",
        "an `--include-path` glob is invalid",
        "fix the pattern",
    ),
    d(
        "F301",
        "error",
        "integrate",
        "`--name` is not a safe project folder name",
        "use a name like `acme-agent`",
    ),
    d(
        "F302",
        "error",
        "integrate",
        "an existing tool file or manifest is not a valid genaug file",
        "fix or delete the file (`genaug lint` shows what is wrong)",
    ),
    d(
        "F303",
        "error",
        "integrate",
        "the existing project could not be read",
        "check the folder's permissions",
    ),
    d(
        "F304",
        "error",
        "integrate",
        "the project could not be written; the previous state is kept",
        "check free space and permissions, then run again",
    ),
    d(
        "F305",
        "error",
        "integrate",
        "the compiler produced a tool file integrate cannot write: an id that is not a safe file name, or bytes that do not read back (a bug)",
        "report it with the spec",
    ),
    d(
        "F306",
        "error",
        "integrate --strict",
        "the spec has validation errors, so nothing was written",
        "fix the errors (see `genaug validate`), or drop --strict",
    ),
    d(
        "F310",
        "error",
        "tools, verify, report, deploy, integrate",
        "no genaug project where `--project` points (no genaug-agent.yaml); for `integrate` without `--name`, no project or several in `--out` and its subfolders",
        "pass the folder `genaug integrate` created, or its genaug-agent.yaml; to integrate, pass `--name`",
    ),
    d(
        "F311",
        "error",
        "tools show, tools toggle",
        "the project has no tool with that id",
        "use the suggested id, or `genaug tools list` to see every id",
    ),
    d(
        "F312",
        "error",
        "tools toggle",
        "a high-risk tool cannot be enabled without a live acceptance",
        "pass --accept \"<reason>\" (and optionally --expires YYYY-MM-DD, --by NAME) to record one in genaug-policy.yaml",
    ),
    d(
        "F313",
        "error",
        "tools toggle",
        "an --accept reason, --expires date or --by name is missing or invalid",
        "give a non-empty reason, a date from today on as YYYY-MM-DD, and a name",
    ),
    d(
        "F314",
        "error",
        "tools toggle",
        "the file cannot be edited in place without changing more than the value",
        "make the change by hand; nothing was written",
    ),
    d(
        "F321",
        "error",
        "lint",
        "a path does not exist, or holds no genaug project or tool files",
        "pass a project folder (with genaug-agent.yaml), its tools folder, or tool files",
    ),
    d(
        "F322",
        "error",
        "init",
        "`genaug-policy.yaml` already exists",
        "edit it, or pass --force to replace it with the starter",
    ),
    d(
        "F323",
        "error",
        "init",
        "the folder does not exist or the policy could not be written",
        "create the folder (or fix its permissions) and run again",
    ),
    d("F324", "error", "explain", "no such code", "run `genaug rules` to list the lint rules"),
    d(
        "F330",
        "error",
        "verify",
        "a project file differs from what its spec generates now (drift, as `integrate --check` reports it)",
        "run `genaug integrate` with the spec and review the change",
    ),
    d(
        "F331",
        "error",
        "integrate, verify",
        "no spec was given and the one genaug-agent.yaml records cannot be read again: no manifest, a spec read from stdin, or no file at the recorded path (relative to the project folder)",
        "pass the spec to `genaug integrate`; it records the new path for the next run",
    ),
    d(
        "F332",
        "error",
        "deploy",
        "verify found errors, so nothing was sent",
        "fix the findings `genaug verify` reports, then deploy again",
    ),
    d(
        "F333",
        "error",
        "deploy",
        "GENAUG_API_BASE_URL, GENAUG_PROJECT_ID or GENAUG_API_KEY is missing or invalid",
        "set the three variables (the key from your secret store), or use --dry-run",
    ),
    d(
        "F334",
        "error",
        "deploy",
        "the server refused the bundle, kept answering 429, or could not be reached",
        "read the server's reason; the same bundle may be sent again (it carries an idempotency key)",
    ),
    d(
        "F335",
        "error",
        "deploy",
        "the server answered 402 Payment Required: the account's plan or billing blocks deploys",
        "settle the account's billing, then deploy again",
    ),
    d(
        "F336",
        "error",
        "deploy, report",
        "the --out file could not be written",
        "check that the folder exists and is writable",
    ),
];

/// The description of an F or C code (case-insensitive).
pub(crate) fn described(code: &str) -> Option<&'static Described> {
    DESCRIBED.iter().find(|d| d.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cli_code_is_described_once_in_order() {
        for code in [
            INVALID_NAME,
            INVALID_EXISTING_FILE,
            READ_PROJECT,
            WRITE_PROJECT,
            GENERATED_TOOL_BUG,
            STRICT_SPEC_ERRORS,
            LOST_COMMENTS,
            LINT_NOTHING_TO_LINT,
            INIT_POLICY_EXISTS,
            INIT_WRITE,
            UNKNOWN_CODE,
            NO_PROJECT,
            UNKNOWN_TOOL,
            NEEDS_ACCEPTANCE,
            INVALID_REVIEW_INPUT,
            UNSAFE_EDIT,
            VERIFY_DRIFT,
            NO_RECORDED_SPEC,
            DEPLOY_REFUSED,
            DEPLOY_CONFIG,
            DEPLOY_REJECTED,
            DEPLOY_BILLING,
            WRITE_OUT,
        ] {
            assert!(described(code).is_some(), "{code} has no description");
        }
        let codes: Vec<&str> = DESCRIBED.iter().map(|d| d.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "DESCRIBED is in code order, each code once");
        for d in DESCRIBED {
            assert!(matches!(d.severity, "error" | "warning" | "info"), "{}", d.code);
            assert!(!d.summary.ends_with('.') && !d.help.is_empty(), "{}", d.code);
        }
    }
}
