//! `genaug tools show ID`.

use genaug_diagnostics::{Diagnostic, RenderOptions};
use genaug_model::ToolFile;
use serde_json::Value;

use super::ShowArgs;
use super::project::{self, ProjectTool};
use crate::exit_status::ExitStatus;
use crate::output::{self, Output};

pub(super) fn run(args: &ShowArgs, output: &Output) -> ExitStatus {
    let project = match project::open(args.project.project.as_deref()) {
        Ok(project) => project,
        Err(failure) => return project::fail(output, *failure),
    };
    let Some(found) = project.find(&args.id) else {
        return project::fail(output, project::unknown_tool(&project, &args.id));
    };
    let findings = findings_for(found, project.lint().diagnostics);
    let mut text = describe(found);
    text.push('\n');
    if findings.is_empty() {
        text.push_str("Lint findings: none\n");
    } else {
        text.push_str(&format!(
            "Lint findings: {}\n\n",
            genaug_diagnostics::summary_line(&findings)
        ));
        let options = RenderOptions {
            color: output.stdout_color,
            width: output.width,
            tool: output::tool_info(),
        };
        text.push_str(&output::render_human(findings, &options));
    }
    output.out(&text);
    ExitStatus::Success
}

/// The lint findings whose primary location is this tool's file.
pub(crate) fn findings_for(tool: &ProjectTool, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.into_iter().filter(|d| d.file_name() == Some(tool.file.name())).collect()
}

fn describe(found: &ProjectTool) -> String {
    let tool: &ToolFile = &found.tool;
    let mut out = String::new();
    let line = |out: &mut String, label: &str, value: &str| {
        out.push_str(&format!("{label:<12}{value}\n"));
    };
    out.push_str(&format!("{}  ({})\n\n", tool.id, found.file.name()));
    line(&mut out, "operation", &format!("{} {}", tool.operation.method, tool.operation.path));
    if let Some(id) = &tool.operation.operation_id {
        line(&mut out, "operationId", id);
    }
    if !tool.operation.tags.is_empty() {
        line(&mut out, "tags", &tool.operation.tags.join(", "));
    }
    if tool.operation.deprecated {
        line(&mut out, "deprecated", "yes");
    }
    line(&mut out, "enabled", if tool.enabled { "yes" } else { "no" });
    line(
        &mut out,
        "approval",
        if tool.requires_approval { "required for every call" } else { "not required" },
    );
    let mut risk = tool.risk_level.as_str().to_owned();
    if tool.risk_level != tool.risk.generated {
        risk.push_str(&format!(" (generated: {})", tool.risk.generated));
    }
    line(&mut out, "risk", &risk);
    line(&mut out, "why", &tool.risk.reason);
    let pointer = tool.source.pointer.trim_start_matches('#');
    line(&mut out, "source", &format!("{}#{pointer}", tool.source.spec));
    out.push_str("\nDescription\n");
    for l in tool.description.trim_end().lines() {
        out.push_str(&format!("  {l}\n"));
    }

    out.push_str("\nInputs\n");
    let required: Vec<&str> = tool
        .input_schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let properties = tool.input_schema.get("properties").and_then(Value::as_object);
    match properties {
        Some(properties) if !properties.is_empty() => {
            for (name, schema) in properties {
                let place = match tool.binding.parameters.get(name) {
                    Some(p) if p.name == *name => p.location.as_str().to_owned(),
                    Some(p) => format!("{} `{}`", p.location.as_str(), p.name),
                    None if tool.binding.body.as_ref().is_some_and(|b| b.property == *name) => {
                        let body =
                            tool.binding.body.as_ref().map_or("", |b| b.content_type.as_str());
                        format!("body, {body}")
                    }
                    None => "unbound".to_owned(),
                };
                let need = if required.contains(&name.as_str()) { "required" } else { "optional" };
                let mut text = format!("  {name}: {} ({place}, {need})", type_of(schema));
                if let Some(d) = schema.get("description").and_then(Value::as_str) {
                    text.push_str(&format!(" — {}", super::first_line(d)));
                }
                out.push_str(&text);
                out.push('\n');
            }
        }
        _ => out.push_str("  none\n"),
    }

    out.push_str("\nSecurity\n");
    if tool.security.is_empty() {
        out.push_str("  none: the operation needs no credentials\n");
    } else {
        for requirement in &tool.security {
            let schemes: Vec<String> = requirement
                .0
                .iter()
                .map(|(name, scopes)| {
                    if scopes.is_empty() {
                        name.clone()
                    } else {
                        format!("{name} [{}]", scopes.join(", "))
                    }
                })
                .collect();
            let text =
                if schemes.is_empty() { "anonymous".to_owned() } else { schemes.join(" + ") };
            out.push_str(&format!("  {text}\n"));
        }
    }
    out
}

/// A short type for an input schema: `string`, `integer[]`, `object`, `string (enum: a, b)`.
fn type_of(schema: &Value) -> String {
    let base = match schema.get("type") {
        Some(Value::String(t)) if t == "array" => {
            format!("{}[]", schema.get("items").map_or("any".to_owned(), type_of))
        }
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(types)) => {
            types.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" | ")
        }
        _ if schema.get("$ref").is_some() => "object".to_owned(),
        _ if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() => {
            "one of several".to_owned()
        }
        _ => "any".to_owned(),
    };
    match schema.get("enum").and_then(Value::as_array) {
        Some(values) => {
            let values: Vec<String> = values
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect();
            format!("{base} (one of: {})", values.join(", "))
        }
        None => base,
    }
}
