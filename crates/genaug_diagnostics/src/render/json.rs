//! `--format json`: one stable object per diagnostic, in a pretty-printed array.
//!
//! The format is a public contract, documented on [`crate::Format::Json`].

use serde::Serialize;

use super::Located;
use crate::Diagnostic;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    pointer: Option<&'a str>,
    help: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    pointer: Option<&'a str>,
    message: Option<&'a str>,
}

impl<'a> JsonLabel<'a> {
    fn new(located: Located<'a>) -> Self {
        let (start, end) = located.range.unzip();
        JsonLabel {
            file: located.file,
            line: start.map(|p| p.line),
            column: start.map(|p| p.column),
            end_line: end.map(|p| p.line),
            end_column: end.map(|p| p.column),
            pointer: located.pointer,
            message: located.message,
        }
    }
}

pub(crate) fn render(diagnostics: &[Diagnostic]) -> String {
    let objects: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| {
            let primary = d.primary.as_ref().map(|l| JsonLabel::new(Located::new(l)));
            JsonDiagnostic {
                code: &d.code,
                severity: d.severity.as_str(),
                message: &d.message,
                file: primary.as_ref().map(|p| p.file),
                line: primary.as_ref().and_then(|p| p.line),
                column: primary.as_ref().and_then(|p| p.column),
                end_line: primary.as_ref().and_then(|p| p.end_line),
                end_column: primary.as_ref().and_then(|p| p.end_column),
                pointer: primary.as_ref().and_then(|p| p.pointer),
                help: d.help.as_deref(),
                labels: d.secondary.iter().map(|l| JsonLabel::new(Located::new(l))).collect(),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&objects).expect("plain structs serialize");
    out.push('\n');
    out
}
