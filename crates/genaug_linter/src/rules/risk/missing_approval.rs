//! ## What it flags
//!
//! A tool with `requires_approval: false` whose risk is not in the policy's `auto_run` list
//! (default: `[low]`). The risk used is the higher of the tool's `risk_level` and its HTTP
//! method's default (GET/HEAD/OPTIONS low, POST/PUT/PATCH medium, DELETE/TRACE high), so a POST
//! tool needs approval even when its `risk_level` was lowered by hand. Disabled tools are checked
//! too: enabling a tool is a one-line change that should not also switch off approval.
//!
//! ## Why it matters to a reviewer
//!
//! Approval is the person in the loop for every call that changes state. Without it, an agent
//! that misreads a request creates, edits or deletes data on its own.
//!
//! ## Example
//!
//! ```yaml
//! id: issues_create
//! enabled: true
//! risk_level: medium
//! requires_approval: false    ← reported: medium is not in auto_run
//! operation: {method: POST, path: /repos/{owner}/{repo}/issues}
//! ```
//!
//! ## How to fix
//!
//! Set `requires_approval: true`, or, if the team really lets this risk run unattended, add the
//! level to `auto_run` in the policy.

use genaug_model::{RiskLevel, ToolFile};

use super::{effective_risk, method_default};
use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "missing-approval",
    family: Family::Risk,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a tool whose method or risk needs approval runs without it",
    source: include_str!("missing_approval.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if tool.requires_approval {
        return;
    }
    let risk = effective_risk(tool);
    if !ctx.policy.auto_run.contains(&risk) {
        let violation = MissingApproval {
            id: &tool.id,
            risk,
            from_method: risk > tool.risk_level,
            method: tool.operation.method.as_upper(),
            policy: ctx.policy.file.as_ref(),
        };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
    debug_assert!(method_default(tool.operation.method) <= risk);
}

struct MissingApproval<'a> {
    id: &'a str,
    risk: RiskLevel,
    /// The method's default, not `risk_level`, is what needs approval.
    from_method: bool,
    method: &'static str,
    policy: Option<&'a Arc<SourceFile>>,
}

impl MissingApproval<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        let why = if self.from_method {
            format!("{} tools are {} risk", self.method, self.risk)
        } else {
            format!("its risk is {}", self.risk)
        };
        let mut diagnostic = Rule::MissingApproval
            .diagnostic(format!("tool `{}` runs without approval but {why}", self.id))
            .with_primary(Label::at(file, "/requires_approval"))
            .with_help(format!(
                "set `requires_approval: true`, or add `{}` to `auto_run` in the policy",
                self.risk
            ));
        if let Some(policy) = self.policy {
            diagnostic = diagnostic.with_secondary(
                Label::at_key(policy, "/auto_run")
                    .with_message(format!("`{}` is not listed here", self.risk)),
            );
        }
        diagnostic
    }
}
