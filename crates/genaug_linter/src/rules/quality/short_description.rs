//! ## What it flags
//!
//! A tool whose `description` is shorter than the policy's `descriptions.min` characters
//! (default 20; whitespace at either end not counted). Empty descriptions are `Q302`.
//!
//! ## Why it matters to a reviewer
//!
//! "Get repo" does not tell a model when to prefer this tool over twenty similar ones; a short
//! description is the most common cause of wrong tool choice.
//!
//! ## Example
//!
//! ```yaml
//! description: Get repo       ← reported: 8 characters, minimum 20
//! ```
//!
//! ## How to fix
//!
//! Describe what the tool returns or changes and when to use it, or lower `descriptions.min`.

use genaug_model::ToolFile;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "short-description",
    family: Family::Quality,
    severity: Severity::Warning,
    scope: Scope::File,
    summary: "a tool's description is shorter than descriptions.min",
    source: include_str!("short_description.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let length = tool.description.trim().chars().count();
    if length > 0 && length < ctx.policy.min_description {
        let violation = ShortDescription { id: &tool.id, length, min: ctx.policy.min_description };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
}

struct ShortDescription<'a> {
    id: &'a str,
    length: usize,
    min: usize,
}

impl ShortDescription<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::ShortDescription
            .diagnostic(format!(
                "description of `{}` is {} characters, shorter than the minimum of {}",
                self.id, self.length, self.min
            ))
            .with_primary(Label::at(file, "/description"))
            .with_help("say what the tool returns or changes and when to use it")
    }
}
