//! ## What it flags
//!
//! A `pattern` in `allow`, `deny` or `rules.ignore[].tool` that is not a valid glob (an unclosed
//! `[` or `{`, a dangling escape).
//!
//! ## Why it matters to a reviewer
//!
//! A pattern that cannot be compiled matches nothing, so an allowlist or denylist entry would be
//! silently inert.
//!
//! ## Example
//!
//! ```yaml
//! deny:
//!   - pattern: "admin_{delete,purge"   # unclosed alternation
//!     reason: never from an agent
//! ```
//!
//! ## How to fix
//!
//! Correct the glob: `*` any characters, `?` one character, `[abc]` a class, `{a,b}` alternatives.
//! Use `id:` instead of `pattern:` for one exact tool id.

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "invalid-tool-pattern",
    family: Family::PolicyFile,
    severity: Severity::Error,
    scope: Scope::PolicyFile,
    summary: "a tool pattern in the policy is not a valid glob",
    source: include_str!("invalid_tool_pattern.rs"),
};

pub(crate) struct InvalidToolPattern {
    pub(crate) pointer: String,
    pub(crate) pattern: String,
    pub(crate) reason: String,
}

impl InvalidToolPattern {
    pub(crate) fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::InvalidToolPattern
            .diagnostic(format!("`{}` is not a valid tool pattern: {}", self.pattern, self.reason))
            .with_primary(Label::at(file, self.pointer))
            .with_help(
                "fix the glob (`*`, `?`, `[abc]`, `{a,b}`), or use `id:` for one exact tool id",
            )
    }
}
