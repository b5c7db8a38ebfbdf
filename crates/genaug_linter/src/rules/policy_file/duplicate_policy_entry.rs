//! ## What it flags
//!
//! The same entry listed twice in one policy list: the same `allow`/`deny` id or pattern, two
//! acceptances of one tool, the same risk level in `auto_run`, the same name target, or the same
//! `rules.ignore` (code, tool) pair.
//!
//! ## Why it matters to a reviewer
//!
//! Two acceptances of one tool with different expiry dates or owners leave it unclear which one
//! holds; duplicated allow entries hide which reason is the real one.
//!
//! ## Example
//!
//! ```yaml
//! allow:
//!   - id: repos_get
//!     reason: read-only
//!   - id: repos_get          # listed twice
//!     reason: needed by the triage agent
//! ```
//!
//! ## How to fix
//!
//! Keep one entry and merge the reasons.

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "duplicate-policy-entry",
    family: Family::PolicyFile,
    severity: Severity::Error,
    scope: Scope::PolicyFile,
    summary: "the same policy entry is listed twice",
    source: include_str!("duplicate_policy_entry.rs"),
};

pub(crate) struct DuplicatePolicyEntry {
    /// "acceptance of `repos_delete`".
    pub(crate) what: String,
    pub(crate) pointer: String,
    pub(crate) first: String,
}

impl DuplicatePolicyEntry {
    pub(crate) fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::DuplicatePolicyEntry
            .diagnostic(format!("{} is listed twice", self.what))
            .with_primary(Label::at(file, self.pointer))
            .with_secondary(Label::at(file, self.first).with_message("first listed here"))
            .with_help("keep one entry and merge the reasons")
    }
}
