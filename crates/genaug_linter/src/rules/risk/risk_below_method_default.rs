//! ## What it flags
//!
//! A tool whose `risk_level` is below its HTTP method's default (GET/HEAD/OPTIONS low,
//! POST/PUT/PATCH medium, DELETE/TRACE high), with no `accept` entry for the tool in the policy.
//! Both ways of lowering are reported: a hand edit of `risk_level`, and a spec that lowered its own
//! risk with `x-genaug-risk` (recorded in the file's `risk.source`).
//!
//! ## Why it matters to a reviewer
//!
//! The risk level decides approval and acceptance. Lowering it is the quietest way to let a
//! state-changing call run unattended, so it must be a visible, owned decision.
//!
//! ## Example
//!
//! ```yaml
//! id: repos_delete
//! risk_level: low             ← reported: DELETE defaults to high
//! operation: {method: DELETE, path: /repos/{owner}/{repo}}
//! ```
//!
//! ## How to fix
//!
//! Restore the method's default risk, or add an `accept` entry for the tool (id, reason, by,
//! optionally expires) in the policy.

use genaug_model::{RiskLevel, RiskSource, ToolFile};

use super::method_default;
use crate::policy::Acceptance;
use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "risk-below-method-default",
    family: Family::Risk,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a tool's risk level is below its HTTP method's default without an acceptance",
    source: include_str!("risk_below_method_default.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let default = method_default(tool.operation.method);
    if tool.risk_level >= default {
        return;
    }
    let acceptance = ctx.policy.acceptance(&tool.id);
    if acceptance.is_some_and(|a| a.is_live(ctx.today)) {
        return;
    }
    let by_hand = tool.risk_level < tool.risk.generated || tool.risk.source == RiskSource::Method;
    let violation = RiskBelowDefault {
        id: &tool.id,
        level: tool.risk_level,
        default,
        method: tool.operation.method.as_upper(),
        by_hand,
        expired: acceptance.zip(ctx.policy.file.as_ref()),
    };
    out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file, ctx)));
}

struct RiskBelowDefault<'a> {
    id: &'a str,
    level: RiskLevel,
    default: RiskLevel,
    method: &'static str,
    /// Lowered in the tool file rather than by the spec's `x-genaug-risk`.
    by_hand: bool,
    expired: Option<(&'a Acceptance, &'a Arc<SourceFile>)>,
}

impl RiskBelowDefault<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>, ctx: &Ctx<'_>) -> Diagnostic {
        let how =
            if self.by_hand { "lowered by hand" } else { "lowered by the spec's x-genaug-risk" };
        let mut diagnostic = Rule::RiskBelowMethodDefault
            .diagnostic(format!(
                "tool `{}` has risk {} ({how}) but {} tools default to {}, and no acceptance covers it",
                self.id, self.level, self.method, self.default
            ))
            .with_primary(Label::at(file, "/risk_level"))
            .with_help(format!(
                "set `risk_level: {}`, or accept the lower risk in the policy's `accept` list",
                self.default
            ));
        if let Some((acceptance, policy)) = self.expired {
            diagnostic = diagnostic.with_secondary(
                Label::at(policy, acceptance.expires_pointer.clone())
                    .with_message(acceptance.describe(ctx.today)),
            );
        }
        diagnostic
    }
}
