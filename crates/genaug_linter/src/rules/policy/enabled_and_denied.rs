//! ## What it flags
//!
//! A tool with `enabled: true` that a `deny` entry (id or pattern) matches. A deny entry wins over
//! any allow entry.
//!
//! ## Why it matters to a reviewer
//!
//! `deny` records operations the team decided an agent must never call (deleting repositories,
//! changing billing). Enabling one is exactly the mistake the policy exists to stop.
//!
//! ## Example
//!
//! ```yaml
//! # genaug-policy.yaml
//! deny:
//!   - pattern: "*_delete*"
//!     reason: agents never delete
//! # tools/repos_delete.yaml
//! enabled: true        ← reported, with "denied here" on the deny entry
//! ```
//!
//! ## How to fix
//!
//! Set `enabled: false`. If the decision changed, remove or narrow the deny entry in a reviewed
//! policy change.

use genaug_model::ToolFile;

use crate::policy::ToolEntry;
use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "enabled-and-denied",
    family: Family::Policy,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "an enabled tool matches a deny entry",
    source: include_str!("enabled_and_denied.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(policy_file) = &ctx.policy.file else { return };
    if !tool.enabled {
        return;
    }
    if let Some(entry) = ctx.policy.deny.first_match(&tool.id) {
        let violation = EnabledAndDenied { id: &tool.id, entry, policy: policy_file };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
}

struct EnabledAndDenied<'a> {
    id: &'a str,
    entry: &'a ToolEntry,
    policy: &'a Arc<SourceFile>,
}

impl EnabledAndDenied<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::EnabledAndDenied
            .diagnostic(format!("tool `{}` is enabled but denied by the policy", self.id))
            .with_primary(Label::at(file, "/enabled"))
            .with_secondary(
                Label::at(self.policy, self.entry.pointer.clone())
                    .with_message(format!("denied here: {}", self.entry.reason)),
            )
            .with_help("set `enabled: false`; deny entries win over allow entries")
    }
}
