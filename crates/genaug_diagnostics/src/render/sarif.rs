//! `--format sarif`: a SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF
//! viewers.
//!
//! - `tool.driver.rules` lists the rules of [`ToolInfo`] in their order, then every other code
//!   that appears (sorted), so each result's `ruleId`/`ruleIndex` resolves.
//! - `message.text` is the message, followed by `— help: …` when there is help: GitHub shows
//!   only `text` for a result.
//! - The primary label is `locations[0]`: `artifactLocation.uri` is the file name the user gave
//!   (relative, `/`-separated, percent-encoded where a URI needs it), `region` holds 1-based
//!   start and exclusive end lines/columns (`columnKind: unicodeCodePoints`), and the JSON
//!   pointer is a logical location's `fullyQualifiedName`. A whole-file location has no region;
//!   a diagnostic with no file has no location.
//! - Secondary labels are `relatedLocations`; every location carries its label text as `message`.
//!
//! Output is deterministic: no timestamps, absolute paths or hash-map order.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Located, ToolInfo};
use crate::{Diagnostic, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    version: &'a str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Message>,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
    kind: &'static str,
}

pub(crate) fn render(diagnostics: &[Diagnostic], tool: &ToolInfo) -> String {
    let (rules, index_of) = rules(diagnostics, tool);
    let results = diagnostics.iter().map(|d| result(d, index_of[d.code.as_str()])).collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: if tool.name.is_empty() { "genaug" } else { &tool.name },
                    version: &tool.version,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).expect("plain structs serialize");
    out.push('\n');
    out
}

/// The declared rules (first description wins for a repeated code), then the undeclared codes
/// that appear, sorted; and each code's index in that list.
fn rules<'a>(
    diagnostics: &'a [Diagnostic],
    tool: &'a ToolInfo,
) -> (Vec<Rule<'a>>, BTreeMap<&'a str, usize>) {
    let mut rules = Vec::new();
    let mut index_of = BTreeMap::new();
    for (code, description) in &tool.rules {
        if !index_of.contains_key(code.as_str()) {
            index_of.insert(code.as_str(), rules.len());
            rules.push(Rule {
                id: code,
                short_description: Some(Message { text: description.clone() }),
            });
        }
    }
    let undeclared: BTreeSet<&str> = diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .filter(|code| !index_of.contains_key(code))
        .collect();
    for code in undeclared {
        index_of.insert(code, rules.len());
        rules.push(Rule { id: code, short_description: None });
    }
    (rules, index_of)
}

fn result(diagnostic: &Diagnostic, rule_index: usize) -> SarifResult<'_> {
    let text = match &diagnostic.help {
        Some(help) => format!("{} — help: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    SarifResult {
        rule_id: &diagnostic.code,
        rule_index,
        level: match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        },
        message: Message { text },
        locations: diagnostic.primary.iter().map(|l| location(Located::new(l))).collect(),
        related_locations: diagnostic.secondary.iter().map(|l| location(Located::new(l))).collect(),
    }
}

fn location(located: Located<'_>) -> Location<'_> {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: file_uri(located.file) },
            region: located.range.map(|(start, end)| Region {
                start_line: start.line,
                start_column: start.column,
                end_line: end.line,
                end_column: end.column,
            }),
        },
        logical_locations: located
            .pointer
            .map(|pointer| LogicalLocation { fully_qualified_name: pointer, kind: "element" })
            .into_iter()
            .collect(),
        message: located.message.map(|text| Message { text: text.to_owned() }),
    }
}

/// A file name as a URI reference: URLs stay as they are; paths get `/` separators and
/// percent-encoding for every byte a relative reference may not hold literally (`:` included,
/// so a first segment never reads as a scheme).
pub(crate) fn file_uri(name: &str) -> String {
    if name.contains("://") {
        return name.to_owned();
    }
    let mut uri = String::with_capacity(name.len());
    for byte in name.bytes() {
        match byte {
            b'\\' => uri.push('/'),
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => uri.push(char::from(byte)),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}
