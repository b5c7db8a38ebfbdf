//! ## What it flags
//!
//! With `--spec`: a tool file whose id is not among the tools the spec generates now — its
//! operation was removed from the spec, or renamed so that it gets another id.
//!
//! ## Why it matters to a reviewer
//!
//! The agent keeps calling an endpoint the API no longer documents: at best it fails, at worst it
//! reaches a deprecated route with different behaviour.
//!
//! ## Example
//!
//! ```yaml
//! # tools/legacy_search.yaml — the spec no longer has operationId legacy_search
//! id: legacy_search           ← reported
//! ```
//!
//! ## How to fix
//!
//! Run `genaug integrate --prune` to remove tools whose operation left the spec, or delete the
//! file (and its policy entries) by hand.

use genaug_model::ToolFile;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "removed-operation",
    family: Family::Drift,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a tool's operation is no longer in the spec",
    source: include_str!("removed_operation.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(expected) = &ctx.expected else { return };
    if !expected.contains_key(tool.id.as_str()) {
        let violation = RemovedOperation {
            id: &tool.id,
            method: tool.operation.method.as_upper(),
            path: &tool.operation.path,
        };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
}

struct RemovedOperation<'a> {
    id: &'a str,
    method: &'static str,
    path: &'a str,
}

impl RemovedOperation<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::RemovedOperation
            .diagnostic(format!(
                "tool `{}` calls {} {}, which the spec no longer generates",
                self.id, self.method, self.path
            ))
            .with_primary(Label::at(file, "/id"))
            .with_help("run `genaug integrate --prune`, or delete the file and its policy entries")
    }
}
