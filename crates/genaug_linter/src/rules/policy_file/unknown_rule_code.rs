//! ## What it flags
//!
//! A `rules.severity` key or `rules.ignore[].code` that names no rule, or names a `G0xx`
//! policy-file rule (those cannot be overridden or ignored: they are about the policy itself).
//!
//! ## Why it matters to a reviewer
//!
//! An override for a misspelt code (`Q3O2` with a letter O) does nothing while looking like it
//! silences or escalates a rule.
//!
//! ## Example
//!
//! ```yaml
//! rules:
//!   severity:
//!     Q399: off     # no such rule
//! ```
//!
//! ## How to fix
//!
//! Use a code from `genaug rules`, or remove the entry.

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "unknown-rule-code",
    family: Family::PolicyFile,
    severity: Severity::Error,
    scope: Scope::PolicyFile,
    summary: "a rule override or ignore names a code that does not exist",
    source: include_str!("unknown_rule_code.rs"),
};

pub(crate) struct UnknownRuleCode {
    pub(crate) pointer: String,
    pub(crate) on_key: bool,
    pub(crate) code: String,
    /// The code exists but is a `G0xx` rule.
    pub(crate) policy_file_rule: bool,
}

impl UnknownRuleCode {
    pub(crate) fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        let label = if self.on_key {
            Label::at_key(file, self.pointer)
        } else {
            Label::at(file, self.pointer)
        };
        let message = if self.policy_file_rule {
            format!("`{}` is a policy-file rule and cannot be overridden or ignored", self.code)
        } else {
            format!("`{}` is not a rule code", self.code)
        };
        Rule::UnknownRuleCode
            .diagnostic(message)
            .with_primary(label)
            .with_help("use a code listed by `genaug rules`, or remove the entry")
    }
}
