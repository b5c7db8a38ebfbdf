//! ## What it flags
//!
//! A tool whose `description` is longer than the policy's `descriptions.max` characters
//! (default 1024, the limit OpenAI's API has been observed to enforce on function descriptions;
//! an assumption to revisit, not a documented guarantee).
//!
//! ## Why it matters to a reviewer
//!
//! Some runtimes reject over-long descriptions outright; all of them spend the model's context on
//! every request. Generated descriptions copied from large specs are the usual cause.
//!
//! ## Example
//!
//! ```yaml
//! description: >-             ← reported: 3,412 characters, maximum 1024
//!   Lists repositories for the specified organization. Note: In order to see the ...
//! ```
//!
//! ## How to fix
//!
//! Shorten the description to what a model needs to choose the tool (genaug keeps the edit on
//! regeneration), or raise `descriptions.max`.

use genaug_model::ToolFile;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "long-description",
    family: Family::Quality,
    severity: Severity::Warning,
    scope: Scope::File,
    summary: "a tool's description is longer than descriptions.max",
    source: include_str!("long_description.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let length = tool.description.trim().chars().count();
    if length > ctx.policy.max_description {
        let violation = LongDescription { id: &tool.id, length, max: ctx.policy.max_description };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
}

struct LongDescription<'a> {
    id: &'a str,
    length: usize,
    max: usize,
}

impl LongDescription<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::LongDescription
            .diagnostic(format!(
                "description of `{}` is {} characters, longer than the maximum of {}",
                self.id, self.length, self.max
            ))
            .with_primary(Label::at(file, "/description"))
            .with_help("shorten it to what a model needs to choose the tool; genaug keeps the edit")
    }
}
