//! `genaug tools list`.

use genaug_model::ToolFile;
use serde_json::json;

use super::project::{self, Project};
use super::{ListArgs, ListFormat, cut, first_line, table_width};
use crate::exit_status::ExitStatus;
use crate::output::Output;

pub(super) fn run(args: &ListArgs, output: &Output) -> ExitStatus {
    let project = match project::open(args.project.project.as_deref()) {
        Ok(project) => project,
        Err(failure) => return project::fail(output, *failure),
    };
    let tools: Vec<&ToolFile> =
        project.tools.iter().map(|t| &t.tool).filter(|t| keeps(args, t)).collect();
    match args.format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> =
                tools.iter().map(|t| row_json(&project, t)).collect();
            let text = serde_json::to_string_pretty(&rows).unwrap_or_default();
            output.out(&format!("{text}\n"));
        }
        ListFormat::Table => output.out(&table(&project, &tools, table_width())),
    }
    ExitStatus::Success
}

fn keeps(args: &ListArgs, tool: &ToolFile) -> bool {
    args.risk.is_none_or(|r| r.level() == tool.risk_level)
        && (!args.enabled || tool.enabled)
        && (!args.disabled || !tool.enabled)
        && (!args.needs_approval || tool.requires_approval)
}

fn row_json(project: &Project, tool: &ToolFile) -> serde_json::Value {
    json!({
        "id": tool.id,
        "method": tool.operation.method.as_upper(),
        "path": tool.operation.path,
        "risk_level": tool.risk_level.as_str(),
        "enabled": tool.enabled,
        "requires_approval": tool.requires_approval,
        "description": tool.description,
        "file": project.show(&format!("{}/{}.yaml", project.manifest.tools_dir, tool.id)),
    })
}

/// Columns other than the description are never cut beyond these widths.
const MAX_ID: usize = 40;
const MAX_PATH: usize = 40;
const MIN_DESCRIPTION: usize = 16;
/// The id and path columns are cut no narrower than this on narrow terminals.
const MIN_CUT: usize = 12;

pub(super) fn table(project: &Project, tools: &[&ToolFile], width: usize) -> String {
    let header = ["ID", "METHOD", "PATH", "RISK", "ENABLED", "APPROVAL", "DESCRIPTION"];
    let rows: Vec<[String; 7]> = tools
        .iter()
        .map(|t| {
            [
                cut(&t.id, MAX_ID),
                t.operation.method.as_upper().to_owned(),
                cut(&t.operation.path, MAX_PATH),
                t.risk_level.as_str().to_owned(),
                if t.enabled { "yes" } else { "no" }.to_owned(),
                if t.requires_approval { "required" } else { "-" }.to_owned(),
                first_line(&t.description),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate().take(6) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    // Narrow terminals: shrink the id and path columns (the wider first) before the description
    // falls below its minimum.
    let fixed = |widths: &[usize]| widths[..6].iter().map(|w| w + 2).sum::<usize>();
    while fixed(&widths) + MIN_DESCRIPTION > width && (widths[0] > MIN_CUT || widths[2] > MIN_CUT) {
        let i = if widths[2] >= widths[0] && widths[2] > MIN_CUT { 2 } else { 0 };
        widths[i] -= 1;
    }
    let description = width.saturating_sub(fixed(&widths)).max(MIN_DESCRIPTION);
    let line = |cells: [&str; 7]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate().take(6) {
            let cell = cut(cell, widths[i]);
            text.push_str(&cell);
            text.push_str(&" ".repeat(widths[i] + 2 - cell.chars().count()));
        }
        text.push_str(&cut(cells[6], description));
        format!("{}\n", text.trim_end())
    };
    let mut out = line(header);
    for row in &rows {
        out.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6]]));
    }
    let enabled = tools.iter().filter(|t| t.enabled).count();
    out.push_str(&format!(
        "\n{} of {} tools shown, {enabled} of them enabled ({})\n",
        tools.len(),
        project.tools.len(),
        project.display
    ));
    out
}
