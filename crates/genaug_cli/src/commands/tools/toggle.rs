//! `genaug tools toggle ID --enable|--disable`: rewrites only the `enabled` value of one tool
//! file (every other byte survives, checked by re-parsing), and for a high-risk tool records the
//! reviewer's acceptance in `genaug-policy.yaml` the same way.

use std::path::Path;

use genaug_diagnostics::{Diagnostic, Label};
use genaug_linter::Date;
use genaug_model::RiskLevel;
use genaug_source::SourceFile;
use serde_json::{Map, Value};

use super::ToggleArgs;
use super::project::{self, POLICY, Project, ProjectTool};
use crate::codes;
use crate::exit_status::ExitStatus;
use crate::output::Output;

pub(super) fn run(args: &ToggleArgs, output: &Output) -> ExitStatus {
    match toggle(args) {
        Ok(text) => {
            output.out(&text);
            ExitStatus::Success
        }
        Err(failure) => project::fail(output, *failure),
    }
}

/// An acceptance already in the policy.
struct Existing {
    index: usize,
    by: String,
    expires: Option<String>,
    live: bool,
}

fn toggle(args: &ToggleArgs) -> Result<String, Box<Diagnostic>> {
    let project = project::open(args.project.project.as_deref())?;
    let found = project
        .find(&args.id)
        .ok_or_else(|| Box::new(project::unknown_tool(&project, &args.id)))?;
    let tool = &found.tool;
    let enable = args.enable;
    let high = project::effective_risk(tool) == RiskLevel::High;
    let today = project::today();
    let policy_name = project.show(POLICY);
    let mut messages = Vec::new();

    let mut policy_text = None;
    if let Some(reason) = &args.accept {
        if !high {
            return Err(Box::new(
                refusal(format!(
                    "`{}` is not a high-risk tool ({} risk): it needs no acceptance",
                    tool.id, tool.risk_level
                ))
                .with_help("enable it without `--accept`"),
            ));
        }
        let (text, message) = record_acceptance(&project, found, reason, args, today)?;
        policy_text = Some(text);
        messages.push(message);
    } else if enable && high && !tool.enabled {
        let existing = existing_acceptance(&project, &tool.id, today);
        match existing {
            Some(e) if e.live => messages.push(format!(
                "`{}` is accepted by {}{} in {policy_name}",
                tool.id,
                e.by,
                e.expires.map(|d| format!(" until {d}")).unwrap_or_default()
            )),
            other => {
                let why = match other {
                    Some(Existing { expires: Some(date), .. }) => {
                        format!("its acceptance in {policy_name} expired on {date}")
                    }
                    _ => format!("{policy_name} has no acceptance for it"),
                };
                return Err(Box::new(
                    Diagnostic::error(
                        codes::NEEDS_ACCEPTANCE,
                        format!(
                            "refusing to enable `{}`: it is a high-risk tool and {why}",
                            tool.id
                        ),
                    )
                    .with_primary(
                        Label::at(&found.file, "/risk_level")
                            .with_message(format!("{} risk", project::effective_risk(tool))),
                    )
                    .with_help(format!(
                        "record who accepts the risk and why: `genaug tools toggle {} --enable --accept \"<reason>\" [--expires YYYY-MM-DD] [--by NAME]`",
                        tool.id
                    )),
                ));
            }
        }
    }

    let tool_text = if tool.enabled == enable {
        messages.insert(
            0,
            format!(
                "`{}` is already {}; {} unchanged",
                tool.id,
                if enable { "enabled" } else { "disabled" },
                found.file.name()
            ),
        );
        None
    } else {
        let value = if enable { "true" } else { "false" };
        let text =
            genaug_source::replace_value(&found.file, "/enabled", value).map_err(edit_failure)?;
        messages.insert(
            0,
            format!(
                "{} `{}` ({})",
                if enable { "enabled" } else { "disabled" },
                tool.id,
                found.file.name()
            ),
        );
        Some(text)
    };

    // The policy first: a tool is never left enabled without the acceptance that allows it.
    if let Some(text) = policy_text {
        write_atomic(&project.policy_path(), &text, &policy_name)?;
    }
    if let Some(text) = tool_text {
        write_atomic(&found.path, &text, found.file.name())?;
    }
    Ok(messages.iter().map(|m| format!("{m}\n")).collect())
}

fn refusal(message: String) -> Diagnostic {
    Diagnostic::error(codes::INVALID_REVIEW_INPUT, message)
}

fn edit_failure(error: genaug_source::EditError) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(codes::UNSAFE_EDIT, error.to_string())
            .with_help("make the change by hand; nothing was written"),
    )
}

fn existing_acceptance(project: &Project, id: &str, today: Date) -> Option<Existing> {
    let policy = project.policy.as_ref()?;
    let value = policy.parse().ok()?;
    let entries = value.get("accept")?.as_array()?;
    let index = entries.iter().position(|e| e.get("id").and_then(Value::as_str) == Some(id))?;
    let entry = &entries[index];
    let expires = entry.get("expires").and_then(Value::as_str).map(str::to_owned);
    let live = match &expires {
        None => true,
        Some(text) => Date::parse(text).is_some_and(|d| d >= today),
    };
    let by = entry.get("by").and_then(Value::as_str).unwrap_or("someone").to_owned();
    Some(Existing { index, by, expires, live })
}

/// The policy's new text with the acceptance recorded (a new entry, or the tool's existing entry
/// renewed), and the line to print.
fn record_acceptance(
    project: &Project,
    found: &ProjectTool,
    reason: &str,
    args: &ToggleArgs,
    today: Date,
) -> Result<(String, String), Box<Diagnostic>> {
    let id = &found.tool.id;
    if reason.trim().is_empty() {
        return Err(Box::new(refusal("`--accept` needs a reason".into()).with_help(
            "say why the agent may use this tool, e.g. `--accept \"cleanup agent removes scratch data\"`",
        )));
    }
    if let Some(text) = &args.expires {
        let Some(date) = Date::parse(text) else {
            return Err(Box::new(
                refusal(format!("`--expires {text}` is not a date"))
                    .with_help("write the last day the acceptance holds as YYYY-MM-DD"),
            ));
        };
        if date < today {
            return Err(Box::new(
                refusal(format!("`--expires {text}` is in the past"))
                    .with_help("choose a day from today on"),
            ));
        }
    }
    let by = accepted_by(args.by.as_deref(), &project.dir)?;
    let policy_name = project.show(POLICY);
    let (file, created) = match &project.policy {
        Some(file) => (file.clone(), false),
        None => (
            std::sync::Arc::new(SourceFile::new(
                policy_name.clone(),
                genaug_linter::init_template(),
            )),
            true,
        ),
    };

    let text = match existing_acceptance(project, id, today) {
        Some(existing) => {
            let base = format!("/accept/{}", existing.index);
            let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
            let mut text =
                genaug_source::replace_value(&file, &format!("{base}/reason"), &quote(reason))
                    .map_err(edit_failure)?;
            text = replace_in(&policy_name, &text, &format!("{base}/by"), &quote(&by))?;
            match (&existing.expires, &args.expires) {
                (Some(_), Some(date)) => {
                    text =
                        replace_in(&policy_name, &text, &format!("{base}/expires"), &quote(date))?;
                }
                (Some(old), None) if !existing.live => {
                    return Err(Box::new(
                        refusal(format!(
                            "the acceptance of `{id}` in {policy_name} expired on {old}"
                        ))
                        .with_help("renew it with `--expires YYYY-MM-DD`"),
                    ));
                }
                (None, Some(_)) => {
                    return Err(Box::new(
                        refusal(format!(
                            "the acceptance of `{id}` in {policy_name} has no `expires` key to set"
                        ))
                        .with_help("add `expires: YYYY-MM-DD` to that entry by hand, or leave out `--expires`"),
                    ));
                }
                _ => {}
            }
            text
        }
        None => {
            let mut entry = Map::new();
            entry.insert("id".into(), Value::from(id.as_str()));
            entry.insert("reason".into(), Value::from(reason));
            entry.insert("by".into(), Value::from(by.as_str()));
            if let Some(date) = &args.expires {
                entry.insert("expires".into(), Value::from(date.as_str()));
            }
            genaug_source::append_to_sequence(&file, "/accept", &Value::Object(entry))
                .map_err(edit_failure)?
        }
    };
    let until = args.expires.as_ref().map(|d| format!(" until {d}")).unwrap_or_default();
    let message = if created {
        format!(
            "created {policy_name} from the starter policy and recorded the acceptance of `{id}` by {by}{until}"
        )
    } else {
        format!("recorded the acceptance of `{id}` by {by}{until} in {policy_name}")
    };
    Ok((text, message))
}

fn replace_in(
    name: &str,
    text: &str,
    pointer: &str,
    value: &str,
) -> Result<String, Box<Diagnostic>> {
    genaug_source::replace_value(&SourceFile::new(name, text), pointer, value).map_err(edit_failure)
}

/// `--by`, else `git config user.name` in the project, else `$USER`.
fn accepted_by(given: Option<&str>, dir: &Path) -> Result<String, Box<Diagnostic>> {
    let from_git = || {
        std::process::Command::new("git")
            .args(["config", "user.name"])
            .current_dir(dir)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let name = match given {
        Some(name) => Some(name.trim().to_owned()),
        None => from_git()
            .filter(|n| !n.is_empty())
            .or_else(|| std::env::var("USER").ok().map(|u| u.trim().to_owned())),
    };
    match name.filter(|n| !n.is_empty()) {
        Some(name) => Ok(name),
        None => Err(Box::new(
            refusal("no name for the acceptance".into())
                .with_help("pass `--by NAME` (or set `git config user.name`)"),
        )),
    }
}

/// Writes `text` next to `path` and renames it over `path`, so a reader never sees half a file.
fn write_atomic(path: &Path, text: &str, name: &str) -> Result<(), Box<Diagnostic>> {
    let failure = |error: std::io::Error| {
        Box::new(Diagnostic::error(codes::WRITE_PROJECT, format!("cannot write `{name}`: {error}")))
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{file_name}.genaug-{}", std::process::id()));
    std::fs::write(&temp, text).map_err(failure)?;
    std::fs::rename(&temp, path).map_err(|error| {
        let _ = std::fs::remove_file(&temp);
        failure(error)
    })
}
