//! ## What it flags
//!
//! A policy entry that matched no tool file: an `allow` or `deny` id/pattern, an `accept` id, or
//! a `rules.ignore` entry that silenced nothing.
//!
//! This is a whole-set rule. When only some files are linted (pre-commit passes the changed
//! files), an entry may match a file that was not given, so the rule does not guess: it emits one
//! info finding saying it was skipped.
//!
//! ## Why it matters to a reviewer
//!
//! Stale entries are where allowlists rot. A tool renamed by regeneration leaves its old allow
//! entry behind; a later tool that happens to match it is enabled with nobody reviewing it. An
//! acceptance for a deleted tool reads as if someone still vouches for something.
//!
//! ## Example
//!
//! ```yaml
//! allow:
//!   - id: repos_list_for_user    # no tools/repos_list_for_user.yaml any more
//!     reason: profile page
//! ```
//!
//! ## How to fix
//!
//! Delete the entry, or correct its id or pattern.

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "unmatched-policy-entry",
    family: Family::Policy,
    severity: Severity::Warning,
    scope: Scope::ToolSet,
    summary: "a policy entry matched no tool file",
    source: include_str!("unmatched_policy_entry.rs"),
};

/// `allow`, `deny` and `accept` entries. Ignore entries are checked after ignores are applied.
pub(crate) fn check(tools: &[LoadedTool], ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let policy = ctx.policy;
    let Some(file) = &policy.file else { return };
    if ctx.partial {
        out.push(Finding::general(
            Diagnostic::info(
                Rule::UnmatchedPolicyEntry.code(),
                "unmatched policy entries were not checked: only some tool files were given",
            )
            .with_primary(Label::file(file))
            .with_help("run `genaug lint` on the project folder to find stale policy entries"),
        ));
        return;
    }
    let ids: Vec<&str> = tools
        .iter()
        .map(|t| t.tool.as_ref().map_or(t.stem.as_str(), |tool| tool.id.as_str()))
        .collect();
    let lists = [("allow", policy.allow.as_ref()), ("deny", Some(&policy.deny))];
    for (list_name, list) in lists {
        let Some(list) = list else { continue };
        let mut used = vec![false; list.entries.len()];
        for id in &ids {
            for index in list.set.matches(id) {
                used[index] = true;
            }
        }
        for (entry, used) in list.entries.iter().zip(used) {
            if !used {
                let violation = Unmatched {
                    what: format!(
                        "{list_name} {} `{}`",
                        if entry.is_pattern { "pattern" } else { "entry" },
                        entry.text
                    ),
                    pointer: &entry.pointer,
                };
                out.push(Finding::general(violation.into_diagnostic(file)));
            }
        }
    }
    for acceptance in &policy.accept {
        if !ids.contains(&acceptance.id.as_str()) {
            let violation = Unmatched {
                what: format!("acceptance of `{}`", acceptance.id),
                pointer: &acceptance.pointer,
            };
            out.push(Finding::general(violation.into_diagnostic(file)));
        }
    }
}

/// `rules.ignore` entries that silenced no finding.
pub(crate) fn check_ignores(used: &[bool], ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(file) = &ctx.policy.file else { return };
    if ctx.partial {
        return;
    }
    for (entry, used) in ctx.policy.ignore.iter().zip(used) {
        if !used {
            let violation = Unmatched {
                what: format!("ignore of `{}` for `{}`", entry.rule.code(), entry.tool),
                pointer: &entry.pointer,
            };
            out.push(Finding::general(violation.into_diagnostic(file)));
        }
    }
}

struct Unmatched<'a> {
    what: String,
    pointer: &'a str,
}

impl Unmatched<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::UnmatchedPolicyEntry
            .diagnostic(format!("{} matched no tool", self.what))
            .with_primary(Label::at(file, self.pointer).with_message("this entry matched nothing"))
            .with_help("delete the entry, or correct its id or pattern")
    }
}
