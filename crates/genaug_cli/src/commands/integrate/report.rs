//! The summary of an integrate run: human text for stdout, or one JSON object.

use std::fmt::Write as _;

use genaug_compiler::SpecInfo;
use genaug_compiler::regen::ReviewerField;
use genaug_model::{RiskLevel, ToolCounts, ToolFile};
use serde_json::{Value, json};

use super::plan::{Drift, ToolChanges};

/// Lists in human output show at most this many entries, then "… and N more".
const MAX_LISTED: usize = 20;

/// Everything the summary reports.
pub(crate) struct Report<'a> {
    /// The project folder as the user knows it.
    pub(crate) project: &'a str,
    /// The spec as recorded in the generated files (relative to the project folder).
    pub(crate) spec: &'a str,
    /// The spec as it was read: the argument, or the manifest's record seen from here.
    pub(crate) spec_read: &'a str,
    pub(crate) info: &'a SpecInfo,
    pub(crate) counts: ToolCounts,
    /// The compiled tools after merging with the reviewed files.
    pub(crate) tools: Vec<&'a ToolFile>,
    pub(crate) changes: &'a ToolChanges,
    pub(crate) drift: &'a Drift,
    /// A previous project was there (so changes are meaningful).
    pub(crate) regenerated: bool,
    pub(crate) check: bool,
    pub(crate) explain: bool,
    pub(crate) notes: &'a [String],
    /// ANSI colour for the verdict words.
    pub(crate) color: bool,
}

/// Counts over the tool set.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) tools: usize,
    pub(crate) low: usize,
    pub(crate) medium: usize,
    pub(crate) high: usize,
    pub(crate) enabled: usize,
    pub(crate) requires_approval: usize,
}

impl Tally {
    pub(crate) fn of<'a>(tools: impl IntoIterator<Item = &'a ToolFile>) -> Self {
        let mut tally = Tally::default();
        for tool in tools {
            tally.tools += 1;
            match tool.risk_level {
                RiskLevel::Low => tally.low += 1,
                RiskLevel::Medium => tally.medium += 1,
                RiskLevel::High => tally.high += 1,
            }
            tally.enabled += usize::from(tool.enabled);
            tally.requires_approval += usize::from(tool.requires_approval);
        }
        tally
    }
}

/// Wraps `text` in an ANSI colour (31 red, 32 green, 33 yellow) when `on`.
fn paint(text: &str, colour: u8, on: bool) -> String {
    if on { format!("\x1b[{colour}m{text}\x1b[0m") } else { text.to_owned() }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Report<'_> {
    pub(crate) fn human(&self) -> String {
        let mut out = String::new();
        let tally = Tally::of(self.tools.iter().copied());
        let what = format!(
            "{} {} (OpenAPI {}, `{}`)",
            self.info.title, self.info.version, self.info.openapi, self.spec_read
        );
        if self.check {
            let _ = writeln!(out, "checked {}/ against {what}", self.project);
        } else {
            let _ = writeln!(out, "integrated {what} into {}/", self.project);
        }
        let _ = writeln!(
            out,
            "  {}: {} low, {} medium, {} high risk",
            plural(tally.tools, "tool", "tools"),
            tally.low,
            tally.medium,
            tally.high
        );
        let _ = writeln!(
            out,
            "  {} enabled, {} disabled; {} {} approval",
            tally.enabled,
            tally.tools - tally.enabled,
            tally.requires_approval,
            if tally.requires_approval == 1 { "requires" } else { "require" }
        );
        let _ = writeln!(
            out,
            "  not compiled: {}, {}, {} filtered out",
            plural(self.counts.webhooks, "webhook", "webhooks"),
            plural(self.counts.callbacks, "callback", "callbacks"),
            self.counts.filtered_out
        );
        if self.regenerated {
            self.human_changes(&mut out);
        }
        for note in self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        if self.explain {
            self.human_explain(&mut out);
        }
        if self.check {
            self.human_drift(&mut out);
        }
        out
    }

    fn human_changes(&self, out: &mut String) {
        let c = self.changes;
        let verb = if self.check { "would change" } else { "changes" };
        let removed_note = match (c.removed.is_empty(), c.pruned) {
            (true, _) => String::new(),
            (false, true) => " (pruned)".into(),
            (false, false) => " (kept; --prune deletes them)".into(),
        };
        let _ = writeln!(
            out,
            "  {verb}: {} added, {} removed{removed_note}, {} changed, {} unchanged",
            c.added.len(),
            c.removed.len(),
            c.changed.len(),
            c.unchanged
        );
        list(out, "added", c.added.iter().map(|id| id.to_owned()));
        list(
            out,
            "changed",
            c.changed.iter().map(|t| {
                let mut line = format!("{}: {}", t.id, t.keys.join(", "));
                if !t.kept.is_empty() {
                    let kept: Vec<&str> = t.kept.iter().map(|f| f.key()).collect();
                    let _ = write!(line, " (kept your {})", kept.join(", "));
                }
                line
            }),
        );
        list(
            out,
            "removed",
            c.removed.iter().map(|id| format!("{id}: operation no longer in the spec")),
        );
        for (id, escalation) in &c.escalations {
            let mut line = format!(
                "  {}: {id} {} → {}",
                paint("risk escalated", 33, self.color),
                escalation.from,
                escalation.to
            );
            let tool = self.tools.iter().find(|t| &t.id == id);
            if let (false, Some(tool)) = (escalation.reset.is_empty(), tool) {
                let reset: Vec<String> = escalation
                    .reset
                    .iter()
                    .map(|field| match field {
                        ReviewerField::Enabled => format!("enabled: {}", tool.enabled),
                        ReviewerField::RequiresApproval => {
                            format!("requires_approval: {}", tool.requires_approval)
                        }
                        other => other.key().to_owned(),
                    })
                    .collect();
                let _ = write!(line, "; reset to the new defaults ({})", reset.join(", "));
            }
            let _ = writeln!(out, "{line}");
        }
        for id in &c.outdated_descriptions {
            let _ = writeln!(
                out,
                "  note: {id} keeps your edited description, but the spec's description changed since"
            );
        }
    }

    fn human_explain(&self, out: &mut String) {
        let _ = writeln!(out, "  risk:");
        let width = self.tools.iter().map(|t| t.id.len()).max().unwrap_or(0).min(40);
        for tool in &self.tools {
            let mut reason = tool.risk.reason.clone();
            if tool.risk_level != tool.risk.generated {
                let _ = write!(reason, " (set to {} by a reviewer)", tool.risk_level);
            }
            let _ =
                writeln!(out, "    {:<width$}  {:<6}  {reason}", tool.id, tool.risk_level.as_str());
        }
    }

    fn human_drift(&self, out: &mut String) {
        let d = self.drift;
        if d.is_empty() {
            let _ = writeln!(
                out,
                "{}: {}/ matches what integrate would write",
                paint("up to date", 32, self.color),
                self.project
            );
            return;
        }
        let files = d.added.len() + d.removed.len() + d.changed.len();
        let _ = writeln!(
            out,
            "{}: integrate would change {} in {}/",
            paint("out of date", 31, self.color),
            plural(files, "file", "files"),
            self.project
        );
        list(out, "added", d.added.iter().cloned());
        list(
            out,
            "changed",
            d.changed.iter().map(|(path, keys)| {
                if keys.is_empty() { path.clone() } else { format!("{path}: {}", keys.join(", ")) }
            }),
        );
        list(out, "removed", d.removed.iter().cloned());
        let _ = writeln!(out, "run the same command without --check to update the project");
    }

    pub(crate) fn json(&self, diagnostics: Value) -> Value {
        let tally = Tally::of(self.tools.iter().copied());
        let c = self.changes;
        let mut report = json!({
            "command": "integrate",
            "mode": if self.check { "check" } else { "write" },
            "project": self.project,
            "spec": {
                "source": self.spec,
                "openapi": self.info.openapi,
                "title": self.info.title,
                "version": self.info.version,
            },
            "summary": {
                "tools": tally.tools,
                "risk": {"low": tally.low, "medium": tally.medium, "high": tally.high},
                "enabled": tally.enabled,
                "disabled": tally.tools - tally.enabled,
                "requires_approval": tally.requires_approval,
                "webhooks": self.counts.webhooks,
                "callbacks": self.counts.callbacks,
                "filtered_out": self.counts.filtered_out,
            },
            "changes": {
                "regenerated": self.regenerated,
                "added": c.added,
                "changed": c.changed.iter().map(|t| json!({
                    "id": t.id,
                    "keys": t.keys,
                    "kept": t.kept.iter().map(|f| f.key()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "unchanged": c.unchanged,
                "removed": c.removed,
                "pruned": c.pruned,
                "escalations": c.escalations.iter().map(|(id, e)| json!({
                    "id": id,
                    "from": e.from,
                    "to": e.to,
                    "reset": e.reset.iter().map(|f| f.key()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "outdated_descriptions": c.outdated_descriptions,
            },
            "files": {
                "added": self.drift.added,
                "changed": self.drift.changed.iter().map(|(path, keys)| json!({"path": path, "keys": keys})).collect::<Vec<_>>(),
                "removed": self.drift.removed,
            },
            "notes": self.notes,
        });
        if self.check {
            report["drift"] = Value::Bool(!self.drift.is_empty());
        }
        if self.explain {
            report["tools"] = self
                .tools
                .iter()
                .map(|t| {
                    json!({
                        "id": t.id,
                        "risk_level": t.risk_level,
                        "generated": t.risk.generated,
                        "reason": t.risk.reason,
                    })
                })
                .collect();
        }
        report["diagnostics"] = diagnostics;
        report
    }
}

/// `    <label>  <item>` lines, at most [`MAX_LISTED`], then a count of the rest.
fn list(out: &mut String, label: &str, items: impl ExactSizeIterator<Item = String>) {
    let total = items.len();
    for item in items.take(MAX_LISTED) {
        let _ = writeln!(out, "    {label:<8} {item}");
    }
    if total > MAX_LISTED {
        let _ = writeln!(out, "    … and {} more {label}", total - MAX_LISTED);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_capped() {
        let mut out = String::new();
        list(&mut out, "added", (0..23).map(|i| format!("t{i}")));
        assert_eq!(out.lines().count(), 21);
        assert!(out.ends_with("    … and 3 more added\n"), "{out}");
    }

    #[test]
    fn paint_only_when_asked() {
        assert_eq!(paint("up to date", 32, false), "up to date");
        assert_eq!(paint("up to date", 32, true), "\x1b[32mup to date\x1b[0m");
    }

    #[test]
    fn plural_forms() {
        assert_eq!(plural(1, "tool", "tools"), "1 tool");
        assert_eq!(plural(0, "tool", "tools"), "0 tools");
    }
}
