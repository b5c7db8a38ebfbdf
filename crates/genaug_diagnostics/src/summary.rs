//! Counting diagnostics by severity, for the last line a command prints and for its exit status.

use crate::{Diagnostic, Severity};

/// How many diagnostics there are of each severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    /// All diagnostics counted.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// Counts `diagnostics` by severity.
pub fn counts(diagnostics: &[Diagnostic]) -> Counts {
    let mut counts = Counts::default();
    for diagnostic in diagnostics {
        match diagnostic.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Info => counts.infos += 1,
        }
    }
    counts
}

/// One line for the end of a report: `2 errors, 1 warning, 3 infos`, leaving out severities
/// that have none, or `no problems` when there is nothing at all.
pub fn summary_line(diagnostics: &[Diagnostic]) -> String {
    let counts = counts(diagnostics);
    let parts: Vec<String> =
        [(counts.errors, "error"), (counts.warnings, "warning"), (counts.infos, "info")]
            .into_iter()
            .filter(|&(n, _)| n > 0)
            .map(|(n, noun)| format!("{n} {noun}{}", if n == 1 { "" } else { "s" }))
            .collect();
    if parts.is_empty() { "no problems".to_owned() } else { parts.join(", ") }
}
