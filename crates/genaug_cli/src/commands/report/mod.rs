//! `genaug report --project P --format markdown|html [--out FILE]`: the reviewer's page of a
//! project. Sections: summary, tools by risk (enabled and approval state), acceptances from
//! `genaug-policy.yaml` with their expiry, lint findings, and the context budget (the size of
//! each enabled tool's function definition as a model sees it, largest first).
//!
//! [`Page`] gathers the facts once; `markdown.rs` and `html.rs` only lay them out.

mod html;
mod markdown;

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use genaug_diagnostics::{Diagnostic, Severity};
use genaug_model::{RiskLevel, ToolFile};
use serde_json::{Value, json};

use super::tools::project::{self, Project};
use super::tools::{ProjectArg, first_line};
use crate::exit_status::ExitStatus;
use crate::output::Output;

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    pub(crate) project: ProjectArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PageFormat::Markdown)]
    pub(crate) format: PageFormat,
    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PageFormat {
    /// GitHub-flavoured Markdown (a PR comment, a wiki page).
    Markdown,
    /// One self-contained HTML file: inline CSS, no scripts, no external resources.
    Html,
}

/// One tool as the page shows it.
pub(crate) struct Row {
    pub(crate) id: String,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) risk: RiskLevel,
    pub(crate) enabled: bool,
    pub(crate) approval: bool,
    pub(crate) description: String,
}

/// One entry of the policy's `accept` list.
pub(crate) struct Acceptance {
    pub(crate) id: String,
    pub(crate) reason: String,
    pub(crate) by: String,
    pub(crate) expires: Option<String>,
    /// `live`, `expired`, or `unknown tool` (no such tool in the project).
    pub(crate) status: &'static str,
}

/// One lint finding.
pub(crate) struct Finding {
    pub(crate) severity: Severity,
    pub(crate) code: String,
    /// `file:line` when located.
    pub(crate) at: String,
    pub(crate) message: String,
}

/// One enabled tool's share of the context window.
pub(crate) struct Budget {
    pub(crate) id: String,
    pub(crate) bytes: usize,
    pub(crate) tokens: usize,
}

/// Everything the page shows.
pub(crate) struct Page {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) spec: String,
    pub(crate) spec_sha256: String,
    pub(crate) generator: String,
    pub(crate) tools: Vec<Row>,
    pub(crate) acceptances: Vec<Acceptance>,
    /// `false` when there is no `genaug-policy.yaml` (built-in defaults).
    pub(crate) has_policy: bool,
    pub(crate) findings: Vec<Finding>,
    /// Largest first.
    pub(crate) budget: Vec<Budget>,
}

impl Page {
    pub(crate) fn count(&self, risk: RiskLevel) -> usize {
        self.tools.iter().filter(|t| t.risk == risk).count()
    }

    pub(crate) fn enabled(&self) -> usize {
        self.tools.iter().filter(|t| t.enabled).count()
    }

    pub(crate) fn approval(&self) -> usize {
        self.tools.iter().filter(|t| t.approval).count()
    }

    pub(crate) fn severity(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    pub(crate) fn budget_bytes(&self) -> usize {
        self.budget.iter().map(|b| b.bytes).sum()
    }

    pub(crate) fn budget_tokens(&self) -> usize {
        self.budget.iter().map(|b| b.tokens).sum()
    }

    /// Tools of one risk level, by id.
    pub(crate) fn at(&self, risk: RiskLevel) -> impl Iterator<Item = &Row> {
        self.tools.iter().filter(move |t| t.risk == risk)
    }
}

/// Risk levels in the order the page lists them.
pub(crate) const RISKS: [RiskLevel; 3] = [RiskLevel::High, RiskLevel::Medium, RiskLevel::Low];

pub(crate) fn run(args: &ReportArgs, output: &Output) -> ExitStatus {
    let project = match project::open(args.project.project.as_deref()) {
        Ok(project) => project,
        Err(failure) => return project::fail(output, *failure),
    };
    let page = page(&project);
    let text = match args.format {
        PageFormat::Markdown => markdown::render(&page),
        PageFormat::Html => html::render(&page),
    };
    match &args.out {
        None => output.out(&text),
        Some(path) => {
            if let Err(failure) = super::deploy::write_out(path, &text) {
                return project::fail(output, *failure);
            }
            output.err(&format!("wrote {}\n", path.display()));
        }
    }
    ExitStatus::Success
}

fn page(project: &Project) -> Page {
    let manifest = &project.manifest;
    let tools = project
        .tools
        .iter()
        .map(|t| Row {
            id: t.tool.id.clone(),
            method: t.tool.operation.method.as_upper().to_owned(),
            path: t.tool.operation.path.clone(),
            risk: t.tool.risk_level,
            enabled: t.tool.enabled,
            approval: t.tool.requires_approval,
            description: first_line(&t.tool.description),
        })
        .collect();
    let mut budget: Vec<Budget> = project
        .tools
        .iter()
        .filter(|t| t.tool.enabled)
        .map(|t| {
            let bytes = definition_bytes(&t.tool);
            Budget { id: t.tool.id.clone(), bytes, tokens: bytes.div_ceil(4) }
        })
        .collect();
    budget.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.id.cmp(&b.id)));
    Page {
        name: manifest.name.clone(),
        description: manifest.description.clone(),
        spec: manifest.spec.source.clone(),
        spec_sha256: manifest.spec.sha256.clone(),
        generator: genaug_model::generator(),
        tools,
        acceptances: acceptances(project),
        has_policy: project.policy.is_some(),
        findings: project.lint().diagnostics.iter().map(finding).collect(),
        budget,
    }
}

/// Bytes of the function definition a model is given for the tool:
/// `{"name", "description", "parameters": input_schema}` as compact JSON.
pub(crate) fn definition_bytes(tool: &ToolFile) -> usize {
    let definition = json!({
        "name": tool.id,
        "description": tool.description,
        "parameters": tool.input_schema,
    });
    serde_json::to_string(&definition).map_or(0, |s| s.len())
}

fn acceptances(project: &Project) -> Vec<Acceptance> {
    let Some(value) = project.policy.as_ref().and_then(|p| p.parse().ok()) else {
        return Vec::new();
    };
    let Some(entries) = value.get("accept").and_then(Value::as_array) else {
        return Vec::new();
    };
    let today = project::today();
    let text = |entry: &Value, key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut out: Vec<Acceptance> = entries
        .iter()
        .filter_map(|entry| {
            let id = text(entry, "id")?;
            let expires = text(entry, "expires");
            let status = if project.find(&id).is_none() {
                "unknown tool"
            } else {
                match &expires {
                    None => "live",
                    Some(date) => match genaug_linter::Date::parse(date) {
                        Some(date) if date >= today => "live",
                        _ => "expired",
                    },
                }
            };
            Some(Acceptance {
                reason: text(entry, "reason").unwrap_or_default(),
                by: text(entry, "by").unwrap_or_default(),
                id,
                expires,
                status,
            })
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn finding(diagnostic: &Diagnostic) -> Finding {
    let at = diagnostic.primary.as_ref().map_or_else(String::new, |label| match label.line_col() {
        Some(lc) => format!("{}:{}", label.file.name(), lc.line),
        None => label.file.name().to_owned(),
    });
    Finding {
        severity: diagnostic.severity,
        code: diagnostic.code.clone(),
        at,
        message: diagnostic.message.clone(),
    }
}

/// `1234567` → `1,234,567`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
