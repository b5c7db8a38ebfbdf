//! ## What it flags
//!
//! A policy file (`genaug-policy.yaml`) that is not well-formed YAML.
//!
//! ## Why it matters to a reviewer
//!
//! Nothing in the policy can be trusted or applied, so genaug lints nothing else until it parses:
//! an allowlist silently read as empty would let every tool through.
//!
//! ## Example
//!
//! ```yaml
//! allow:
//!   - id: repos_get
//!     reason: "read-only   # unterminated quote
//! ```
//!
//! ## How to fix
//!
//! Fix the syntax at the marked position.

use genaug_source::Span;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "policy-syntax-error",
    family: Family::PolicyFile,
    severity: Severity::Error,
    scope: Scope::PolicyFile,
    summary: "the policy file is not valid YAML",
    source: include_str!("policy_syntax_error.rs"),
};

pub(crate) struct PolicySyntaxError {
    pub(crate) message: String,
    pub(crate) span: Option<Span>,
}

impl PolicySyntaxError {
    pub(crate) fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        let label = match self.span {
            Some(span) => Label::span(file, span),
            None => Label::file(file),
        };
        Rule::PolicySyntaxError
            .diagnostic(format!("policy is not valid YAML: {}", self.message))
            .with_primary(label)
            .with_help("fix the syntax at the marked position; nothing else is checked until the policy parses")
    }
}
