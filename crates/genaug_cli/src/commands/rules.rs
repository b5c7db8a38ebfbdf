//! `genaug rules`: every lint rule with its code, name, default severity, scope and summary, as
//! an aligned table or one JSON array.

use std::fmt::Write as _;

use genaug_linter::RuleMeta;

use crate::args::{OutputFormat, RulesArgs};
use crate::exit_status::ExitStatus;
use crate::output::Output;

pub(crate) fn run(args: &RulesArgs, output: &Output) -> ExitStatus {
    let rules = genaug_linter::rules();
    let text = match args.format {
        OutputFormat::Human => table(rules),
        OutputFormat::Json => json(rules),
    };
    output.out(&text);
    ExitStatus::Success
}

fn table(rules: &[RuleMeta]) -> String {
    let header = ["CODE", "NAME", "SEVERITY", "SCOPE", "SUMMARY"];
    let width = |column: fn(&RuleMeta) -> &str, title: &str| {
        rules.iter().map(|r| column(r).chars().count()).max().unwrap_or(0).max(title.len())
    };
    let code = width(|r| r.code, header[0]);
    let name = width(|r| r.name, header[1]);
    let severity = width(|r| r.default_severity.as_str(), header[2]);
    let scope = width(|r| r.scope.as_str(), header[3]);
    let mut out = String::new();
    let mut row = |cells: [&str; 5]| {
        let _ = writeln!(
            out,
            "{:<code$}  {:<name$}  {:<severity$}  {:<scope$}  {}",
            cells[0], cells[1], cells[2], cells[3], cells[4]
        );
    };
    row(header);
    for rule in rules {
        row([
            rule.code,
            rule.name,
            rule.default_severity.as_str(),
            rule.scope.as_str(),
            rule.summary,
        ]);
    }
    out.push_str("\n`genaug explain CODE` prints a rule's documentation; the policy's `rules.severity` changes a severity.\n");
    out
}

fn json(rules: &[RuleMeta]) -> String {
    let list: Vec<serde_json::Value> = rules
        .iter()
        .map(|rule| {
            serde_json::json!({
                "code": rule.code,
                "name": rule.name,
                "family": rule.family.as_str(),
                "severity": rule.default_severity.as_str(),
                "scope": rule.scope.as_str(),
                "summary": rule.summary,
            })
        })
        .collect();
    let value = serde_json::Value::Array(list);
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string()))
}
