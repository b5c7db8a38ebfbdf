//! ## What it flags
//!
//! A tool with `enabled: true` that no `allow` entry (id or pattern) matches, when the policy has
//! an `allow` list. Without an `allow` key the allowlist is not enforced; `allow: []` allows
//! nothing.
//!
//! ## Why it matters to a reviewer
//!
//! The allowlist is the team's record of which API operations an agent may call. A tool enabled
//! outside it is an operation nobody signed off, often switched on in a large regenerated diff.
//!
//! ## Example
//!
//! ```yaml
//! # genaug-policy.yaml
//! allow:
//!   - pattern: "repos_get*"
//!     reason: read-only repository metadata
//! # tools/issues_create.yaml
//! enabled: true        ← reported: no allow entry matches `issues_create`
//! ```
//!
//! ## How to fix
//!
//! Set `enabled: false`, or add an `allow` entry for the tool with a `reason`.

use genaug_model::ToolFile;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "enabled-not-allowed",
    family: Family::Policy,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "an enabled tool matches no allow entry",
    source: include_str!("enabled_not_allowed.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (Some(allow), Some(policy_file)) = (&ctx.policy.allow, &ctx.policy.file) else { return };
    if tool.enabled && allow.first_match(&tool.id).is_none() {
        let violation =
            EnabledNotAllowed { id: &tool.id, policy: policy_file, list: allow.pointer };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
}

struct EnabledNotAllowed<'a> {
    id: &'a str,
    policy: &'a Arc<SourceFile>,
    list: &'static str,
}

impl EnabledNotAllowed<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::EnabledNotAllowed
            .diagnostic(format!("tool `{}` is enabled but not allowed by the policy", self.id))
            .with_primary(Label::at(file, "/enabled"))
            .with_secondary(
                Label::at_key(self.policy, self.list).with_message("no allow entry matches this tool"),
            )
            .with_help(format!(
                "set `enabled: false`, or add `- id: {}` with a `reason` under `allow` in the policy",
                self.id
            ))
    }
}
