//! `genaug validate SPEC`: load an OpenAPI document, run every check of
//! [`genaug_openapi::validate`], and report the findings on stdout in the chosen format.
//!
//! Exit 0 when no finding is an error, 1 when some is (whatever `--severity` hides), 2 when the
//! document could not be loaded at all (that failure is rendered for people on stderr; stdout
//! stays empty so a redirected `--format sarif` never holds half a report).

use genaug_diagnostics::{Diagnostic, Format, Severity, ToolInfo};
use genaug_openapi::validate::CHECKS;

use crate::args::{MinSeverity, ReportFormat, ValidateArgs};
use crate::commands::input;
use crate::exit_status::ExitStatus;
use crate::output::{self, Output};

pub(crate) fn run(args: &ValidateArgs, output: &Output) -> ExitStatus {
    let document = match input::load_spec(&args.spec, args.spec_options) {
        Ok(document) => document,
        Err(failure) => {
            output.diagnostics_human(vec![*failure]);
            return ExitStatus::Failure;
        }
    };
    let findings = genaug_openapi::validate(&document);
    let has_errors = findings.iter().any(|d| d.severity == Severity::Error);
    let what = format!("{} (OpenAPI {})", document.root_file().name(), document.version_string());
    crate::common::leave_to_exit(document);
    let text = report(findings, &what, args.format, args.severity, output);
    output.out(&text);
    if has_errors { ExitStatus::Findings } else { ExitStatus::Success }
}

/// The producing tool for SARIF, with every validate check as a rule.
fn tool() -> ToolInfo {
    output::tool_info().with_rules(CHECKS.iter().map(|check| (check.code, check.summary)))
}

/// Filters by `--severity`, sorts and renders. Human output ends with a summary line naming
/// `what` was checked.
fn report(
    mut findings: Vec<Diagnostic>,
    what: &str,
    format: ReportFormat,
    severity: MinSeverity,
    output: &Output,
) -> String {
    let min = output::min_severity(severity);
    let total = findings.len();
    findings.retain(|d| d.severity >= min);
    let hidden = total - findings.len();
    // `genaug_openapi::validate` returns them in `sort_diagnostics` order already (without
    // resolving a position: see `sort_in_json`).
    let options = output.report_options(tool());
    match format {
        ReportFormat::Human => {
            let summary = genaug_diagnostics::summary_line(&findings);
            let mut text = output::render_human(findings, &options);
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push('\n');
            }
            text.push_str(&format!("{what}: {summary}"));
            if hidden > 0 {
                let noun = if hidden == 1 { "finding" } else { "findings" };
                text.push_str(&format!(
                    " ({hidden} less severe {noun} hidden by --severity {})",
                    min.as_str()
                ));
            }
            text.push('\n');
            text
        }
        ReportFormat::Json => genaug_diagnostics::render(&findings, Format::Json, &options),
        ReportFormat::Sarif => genaug_diagnostics::render(&findings, Format::Sarif, &options),
        ReportFormat::Github => genaug_diagnostics::render(&findings, Format::Github, &options),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sarif_rules_are_the_checks() {
        let tool = tool();
        assert_eq!(tool.rules.len(), CHECKS.len());
        assert_eq!(tool.rules[0].0, CHECKS[0].code);
    }
}
