//! `--format github`: GitHub Actions workflow commands, one per diagnostic and line:
//!
//! ```text
//! ::error file=tools/a.yaml,line=3,col=9,endLine=3,endColumn=20,title=P101::message%0Apolicy.yaml:4:5: allowed here%0Ahelp: …
//! ```
//!
//! `error`, `warning` and `notice` follow the severity. Properties are left out when unknown (no
//! file, or a whole-file location without a position). Secondary locations follow the message
//! as `file:line:column: label` lines, then `help: …`. Data is escaped as the Actions runner
//! expects (`%` → `%25`, CR → `%0D`, LF → `%0A`); property values also escape `:` and `,`.

use std::fmt::Write as _;

use super::Located;
use crate::{Diagnostic, Severity};

pub(crate) fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        line(&mut out, diagnostic);
        out.push('\n');
    }
    out
}

fn line(out: &mut String, diagnostic: &Diagnostic) {
    out.push_str("::");
    out.push_str(match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    });
    out.push(' ');
    if let Some(primary) = diagnostic.primary.as_ref().map(Located::new) {
        property(out, "file", primary.file);
        if let Some((start, end)) = primary.range {
            property(out, "line", &start.line.to_string());
            property(out, "col", &start.column.to_string());
            property(out, "endLine", &end.line.to_string());
            property(out, "endColumn", &end.column.to_string());
        }
    }
    property(out, "title", &diagnostic.code);
    // The last property has no trailing comma.
    out.pop();
    out.push_str("::");

    let mut data = diagnostic.message.clone();
    for label in diagnostic.secondary.iter().map(Located::new) {
        data.push('\n');
        data.push_str(label.file);
        if let Some((start, _)) = label.range {
            let _ = write!(data, ":{}:{}", start.line, start.column);
        }
        if let Some(message) = label.message {
            data.push_str(": ");
            data.push_str(message);
        }
    }
    if let Some(help) = &diagnostic.help {
        data.push_str("\nhelp: ");
        data.push_str(help);
    }
    escape(out, &data, false);
}

/// Appends `key=value,` with the value escaped for a property.
fn property(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push('=');
    escape(out, value, true);
    out.push(',');
}

/// The Actions runner's escaping (`toolkit/packages/core/src/command.ts`): `%`, CR and LF in
/// data; additionally `:` and `,` in property values.
fn escape(out: &mut String, text: &str, in_property: bool) {
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if in_property => out.push_str("%3A"),
            ',' if in_property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
}
