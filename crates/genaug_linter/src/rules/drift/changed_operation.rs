//! ## What it flags
//!
//! With `--spec`: a tool file whose `operation.method`, `operation.path` or `input_schema` differs
//! from what the spec generates now for the same id. One finding per tool, at the first field
//! that changed, naming every changed field.
//!
//! ## Why it matters to a reviewer
//!
//! The review of this tool (its risk, approval, allowlist entry) was of the old operation. A
//! method that became DELETE, or a new required argument, changes what was approved.
//!
//! ## Example
//!
//! ```yaml
//! # the spec now declares DELETE /repos/{owner}/{repo} for this operationId
//! operation:
//!   method: POST              ← reported: the spec says DELETE
//! ```
//!
//! ## How to fix
//!
//! Run `genaug integrate` to regenerate the tool (reviewer-owned fields are kept), then review
//! its risk and policy entries again.

use genaug_model::ToolFile;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "changed-operation",
    family: Family::Drift,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a tool's method, path or input schema differs from the spec",
    source: include_str!("changed_operation.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(expected) = ctx.expected.as_ref().and_then(|e| e.get(tool.id.as_str())) else {
        return;
    };
    let mut changed = Vec::new();
    if tool.operation.method != expected.operation.method {
        changed.push(Change {
            pointer: "/operation/method",
            field: "method",
            now: expected.operation.method.as_upper().to_owned(),
        });
    }
    if tool.operation.path != expected.operation.path {
        changed.push(Change {
            pointer: "/operation/path",
            field: "path",
            now: expected.operation.path.clone(),
        });
    }
    if tool.input_schema != expected.input_schema {
        changed.push(Change {
            pointer: "/input_schema",
            field: "input_schema",
            now: String::new(),
        });
    }
    if !changed.is_empty() {
        let violation = ChangedOperation { id: &tool.id, changed };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
}

struct Change {
    pointer: &'static str,
    field: &'static str,
    /// What the spec says now (empty for the schema: too long for a message).
    now: String,
}

struct ChangedOperation<'a> {
    id: &'a str,
    changed: Vec<Change>,
}

impl ChangedOperation<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        let fields: Vec<String> = self
            .changed
            .iter()
            .map(|c| {
                if c.now.is_empty() {
                    format!("{} changed", c.field)
                } else {
                    format!("{} is now {}", c.field, c.now)
                }
            })
            .collect();
        let mut diagnostic = Rule::ChangedOperation
            .diagnostic(format!("tool `{}` differs from the spec: {}", self.id, fields.join(", ")))
            .with_primary(Label::at_key(file, self.changed[0].pointer))
            .with_help(
                "run `genaug integrate` to regenerate it, then review its risk and policy entries",
            );
        for change in &self.changed[1..] {
            diagnostic = diagnostic
                .with_secondary(Label::at_key(file, change.pointer).with_message("also changed"));
        }
        diagnostic
    }
}
