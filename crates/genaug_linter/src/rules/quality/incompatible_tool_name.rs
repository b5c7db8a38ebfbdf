//! ## What it flags
//!
//! A tool id that one of the runtimes listed in the policy's `names.targets` (default
//! `[openai, anthropic]`) would reject as a tool name. The rules applied, and where they come from:
//!
//! | target | rule | source |
//! |---|---|---|
//! | `openai` | `^[a-zA-Z0-9_-]{1,64}$` | OpenAI function calling reference: "a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64" |
//! | `anthropic` | `^[a-zA-Z0-9_-]{1,128}$` | the pattern the Anthropic Messages API reports when it rejects a tool name; some Anthropic guides say 64 — list `openai` too to stay within 64 |
//! | `gemini` | `^[a-zA-Z_][a-zA-Z0-9_.-]{0,63}$` | the intersection of Vertex AI's `FunctionDeclaration.name` ("must start with a letter or an underscore … underscores, dots and dashes, maximum length of 64") and the Gemini API's (which also allows colons but no leading-character rule) |
//! | `mcp` | `^[a-zA-Z0-9_.-]{1,128}$` | MCP specification 2025-11-25, "Tool names" (a SHOULD: 1–128 characters, ASCII letters, digits, `_`, `-`, `.`) |
//!
//! These are genaug's reading of each provider's documentation at the time of writing, not
//! contracts; report a runtime that disagrees.
//!
//! ## Why it matters to a reviewer
//!
//! A name one runtime rejects breaks the whole tool list for that runtime, usually in production,
//! because teams test against one provider and deploy to several.
//!
//! ## Example
//!
//! ```yaml
//! # genaug-policy.yaml: names: {targets: [openai, gemini]}
//! id: 2fa_disable             ← reported: gemini names must start with a letter or `_`
//! ```
//!
//! ## How to fix
//!
//! Rename the tool (file name and `id`; genaug keeps the spec's operationId in the file), or drop
//! the target from `names.targets` if the team does not use it.

use genaug_model::ToolFile;

use crate::policy::NameTarget;
use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "incompatible-tool-name",
    family: Family::Quality,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a tool id is not a valid tool name for a configured runtime",
    source: include_str!("incompatible_tool_name.rs"),
};

/// One runtime's naming rule.
struct NameRule {
    max: usize,
    first: fn(char) -> bool,
    rest: fn(char) -> bool,
    /// How the rule reads in a message.
    text: &'static str,
}

fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}
fn dotted(c: char) -> bool {
    word(c) || c == '.'
}
fn letter_or_underscore(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn rule_of(target: NameTarget) -> NameRule {
    match target {
        NameTarget::Openai => {
            NameRule { max: 64, first: word, rest: word, text: "1-64 of a-z A-Z 0-9 _ -" }
        }
        NameTarget::Anthropic => {
            NameRule { max: 128, first: word, rest: word, text: "1-128 of a-z A-Z 0-9 _ -" }
        }
        NameTarget::Gemini => NameRule {
            max: 64,
            first: letter_or_underscore,
            rest: dotted,
            text: "a letter or _ then up to 63 of a-z A-Z 0-9 _ . -",
        },
        NameTarget::Mcp => {
            NameRule { max: 128, first: dotted, rest: dotted, text: "1-128 of a-z A-Z 0-9 _ . -" }
        }
    }
}

fn is_valid(name: &str, rule: &NameRule) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    name.chars().count() <= rule.max && (rule.first)(first) && chars.all(rule.rest)
}

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for &target in &ctx.policy.targets {
        let rule = rule_of(target);
        if !is_valid(&tool.id, &rule) {
            let violation = IncompatibleName { id: &tool.id, target, rule: rule.text };
            out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
        }
    }
}

struct IncompatibleName<'a> {
    id: &'a str,
    target: NameTarget,
    rule: &'static str,
}

impl IncompatibleName<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::IncompatibleToolName
            .diagnostic(format!(
                "`{}` is not a valid {} tool name ({})",
                self.id,
                self.target.as_str(),
                self.rule
            ))
            .with_primary(Label::at(file, "/id"))
            .with_help(format!(
                "rename the tool (file and `id`), or remove `{}` from `names.targets`",
                self.target.as_str()
            ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_target_accepts_and_rejects_what_its_rule_says() {
        let cases: &[(NameTarget, &str, bool)] = &[
            (NameTarget::Openai, "repos_get", true),
            (NameTarget::Openai, "repos-get_2", true),
            (NameTarget::Openai, "repos.get", false),
            (NameTarget::Openai, &"a".repeat(64), true),
            (NameTarget::Openai, &"a".repeat(65), false),
            (NameTarget::Openai, "", false),
            (NameTarget::Anthropic, &"a".repeat(128), true),
            (NameTarget::Anthropic, &"a".repeat(129), false),
            (NameTarget::Anthropic, "é", false),
            (NameTarget::Gemini, "2fa_disable", false),
            (NameTarget::Gemini, "-x", false),
            (NameTarget::Gemini, "_x.y-z", true),
            (NameTarget::Gemini, &"a".repeat(65), false),
            (NameTarget::Mcp, "admin.tools.list", true),
            (NameTarget::Mcp, "user/profile", false),
            (NameTarget::Mcp, "a b", false),
        ];
        for (target, name, valid) in cases {
            assert_eq!(is_valid(name, &rule_of(*target)), *valid, "{target:?} {name}");
        }
    }
}
