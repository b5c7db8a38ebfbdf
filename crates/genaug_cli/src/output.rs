//! Where output goes and how it looks: the two streams, colour selection (`--color`, `NO_COLOR`,
//! terminals), and diagnostics rendered through `genaug_diagnostics`.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use genaug_diagnostics::{Diagnostic, Format, RenderOptions, Severity, ToolInfo};

use crate::args::{ColorChoice, MinSeverity};

/// Human output shows at most this many diagnostics of one code; JSON shows all.
pub(crate) const MAX_PER_CODE: usize = 20;

/// Width used for human diagnostics when it cannot be taken from the terminal.
const DEFAULT_WIDTH: usize = 100;

/// The process's output streams and how to format for them.
#[derive(Debug, Clone)]
pub(crate) struct Output {
    pub(crate) stdout_color: bool,
    pub(crate) stderr_color: bool,
    pub(crate) stderr_is_terminal: bool,
    pub(crate) width: usize,
}

impl Output {
    pub(crate) fn new(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let stdout_terminal = std::io::stdout().is_terminal();
        let stderr_terminal = std::io::stderr().is_terminal();
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<usize>().ok())
            .filter(|w| (40..=400).contains(w) && stderr_terminal)
            .unwrap_or(DEFAULT_WIDTH);
        Self {
            stdout_color: use_color(choice, stdout_terminal, no_color),
            stderr_color: use_color(choice, stderr_terminal, no_color),
            stderr_is_terminal: stderr_terminal,
            width,
        }
    }

    /// Writes to stdout. A closed pipe (`genaug … | head`) is not an error worth reporting.
    pub(crate) fn out(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
    }

    /// Writes to stderr.
    pub(crate) fn err(&self, text: &str) {
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(text.as_bytes()).and_then(|()| stderr.flush());
    }

    /// Options for rendering diagnostics to stderr.
    pub(crate) fn render_options(&self) -> RenderOptions {
        RenderOptions { color: self.stderr_color, width: self.width, tool: tool_info() }
    }

    /// Options for rendering a report of diagnostics to stdout (`validate`, `lint`): stdout's
    /// colour, and `tool` for SARIF.
    pub(crate) fn report_options(&self, tool: ToolInfo) -> RenderOptions {
        RenderOptions { color: self.stdout_color, width: self.width, tool }
    }

    /// Renders diagnostics for people (sorted; at most [`MAX_PER_CODE`] per code, then one line
    /// per code saying how many were left out) and writes them to stderr.
    pub(crate) fn diagnostics_human(&self, diagnostics: Vec<Diagnostic>) {
        let text = render_human(diagnostics, &self.render_options());
        if !text.is_empty() {
            self.err(&text);
        }
    }
}

/// `--color`: `always`/`never` decide; `auto` colours a terminal unless `NO_COLOR` is set.
pub(crate) fn use_color(choice: ColorChoice, is_terminal: bool, no_color: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && !no_color,
    }
}

/// `--severity`: the least severe findings shown.
pub(crate) fn min_severity(choice: MinSeverity) -> Severity {
    match choice {
        MinSeverity::Error => Severity::Error,
        MinSeverity::Warning => Severity::Warning,
        MinSeverity::Info => Severity::Info,
    }
}

/// The producing tool, for SARIF.
pub(crate) fn tool_info() -> ToolInfo {
    ToolInfo { name: "genaug".into(), version: env!("CARGO_PKG_VERSION").into(), rules: Vec::new() }
}

/// Truncates per code (keeping the first of each code in the given order, which every command
/// produces in document order), sorts what is shown and renders it for people. Positions are
/// looked up only for the diagnostics shown.
pub(crate) fn render_human(diagnostics: Vec<Diagnostic>, options: &RenderOptions) -> String {
    let (mut shown, left_out) = truncate_per_code(diagnostics, MAX_PER_CODE);
    genaug_diagnostics::sort_diagnostics(&mut shown);
    let mut text = genaug_diagnostics::render(&shown, Format::Human, options);
    for more in left_out {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&more.line());
        text.push('\n');
    }
    text
}

/// Every diagnostic as the JSON renderer's value (sorted), for embedding in a JSON report.
pub(crate) fn diagnostics_json(mut diagnostics: Vec<Diagnostic>) -> serde_json::Value {
    genaug_diagnostics::sort_diagnostics(&mut diagnostics);
    let options = RenderOptions { color: false, width: DEFAULT_WIDTH, tool: tool_info() };
    let text = genaug_diagnostics::render(&diagnostics, Format::Json, &options);
    if text.trim().is_empty() && diagnostics.is_empty() {
        return serde_json::Value::Array(Vec::new());
    }
    // The renderer's output is JSON by contract; keep it verbatim if it ever is not.
    serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
}

/// Diagnostics of one code left out of human output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LeftOut {
    pub(crate) code: String,
    pub(crate) severity: Severity,
    pub(crate) count: usize,
}

impl LeftOut {
    pub(crate) fn line(&self) -> String {
        let noun = match (self.severity, self.count) {
            (Severity::Error, 1) => "error",
            (Severity::Error, _) => "errors",
            (Severity::Warning, 1) => "warning",
            (Severity::Warning, _) => "warnings",
            (Severity::Info, 1) => "info",
            (Severity::Info, _) => "infos",
        };
        format!("… and {} more {} {noun} (use --format json to see all)", self.count, self.code)
    }
}

/// Keeps the first `limit` diagnostics of each code (in the given order); counts the rest.
pub(crate) fn truncate_per_code(
    diagnostics: Vec<Diagnostic>,
    limit: usize,
) -> (Vec<Diagnostic>, Vec<LeftOut>) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut left_out: BTreeMap<String, LeftOut> = BTreeMap::new();
    let mut shown = Vec::with_capacity(diagnostics.len().min(limit * 8));
    for diagnostic in diagnostics {
        let count = seen.entry(diagnostic.code.clone()).or_default();
        *count += 1;
        if *count <= limit {
            shown.push(diagnostic);
        } else {
            let entry = left_out.entry(diagnostic.code.clone()).or_insert(LeftOut {
                code: diagnostic.code.clone(),
                severity: diagnostic.severity,
                count: 0,
            });
            entry.count += 1;
            entry.severity = entry.severity.max(diagnostic.severity);
        }
    }
    (shown, left_out.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_choice() {
        assert!(use_color(ColorChoice::Always, false, true));
        assert!(!use_color(ColorChoice::Never, true, false));
        assert!(use_color(ColorChoice::Auto, true, false));
        assert!(!use_color(ColorChoice::Auto, true, true), "NO_COLOR wins over a terminal");
        assert!(!use_color(ColorChoice::Auto, false, false), "pipes get no colour");
    }

    #[test]
    fn truncation_keeps_twenty_of_each_code_in_order() {
        let mut diagnostics = Vec::new();
        for i in 0..25 {
            diagnostics.push(Diagnostic::warning("C101", format!("renamed {i}")));
        }
        diagnostics.push(Diagnostic::info("C102", "only one"));
        let (shown, left_out) = truncate_per_code(diagnostics, 20);
        assert_eq!(shown.len(), 21);
        assert_eq!(shown[19].message, "renamed 19");
        assert_eq!(shown[20].code, "C102");
        assert_eq!(
            left_out,
            vec![LeftOut { code: "C101".into(), severity: Severity::Warning, count: 5 }]
        );
        assert_eq!(left_out[0].line(), "… and 5 more C101 warnings (use --format json to see all)");
    }

    #[test]
    fn no_truncation_at_the_limit() {
        let diagnostics: Vec<_> =
            (0..20).map(|i| Diagnostic::warning("C101", format!("{i}"))).collect();
        let (shown, left_out) = truncate_per_code(diagnostics, 20);
        assert_eq!(shown.len(), 20);
        assert!(left_out.is_empty());
    }

    #[test]
    fn human_rendering_ends_with_the_left_out_lines() {
        let diagnostics: Vec<_> =
            (0..23).map(|i| Diagnostic::warning("C101", format!("renamed {i}"))).collect();
        let options = RenderOptions { color: false, width: 100, tool: tool_info() };
        let text = render_human(diagnostics, &options);
        assert!(
            text.ends_with("… and 3 more C101 warnings (use --format json to see all)\n"),
            "{text}"
        );
    }
}
