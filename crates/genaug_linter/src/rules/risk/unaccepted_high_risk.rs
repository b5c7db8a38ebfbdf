//! ## What it flags
//!
//! An enabled tool whose risk is high — its `risk_level`, or its method's default when that is
//! higher (DELETE and TRACE are high) — with no live `accept` entry in the policy: none at all, or
//! one whose `expires` date has passed.
//!
//! ## Why it matters to a reviewer
//!
//! High-risk tools destroy or expose data. genaug generates them disabled; enabling one needs a
//! named person, a reason and, ideally, an end date, so the decision is owned and revisited.
//!
//! ## Example
//!
//! ```yaml
//! id: repos_delete
//! enabled: true               ← reported: no acceptance for repos_delete
//! risk_level: high
//! ```
//!
//! ## How to fix
//!
//! Set `enabled: false`, or add (or renew) an acceptance:
//!
//! ```yaml
//! accept:
//!   - id: repos_delete
//!     reason: the cleanup agent removes scratch repositories
//!     by: alice@example.com
//!     expires: 2026-12-31
//! ```

use genaug_model::ToolFile;

use super::effective_risk;
use crate::policy::Acceptance;
use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "unaccepted-high-risk",
    family: Family::Risk,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a high-risk tool is enabled without a live acceptance",
    source: include_str!("unaccepted_high_risk.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if !tool.enabled || effective_risk(tool) != genaug_model::RiskLevel::High {
        return;
    }
    let acceptance = ctx.policy.acceptance(&tool.id);
    if acceptance.is_some_and(|a| a.is_live(ctx.today)) {
        return;
    }
    let violation = UnacceptedHighRisk {
        id: &tool.id,
        method: tool.operation.method.as_upper(),
        expired: acceptance.zip(ctx.policy.file.as_ref()),
    };
    out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file, ctx)));
}

struct UnacceptedHighRisk<'a> {
    id: &'a str,
    method: &'static str,
    expired: Option<(&'a Acceptance, &'a Arc<SourceFile>)>,
}

impl UnacceptedHighRisk<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>, ctx: &Ctx<'_>) -> Diagnostic {
        let message = match self.expired {
            Some((acceptance, _)) => format!(
                "high-risk {} tool `{}` is enabled but its acceptance expired on {}",
                self.method,
                self.id,
                acceptance.expires.map(|d| d.to_string()).unwrap_or_default()
            ),
            None => format!(
                "high-risk {} tool `{}` is enabled without an acceptance in the policy",
                self.method, self.id
            ),
        };
        let mut diagnostic = Rule::UnacceptedHighRisk
            .diagnostic(message)
            .with_primary(Label::at(file, "/enabled"))
            .with_help(format!(
                "set `enabled: false`, or add an `accept` entry for `{}` (id, reason, by, expires) to the policy",
                self.id
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
