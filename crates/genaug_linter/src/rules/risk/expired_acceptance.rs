//! ## What it flags
//!
//! An `accept` entry whose `expires` date is before today (the date the linter is run; the entry
//! holds through its `expires` day). Reported at the entry's `expires` value, with a secondary
//! label on the tool's `enabled` line when that tool is in the files linted.
//!
//! ## Why it matters to a reviewer
//!
//! An acceptance is a time-boxed promise ("we need this until the migration ends"). Once it lapses
//! the tool it covered is no longer accepted: `R203` fires on the tool if it is enabled and
//! high-risk, `R202` if its risk was lowered. This finding tells the acceptance's owner to decide.
//!
//! ## Example
//!
//! ```yaml
//! accept:
//!   - id: repos_delete
//!     reason: migration cleanup
//!     by: alice
//!     expires: 2025-06-30       ← reported when linted after 2025-06-30
//! ```
//!
//! ## How to fix
//!
//! Renew the date after a fresh review, or delete the entry and disable the tool.

use crate::policy::Acceptance;
use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "expired-acceptance",
    family: Family::Risk,
    severity: Severity::Warning,
    scope: Scope::PolicyFile,
    summary: "an acceptance's expiry date has passed",
    source: include_str!("expired_acceptance.rs"),
};

pub(crate) fn check(tools: &[LoadedTool], ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(policy) = &ctx.policy.file else { return };
    for acceptance in &ctx.policy.accept {
        if acceptance.is_live(ctx.today) {
            continue;
        }
        let tool =
            tools.iter().find(|t| t.tool.as_ref().is_some_and(|tool| tool.id == acceptance.id));
        let violation = ExpiredAcceptance { acceptance, tool };
        out.push(Finding::about(&acceptance.id, violation.into_diagnostic(policy)));
    }
}

struct ExpiredAcceptance<'a> {
    acceptance: &'a Acceptance,
    tool: Option<&'a LoadedTool>,
}

impl ExpiredAcceptance<'_> {
    fn into_diagnostic(self, policy: &Arc<SourceFile>) -> Diagnostic {
        let expired = self.acceptance.expires.map(|d| d.to_string()).unwrap_or_default();
        let mut diagnostic = Rule::ExpiredAcceptance
            .diagnostic(format!(
                "acceptance of `{}` by {} expired on {expired}",
                self.acceptance.id, self.acceptance.by
            ))
            .with_primary(Label::at(policy, self.acceptance.expires_pointer.clone()))
            .with_help(
                "renew `expires` after a fresh review, or delete the entry and disable the tool",
            );
        if let Some(tool) = self.tool {
            let enabled = tool.tool.as_ref().is_some_and(|t| t.enabled);
            diagnostic = diagnostic.with_secondary(Label::at(&tool.file, "/enabled").with_message(
                if enabled { "the tool is still enabled" } else { "the tool it covered" },
            ));
        }
        diagnostic
    }
}
