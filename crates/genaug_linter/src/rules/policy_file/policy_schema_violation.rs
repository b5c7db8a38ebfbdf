//! ## What it flags
//!
//! A policy file that does not match `schemas/policy.schema.json`: an unknown key (reported at the
//! key itself), a value of the wrong type, a risk level or name target that does not exist, an
//! `allow`/`deny` entry with both or neither of `id` and `pattern`. Every such problem is
//! reported at once.
//!
//! ## Why it matters to a reviewer
//!
//! A misspelt key (`alow:`, `expiry:`) is the classic way a policy stops doing what its author
//! thinks: unknown keys are errors, never ignored.
//!
//! ## Example
//!
//! ```yaml
//! accept:
//!   - id: repos_delete
//!     reason: cleanup job
//!     by: alice
//!     expiry: 2026-12-31   # the key is `expires`
//! ```
//!
//! ## How to fix
//!
//! Rename or remove the key, or correct the value; editors that read the
//! `# yaml-language-server: $schema=…` header complete the valid keys.

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "policy-schema-violation",
    family: Family::PolicyFile,
    severity: Severity::Error,
    scope: Scope::PolicyFile,
    summary: "the policy file has an unknown key or a value of the wrong shape",
    source: include_str!("policy_schema_violation.rs"),
};

pub(crate) struct PolicySchemaViolation {
    pointer: String,
    unknown_key: Option<String>,
    message: String,
}

impl PolicySchemaViolation {
    pub(crate) fn unknown_key(pointer: String, key: &str) -> Self {
        Self { pointer, unknown_key: Some(key.to_owned()), message: String::new() }
    }
    pub(crate) fn value(pointer: String, message: String) -> Self {
        Self { pointer, unknown_key: None, message }
    }

    pub(crate) fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        match self.unknown_key {
            Some(key) => Rule::PolicySchemaViolation
                .diagnostic(format!("unknown key `{key}` in the policy"))
                .with_primary(Label::at_key(file, self.pointer))
                .with_help("remove the key or fix its spelling (see schemas/policy.schema.json)"),
            None => Rule::PolicySchemaViolation
                .diagnostic(format!("invalid policy value: {}", self.message))
                .with_primary(Label::at(file, self.pointer))
                .with_help("correct the value (see schemas/policy.schema.json)"),
        }
    }
}
