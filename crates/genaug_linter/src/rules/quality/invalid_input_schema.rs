//! ## What it flags
//!
//! A tool whose `input_schema` is not a valid JSON Schema 2020-12 document (checked against the
//! 2020-12 meta-schema): a misspelt type (`type: integr`), `required: true` instead of a list of
//! names, `properties` that is not a mapping. Up to ten problems per tool are reported, each at
//! its place inside `input_schema`.
//!
//! ## Why it matters to a reviewer
//!
//! Tool-calling APIs reject the whole request, or worse, silently drop the schema and let the model
//! invent arguments. A hand edit of the schema is the usual cause.
//!
//! ## Example
//!
//! ```yaml
//! input_schema:
//!   type: object
//!   properties:
//!     owner: {type: text}     ← reported: `text` is not a JSON Schema type
//! ```
//!
//! ## How to fix
//!
//! Correct the schema at the marked place, or regenerate the tool with `genaug integrate`.

use genaug_model::ToolFile;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "invalid-input-schema",
    family: Family::Quality,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a tool's input schema is not valid JSON Schema 2020-12",
    source: include_str!("invalid_input_schema.rs"),
};

/// Most problems reported per tool: one bad keyword can cascade into many meta-schema errors.
const MAX_PER_TOOL: usize = 10;

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, _ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let validator = jsonschema::draft202012::meta::validator();
    if validator.is_valid(&tool.input_schema) {
        return;
    }
    let mut seen = Vec::new();
    for error in validator.iter_errors(&tool.input_schema) {
        let pointer = format!("/input_schema{}", error.instance_path().as_str());
        let message = error.to_string();
        if seen.iter().any(|(p, m)| *p == pointer && *m == message) {
            continue;
        }
        seen.push((pointer, message));
        if seen.len() == MAX_PER_TOOL {
            break;
        }
    }
    for (pointer, message) in seen {
        let violation = InvalidInputSchema { id: &tool.id, pointer, message };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
}

struct InvalidInputSchema<'a> {
    id: &'a str,
    pointer: String,
    message: String,
}

impl InvalidInputSchema<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::InvalidInputSchema
            .diagnostic(format!(
                "input schema of `{}` is not valid JSON Schema 2020-12: {}",
                self.id, self.message
            ))
            .with_primary(Label::at(file, self.pointer))
            .with_help("correct the schema here, or regenerate the tool with `genaug integrate`")
    }
}
