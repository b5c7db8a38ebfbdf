//! `genaug_linter` owns the allowlist policy (`genaug-policy.yaml`: parsed, validated as a whole,
//! resolved) and the lint rules over a project's tool files and manifest. It is a pure library:
//! it receives loaded [`SourceFile`]s and returns [`Diagnostic`]s — it never reads or writes
//! files, never prints and never exits. Rules live one per file under `rules/<family>/`, bound to
//! their codes in `registry.rs`; each rule's `//!` comment is its documentation.
//!
//! # API for the CLI
//!
//! ```text
//! // genaug lint [PATHS…] [--policy FILE] [--spec SPEC]
//! let outcome = genaug_linter::lint(&LintRequest {
//!     tools,                   // Vec<Arc<SourceFile>>, named as the user should see them ("tools/x.yaml")
//!     manifest,                // Option<Arc<SourceFile>>: genaug-agent.yaml when linting a project
//!     policy,                  // Option<Arc<SourceFile>>: genaug-policy.yaml (None = built-in defaults)
//!     partial,                 // true when the user passed individual files (pre-commit)
//!     expected,                // Some(tools the spec generates now) with --spec, else None
//!     today: Date::new(y, m, d).unwrap(), // the real date; tests fix it
//! });
//! outcome.diagnostics          // sorted; render with genaug_diagnostics::render
//! outcome.policy_valid         // false: the policy had errors and no tool was checked
//!
//! genaug_linter::rules()       // genaug rules: every RuleMeta (code, name, severity, scope, summary)
//! genaug_linter::explain("R201") // genaug explain R201: Some(markdown) or None
//! genaug_linter::init_template() // genaug init: the commented starter policy
//! genaug_linter::policy_schema() // schemas/policy.schema.json
//! ```
//!
//! Exit status is the CLI's decision: error-severity findings → 1. Rule severities may be changed
//! by the policy's `rules.severity`, already applied in `outcome.diagnostics`.

mod date;
mod policy;
mod registry;
mod rules;
mod runner;
mod schema_errors;

use std::sync::Arc;

use genaug_diagnostics::Diagnostic;
use genaug_model::ToolFile;
use genaug_source::SourceFile;

pub use date::Date;
pub use policy::init_template;
pub use registry::{Family, RuleMeta, Scope};

/// Everything one lint run looks at. Files are already read; nothing here touches the disk.
#[derive(Debug, Clone)]
pub struct LintRequest {
    /// Tool files. Each file's name is what diagnostics show, and its last path component without
    /// `.yaml`/`.yml`/`.json` is what the tool's `id` must equal.
    pub tools: Vec<Arc<SourceFile>>,
    /// The project manifest (`genaug-agent.yaml`), scanned for secrets and checked for shape.
    pub manifest: Option<Arc<SourceFile>>,
    /// The policy file; `None` uses the defaults (no allowlist, `auto_run: [low]`, …).
    pub policy: Option<Arc<SourceFile>>,
    /// Only some of the project's tool files were given: whole-set rules say they were skipped.
    pub partial: bool,
    /// What the spec would generate now (the CLI compiles it for `--spec`); enables drift rules.
    pub expected: Option<Vec<ToolFile>>,
    /// The day acceptances are checked against.
    pub today: Date,
}

/// The result of a lint run.
#[derive(Debug)]
pub struct LintOutcome {
    /// Every finding, with policy overrides applied, sorted by (file, position, code).
    pub diagnostics: Vec<Diagnostic>,
    /// How many tool files were checked (0 when the policy was invalid).
    pub tools_checked: usize,
    /// `false` when the policy file had errors: only those are reported, no tool was checked.
    pub policy_valid: bool,
}

/// Lints a set of tool files against a policy.
pub fn lint(request: &LintRequest) -> LintOutcome {
    runner::lint(request)
}

/// Every rule, in code order (`genaug rules`).
pub fn rules() -> &'static [RuleMeta] {
    registry::RULES
}

/// The documentation of one rule as Markdown (`genaug explain CODE`); a retired code explains
/// what it was; `None` for a code that never existed. Codes are matched case-insensitively.
pub fn explain(code: &str) -> Option<String> {
    if let Some(meta) = registry::RULES.iter().find(|m| m.code.eq_ignore_ascii_case(code)) {
        return Some(meta.explanation());
    }
    registry::RETIRED
        .iter()
        .find(|(retired, _)| retired.eq_ignore_ascii_case(code))
        .map(|(retired, note)| format!("# {retired} (retired)\n\n{note}\n"))
}

/// JSON Schema 2020-12 of the policy file, as published in `schemas/policy.schema.json`.
pub fn policy_schema() -> String {
    policy::policy_schema()
}
