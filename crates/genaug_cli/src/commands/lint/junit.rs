//! `genaug lint --format junit`: JUnit XML for CI systems that show test reports. One test suite;
//! one test case per checked file (tool files, then the manifest and the policy); a file with
//! error findings has one `<failure>` listing them, lesser findings go to its `<system-out>`.
//! When the policy had errors, the tool files were not checked and are `<skipped>`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use genaug_diagnostics::{Diagnostic, Severity};

/// A file that was given to the linter, by the name diagnostics use.
pub(crate) struct Case {
    pub(crate) name: String,
    /// Not checked (the policy was invalid).
    pub(crate) skipped: bool,
}

/// Renders the report. `diagnostics` are already filtered and sorted; each is attached to the
/// case named like its file, or to a case of its own when no checked file has that name.
pub(crate) fn render(cases: &[Case], diagnostics: &[Diagnostic]) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for diagnostic in diagnostics {
        by_file.entry(diagnostic.file_name().unwrap_or("")).or_default().push(diagnostic);
    }
    let mut all: Vec<(String, bool)> = cases.iter().map(|c| (c.name.clone(), c.skipped)).collect();
    for file in by_file.keys() {
        if !cases.iter().any(|c| c.name == *file) {
            all.push(((*file).to_owned(), false));
        }
    }
    let failed = |name: &str| {
        by_file.get(name).is_some_and(|ds| ds.iter().any(|d| d.severity == Severity::Error))
    };
    let tests = all.len();
    let failures = all.iter().filter(|(name, _)| failed(name)).count();
    let skipped = all.iter().filter(|(name, skipped)| *skipped && !failed(name)).count();
    let counts = format!(r#"tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}""#);

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, r#"<testsuites name="genaug lint" {counts}>"#);
    let _ = writeln!(out, r#"  <testsuite name="genaug lint" {counts}>"#);
    for (name, skipped) in &all {
        let shown = if name.is_empty() { "(no file)" } else { name };
        let _ = write!(out, r#"    <testcase classname="genaug.lint" name="{}""#, escape(shown));
        if !name.is_empty() {
            let _ = write!(out, r#" file="{}""#, escape(name));
        }
        let found = by_file.get(name.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        let errors: Vec<&Diagnostic> =
            found.iter().copied().filter(|d| d.severity == Severity::Error).collect();
        let others: Vec<&Diagnostic> =
            found.iter().copied().filter(|d| d.severity != Severity::Error).collect();
        if errors.is_empty() && others.is_empty() && !skipped {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        if let Some(first) = errors.first() {
            let noun = if errors.len() == 1 { "error" } else { "errors" };
            let text: String = errors.iter().map(|d| line(d)).collect();
            let _ = writeln!(
                out,
                r#"      <failure message="{} {noun}: {}" type="{}">{}</failure>"#,
                errors.len(),
                escape(&first.message),
                escape(&first.code),
                escape(&text)
            );
        } else if *skipped {
            out.push_str(
                "      <skipped message=\"the policy has errors: this file was not checked\"/>\n",
            );
        }
        if !others.is_empty() {
            let text: String = others.iter().map(|d| line(d)).collect();
            let _ = writeln!(out, "      <system-out>{}</system-out>", escape(&text));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// `file:line:column: severity[CODE] message` and the help on the next line.
fn line(diagnostic: &Diagnostic) -> String {
    let file = diagnostic.file_name().unwrap_or("");
    let position = diagnostic
        .primary
        .as_ref()
        .and_then(|label| label.line_col())
        .map_or_else(String::new, |lc| format!(":{}:{}", lc.line, lc.column));
    let mut text = format!(
        "{file}{position}: {}[{}] {}\n",
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    );
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(text, "  help: {help}");
    }
    text
}

/// Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use genaug_diagnostics::Label;
    use genaug_source::SourceFile;

    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape(r#"a<b>&"c'"#), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("x\u{1}y\u{1b}[0m\n"), "xy[0m\n");
    }

    #[test]
    fn failures_skips_and_foreign_files() {
        let file = Arc::new(SourceFile::new("tools/a.yaml", "id: a\nenabled: true\n"));
        let other = Arc::new(SourceFile::new("genaug-policy.yaml", "allow: []\n"));
        let diagnostics = vec![
            Diagnostic::error("P101", "tool `a` <is> enabled")
                .with_primary(Label::at(&file, "/enabled"))
                .with_help("allow it"),
            Diagnostic::warning("Q303", "short").with_primary(Label::at(&file, "/id")),
            Diagnostic::info("P103", "skipped").with_primary(Label::file(&other)),
        ];
        let cases = vec![
            Case { name: "tools/a.yaml".into(), skipped: false },
            Case { name: "tools/b.yaml".into(), skipped: true },
        ];
        let xml = render(&cases, &diagnostics);
        assert!(
            xml.contains(
                r#"<testsuites name="genaug lint" tests="3" failures="1" errors="0" skipped="1">"#
            ),
            "{xml}"
        );
        assert!(xml.contains(r#"<failure message="1 error: tool `a` &lt;is&gt; enabled" type="P101">tools/a.yaml:2:10: error[P101] tool `a` &lt;is&gt; enabled"#), "{xml}");
        assert!(
            xml.contains("<system-out>tools/a.yaml:1:5: warning[Q303] short\n</system-out>"),
            "{xml}"
        );
        assert!(xml.contains(r#"name="tools/b.yaml" file="tools/b.yaml">"#), "{xml}");
        assert!(xml.contains(r#"name="genaug-policy.yaml" file="genaug-policy.yaml">"#), "{xml}");
    }
}
