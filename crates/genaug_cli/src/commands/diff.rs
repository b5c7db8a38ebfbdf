//! `genaug diff OLD NEW`: what a change does to the tool surface, for the reviewer of a pull
//! request. Each side is an OpenAPI spec (compiled as `integrate` would) or a project (its tool
//! files as reviewed). When one side is a project and the other a spec, the spec's tools are
//! merged with the project's reviewed decisions (`genaug_compiler::regen::merge`), so the diff
//! shows what `integrate` would leave, not the generator's defaults.
//!
//! Exit status: 0, or 1 when `--fail-on` names a kind of change that is present; 2 when a side
//! cannot be read.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use genaug_compiler::{CompileOptions, regen, risk};
use genaug_diagnostics::Diagnostic;
use genaug_model::ToolFile;
use genaug_openapi::{Document, LoadOptions};
use genaug_source::{InputLimits, SourceFile};
use serde_json::{Value, json};

use super::tools::project;
use crate::exit_status::ExitStatus;
use crate::output::Output;

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The state before: an OpenAPI spec, or a project (folder or genaug-agent.yaml).
    #[arg(value_name = "OLD")]
    pub(crate) old: String,
    /// The state after: an OpenAPI spec, or a project (folder or genaug-agent.yaml).
    #[arg(value_name = "NEW")]
    pub(crate) new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub(crate) format: DiffFormat,
    /// Exit 1 when the diff holds a change of this kind (repeatable, or comma-separated).
    #[arg(long, value_enum, value_name = "KIND", value_delimiter = ',')]
    pub(crate) fail_on: Vec<FailOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// A list for the terminal.
    Human,
    /// A Markdown section ready to paste as a pull-request comment.
    Markdown,
    /// One JSON object on stdout.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// A new high-risk tool, a method that became riskier (GET → POST), a raised risk, an
    /// approval dropped or a high-risk tool enabled.
    Escalation,
    /// A removed tool, a new required input, a removed input, or a changed method or path.
    Breaking,
}

/// What happened to one tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Added,
    Removed,
    Changed,
}

/// One fact about one tool.
#[derive(Debug, Clone)]
struct Change {
    tool: String,
    kind: Kind,
    /// What changed, lower case, Markdown-safe except for `code` in backticks.
    detail: String,
    escalation: bool,
    breaking: bool,
}

/// One side of the diff.
struct Side {
    tools: BTreeMap<String, ToolFile>,
    is_project: bool,
}

pub(crate) fn run(args: &DiffArgs, output: &Output) -> ExitStatus {
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(failure), _) | (_, Err(failure)) => return project::fail(output, *failure),
    };
    let (old, new) = reconcile(old, new);
    let changes = compare(&old.tools, &new.tools);
    let text = match args.format {
        DiffFormat::Human => human(args, &old, &new, &changes),
        DiffFormat::Markdown => markdown(args, &changes),
        DiffFormat::Json => {
            let value = json_report(args, &old, &new, &changes);
            format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
        }
    };
    output.out(&text);
    let fails = args.fail_on.iter().any(|f| match f {
        FailOn::Escalation => changes.iter().any(|c| c.escalation),
        FailOn::Breaking => changes.iter().any(|c| c.breaking),
    });
    if fails { ExitStatus::Findings } else { ExitStatus::Success }
}

fn load(arg: &str) -> Result<Side, Box<Diagnostic>> {
    let path = Path::new(arg);
    if path.is_dir() || path.file_name().is_some_and(|n| n == project::MANIFEST) {
        let project = project::open(Some(path))?;
        let tools = project.tools.into_iter().map(|t| (t.tool.id.clone(), t.tool)).collect();
        return Ok(Side { tools, is_project: true });
    }
    let tools = compile_spec(arg)?;
    Ok(Side { tools: tools.into_iter().map(|t| (t.id.clone(), t)).collect(), is_project: false })
}

/// Compiles a spec (path, URL or `-`) the way `integrate` does, with no filters.
pub(crate) fn compile_spec(arg: &str) -> Result<Vec<ToolFile>, Box<Diagnostic>> {
    let input =
        genaug_source::read_input(arg, InputLimits::default()).map_err(|e| Box::new(e.into()))?;
    let sha256 = project::sha256_hex(input.text.as_bytes());
    let file = Arc::new(SourceFile::new(input.name, input.text));
    let document = Document::load(file, input.base, LoadOptions::default())?;
    let options = CompileOptions {
        spec_name: arg.to_owned(),
        spec_sha256: sha256,
        ..CompileOptions::default()
    };
    Ok(genaug_compiler::compile(&document, &options)?.tools)
}

/// A spec compared with a project carries the project's reviewed decisions over, as `integrate`
/// would.
fn reconcile(old: Side, new: Side) -> (Side, Side) {
    let merge = |reviewed: &Side, fresh: Side| Side {
        tools: fresh
            .tools
            .into_iter()
            .map(|(id, tool)| match reviewed.tools.get(&id) {
                Some(existing) => (id, regen::merge(existing, tool).tool),
                None => (id, tool),
            })
            .collect(),
        is_project: false,
    };
    match (old.is_project, new.is_project) {
        (true, false) => {
            let new = merge(&old, new);
            (old, new)
        }
        (false, true) => {
            let old = merge(&new, old);
            (old, new)
        }
        _ => (old, new),
    }
}

fn compare(old: &BTreeMap<String, ToolFile>, new: &BTreeMap<String, ToolFile>) -> Vec<Change> {
    let mut changes = Vec::new();
    for (id, tool) in new.iter().filter(|(id, _)| !old.contains_key(*id)) {
        let risk = project::effective_risk(tool);
        let high = risk == genaug_model::RiskLevel::High;
        changes.push(Change {
            tool: id.clone(),
            kind: Kind::Added,
            detail: format!(
                "new tool: {} `{}`, {risk} risk, {}{}",
                tool.operation.method,
                tool.operation.path,
                if tool.enabled { "enabled" } else { "disabled" },
                if tool.requires_approval { ", approval required" } else { "" }
            ),
            escalation: high,
            breaking: false,
        });
    }
    for (id, tool) in old.iter().filter(|(id, _)| !new.contains_key(*id)) {
        changes.push(Change {
            tool: id.clone(),
            kind: Kind::Removed,
            detail: format!(
                "removed: {} `{}` (callers of `{id}` break)",
                tool.operation.method, tool.operation.path
            ),
            escalation: false,
            breaking: true,
        });
    }
    for (id, before) in old {
        if let Some(after) = new.get(id) {
            changed(id, before, after, &mut changes);
        }
    }
    changes.sort_by(|a, b| (a.kind, &a.tool).cmp(&(b.kind, &b.tool)));
    changes
}

fn changed(id: &str, before: &ToolFile, after: &ToolFile, changes: &mut Vec<Change>) {
    let mut push = |detail: String, escalation: bool, breaking: bool| {
        changes.push(Change {
            tool: id.to_owned(),
            kind: Kind::Changed,
            detail,
            escalation,
            breaking,
        });
    };
    let (m0, m1) = (before.operation.method, after.operation.method);
    if m0 != m1 {
        let riskier = risk::method_risk(m1) > risk::method_risk(m0);
        push(
            format!(
                "method {m0} → {m1}{}",
                if riskier {
                    format!(" ({} → {} risk)", risk::method_risk(m0), risk::method_risk(m1))
                } else {
                    String::new()
                }
            ),
            riskier,
            true,
        );
    }
    if before.operation.path != after.operation.path {
        push(format!("path `{}` → `{}`", before.operation.path, after.operation.path), false, true);
    }
    let (r0, r1) = (project::effective_risk(before), project::effective_risk(after));
    // A risk change the method change already explains is not reported twice.
    if r0 != r1 && (m0 == m1 || risk::method_risk(m1) != r1) {
        push(format!("risk {r0} → {r1}"), r1 > r0, false);
    }
    if before.requires_approval != after.requires_approval {
        let dropped = !after.requires_approval;
        push(
            if dropped {
                "approval no longer required".to_owned()
            } else {
                "approval now required".to_owned()
            },
            dropped,
            false,
        );
    }
    if before.enabled != after.enabled {
        let high = r1 == genaug_model::RiskLevel::High;
        push(
            if after.enabled {
                format!("enabled{}", if high { " (high risk)" } else { "" })
            } else {
                "disabled".to_owned()
            },
            after.enabled && high,
            !after.enabled,
        );
    }
    let (req0, props0) = inputs(before);
    let (req1, props1) = inputs(after);
    for name in req1.iter().filter(|n| !req0.contains(n)) {
        let what =
            if props0.contains(name) { "input became required" } else { "new required input" };
        push(format!("{what}: `{name}`{}", place(after, name)), false, true);
    }
    for name in props0.iter().filter(|n| !props1.contains(n)) {
        push(format!("input removed: `{name}`"), false, true);
    }
    for name in props1.iter().filter(|n| !props0.contains(n) && !req1.contains(n)) {
        push(format!("new optional input: `{name}`{}", place(after, name)), false, false);
    }
    if before.description != after.description {
        push(
            format!(
                "description changed: \"{}\" → \"{}\"",
                super::tools::cut(&super::tools::first_line(&before.description), 60),
                super::tools::cut(&super::tools::first_line(&after.description), 60)
            ),
            false,
            false,
        );
    }
}

/// Required and all input property names.
fn inputs(tool: &ToolFile) -> (Vec<String>, Vec<String>) {
    let names = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
            }
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    };
    (names(tool.input_schema.get("required")), names(tool.input_schema.get("properties")))
}

fn place(tool: &ToolFile, name: &str) -> String {
    match tool.binding.parameters.get(name) {
        Some(p) => format!(" ({})", p.location.as_str()),
        None if tool.binding.body.as_ref().is_some_and(|b| b.property == name) => " (body)".into(),
        None => String::new(),
    }
}

struct Totals {
    added: usize,
    removed: usize,
    changed: usize,
    escalations: usize,
    breaking: usize,
}

fn totals(changes: &[Change]) -> Totals {
    let tools = |kind: Kind| {
        let mut ids: Vec<&str> =
            changes.iter().filter(|c| c.kind == kind).map(|c| c.tool.as_str()).collect();
        ids.dedup();
        ids.len()
    };
    Totals {
        added: tools(Kind::Added),
        removed: tools(Kind::Removed),
        changed: tools(Kind::Changed),
        escalations: changes.iter().filter(|c| c.escalation).count(),
        breaking: changes.iter().filter(|c| c.breaking).count(),
    }
}

fn flags(change: &Change) -> String {
    let mut flags = Vec::new();
    if change.escalation {
        flags.push("escalation");
    }
    if change.breaking {
        flags.push("breaking");
    }
    if flags.is_empty() { String::new() } else { format!("  [{}]", flags.join(", ")) }
}

fn summary(t: &Totals) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} added, {} removed, {} changed; {}, {}",
        t.added,
        t.removed,
        t.changed,
        plural(t.escalations, "risk escalation", "risk escalations"),
        plural(t.breaking, "breaking change", "breaking changes")
    )
}

fn human(args: &DiffArgs, old: &Side, new: &Side, changes: &[Change]) -> String {
    let mut out = format!(
        "{} ({} tools) → {} ({} tools)\n\n",
        args.old,
        old.tools.len(),
        args.new,
        new.tools.len()
    );
    if changes.is_empty() {
        out.push_str("no changes to the tool surface\n");
        return out;
    }
    for change in changes {
        let sign = match change.kind {
            Kind::Added => '+',
            Kind::Removed => '-',
            Kind::Changed => '~',
        };
        out.push_str(&format!("{sign} {}: {}{}\n", change.tool, change.detail, flags(change)));
    }
    out.push_str(&format!("\n{}\n", summary(&totals(changes))));
    out
}

fn markdown(args: &DiffArgs, changes: &[Change]) -> String {
    let t = totals(changes);
    let mut out = String::from("### genaug: tool surface changes\n\n");
    out.push_str(&format!("`{}` → `{}`\n\n", args.old, args.new));
    if changes.is_empty() {
        out.push_str("No changes to the tool surface.\n");
        return out;
    }
    out.push_str(&format!("**{}**\n\n", summary(&t)));
    if t.escalations > 0 || t.breaking > 0 {
        out.push_str("> [!WARNING]\n");
        if t.escalations > 0 {
            out.push_str("> Risk escalations need a reviewer's decision before merging.\n");
        }
        if t.breaking > 0 {
            out.push_str(
                "> Breaking changes affect agents and callers already using these tools.\n",
            );
        }
        out.push('\n');
    }
    out.push_str("| | Tool | Change | Flags |\n|---|---|---|---|\n");
    for change in changes {
        let sign = match change.kind {
            Kind::Added => "➕",
            Kind::Removed => "➖",
            Kind::Changed => "✏️",
        };
        let flags = flags(change).trim().trim_start_matches('[').trim_end_matches(']').to_owned();
        let flags = flags
            .split(", ")
            .filter(|f| !f.is_empty())
            .map(|f| format!("**{f}**"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "| {sign} | `{}` | {} | {flags} |\n",
            change.tool,
            change.detail.replace('|', "\\|")
        ));
    }
    out
}

fn json_report(args: &DiffArgs, old: &Side, new: &Side, changes: &[Change]) -> Value {
    let t = totals(changes);
    json!({
        "old": { "source": args.old, "kind": if old.is_project { "project" } else { "spec" }, "tools": old.tools.len() },
        "new": { "source": args.new, "kind": if new.is_project { "project" } else { "spec" }, "tools": new.tools.len() },
        "summary": {
            "added": t.added,
            "removed": t.removed,
            "changed": t.changed,
            "escalations": t.escalations,
            "breaking": t.breaking,
        },
        "changes": changes.iter().map(|c| json!({
            "tool": c.tool,
            "kind": match c.kind { Kind::Added => "added", Kind::Removed => "removed", Kind::Changed => "changed" },
            "detail": c.detail,
            "escalation": c.escalation,
            "breaking": c.breaking,
        })).collect::<Vec<_>>(),
    })
}
