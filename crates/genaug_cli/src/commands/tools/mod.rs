//! `genaug tools list|show|toggle`: the reviewer's view of a project's tools, and the one edit
//! reviewers make most (enabling or disabling a tool) done without touching any other byte.

mod list;
pub(crate) mod project;
mod show;
mod toggle;

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::exit_status::ExitStatus;
use crate::output::Output;

/// `genaug tools …`.
#[derive(Debug, Args)]
pub(crate) struct ToolsArgs {
    #[command(subcommand)]
    pub(crate) command: ToolsCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ToolsCommand {
    /// List the project's tools: id, method, path, risk, enabled, approval, description.
    List(ListArgs),
    /// Show one tool: operation, risk decision, inputs and where they go, security, and its lint
    /// findings.
    Show(ShowArgs),
    /// Enable or disable one tool, changing only that value in its file.
    Toggle(ToggleArgs),
}

/// `--project`, shared by the review commands.
#[derive(Debug, Clone, Args)]
pub(crate) struct ProjectArg {
    /// The project: its folder or its `genaug-agent.yaml` [default: the current folder].
    #[arg(long, value_name = "PATH")]
    pub(crate) project: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    /// A table cut to the terminal width (`COLUMNS`, else 100 columns).
    Table,
    /// One JSON array on stdout, every field uncut.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RiskArg {
    Low,
    Medium,
    High,
}

impl RiskArg {
    pub(crate) fn level(self) -> genaug_model::RiskLevel {
        match self {
            RiskArg::Low => genaug_model::RiskLevel::Low,
            RiskArg::Medium => genaug_model::RiskLevel::Medium,
            RiskArg::High => genaug_model::RiskLevel::High,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) project: ProjectArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub(crate) format: ListFormat,
    /// Only tools whose `risk_level` is this.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) risk: Option<RiskArg>,
    /// Only enabled tools.
    #[arg(long, conflicts_with = "disabled")]
    pub(crate) enabled: bool,
    /// Only disabled tools.
    #[arg(long)]
    pub(crate) disabled: bool,
    /// Only tools whose every call a person approves (`requires_approval: true`).
    #[arg(long)]
    pub(crate) needs_approval: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The tool id (its file name without `.yaml`).
    #[arg(value_name = "ID")]
    pub(crate) id: String,
    #[command(flatten)]
    pub(crate) project: ProjectArg,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("state").required(true).args(["enable", "disable"])))]
pub(crate) struct ToggleArgs {
    /// The tool id (its file name without `.yaml`).
    #[arg(value_name = "ID")]
    pub(crate) id: String,
    #[command(flatten)]
    pub(crate) project: ProjectArg,
    /// Set `enabled: true`.
    #[arg(long)]
    pub(crate) enable: bool,
    /// Set `enabled: false`.
    #[arg(long)]
    pub(crate) disable: bool,
    /// Why this high-risk tool may be enabled; recorded as an acceptance in
    /// `genaug-policy.yaml` next to the manifest (required to enable a high-risk tool that has no
    /// live acceptance).
    #[arg(long, value_name = "REASON", requires = "enable")]
    pub(crate) accept: Option<String>,
    /// Last day the acceptance holds, `YYYY-MM-DD` (inclusive) [default: no expiry].
    #[arg(long, value_name = "DATE", requires = "accept")]
    pub(crate) expires: Option<String>,
    /// Who accepts [default: `git config user.name`, else `$USER`].
    #[arg(long, value_name = "NAME", requires = "accept")]
    pub(crate) by: Option<String>,
}

pub(crate) fn run(args: &ToolsArgs, output: &Output) -> ExitStatus {
    match &args.command {
        ToolsCommand::List(args) => list::run(args, output),
        ToolsCommand::Show(args) => show::run(args, output),
        ToolsCommand::Toggle(args) => toggle::run(args, output),
    }
}

/// The first line of a description, whitespace collapsed.
pub(crate) fn first_line(text: &str) -> String {
    text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_owned()
}

/// `text` cut to `width` characters, ending with `…` when cut.
pub(crate) fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// The width a table on stdout may use: `COLUMNS` when set to something sensible, else 100.
pub(crate) fn table_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|w| (40..=400).contains(w))
        .unwrap_or(100)
}
