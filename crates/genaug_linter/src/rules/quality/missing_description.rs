//! ## What it flags
//!
//! A tool whose `description` is empty or only whitespace.
//!
//! ## Why it matters to a reviewer
//!
//! The description is the only text the model reads to decide when to call the tool. Without it
//! the model guesses from the name, and a reviewer cannot tell what the tool is for either.
//!
//! ## Example
//!
//! ```yaml
//! id: repos_get
//! description: ""             ← reported
//! ```
//!
//! ## How to fix
//!
//! Write one or two sentences saying what the tool does and when to use it (add a `summary` or
//! `description` to the operation in the spec and regenerate, or edit the file: genaug keeps
//! reviewer-edited descriptions).

use genaug_model::ToolFile;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "missing-description",
    family: Family::Quality,
    severity: Severity::Warning,
    scope: Scope::File,
    summary: "a tool has no description",
    source: include_str!("missing_description.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, _ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if tool.description.trim().is_empty() {
        let violation = MissingDescription { id: &tool.id };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
}

struct MissingDescription<'a> {
    id: &'a str,
}

impl MissingDescription<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::MissingDescription
            .diagnostic(format!("tool `{}` has no description", self.id))
            .with_primary(Label::at(file, "/description"))
            .with_help(
                "say what the tool does and when to use it; genaug keeps edited descriptions",
            )
    }
}
