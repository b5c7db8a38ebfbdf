//! The diagnostic data type. Rules and compilers build these; renderers read them.

use std::collections::HashMap;
use std::sync::Arc;

use genaug_source::{LineCol, SourceError, SourceFile, Span};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A location in a file: a JSON pointer (resolved to a span lazily) and/or an explicit span.
#[derive(Debug, Clone)]
pub struct Label {
    pub file: Arc<SourceFile>,
    /// RFC 6901 pointer of the value this label is about ("" is the document root).
    pub pointer: Option<String>,
    /// Explicit byte span; when absent it is looked up from `pointer` at render time.
    pub span: Option<Span>,
    /// Point at the mapping key rather than the value (unknown keys, renamed ids).
    pub on_key: bool,
    /// Short text shown next to the underline ("allowed here", "renamed from this id").
    pub message: Option<String>,
}

impl Label {
    /// A label on the value at `pointer`.
    pub fn at(file: &Arc<SourceFile>, pointer: impl Into<String>) -> Self {
        Self {
            file: file.clone(),
            pointer: Some(pointer.into()),
            span: None,
            on_key: false,
            message: None,
        }
    }
    /// A label on the mapping key whose value is at `pointer`.
    pub fn at_key(file: &Arc<SourceFile>, pointer: impl Into<String>) -> Self {
        Self { on_key: true, ..Self::at(file, pointer) }
    }
    /// A label on an explicit byte span.
    pub fn span(file: &Arc<SourceFile>, span: Span) -> Self {
        Self { file: file.clone(), pointer: None, span: Some(span), on_key: false, message: None }
    }
    /// A label on the whole file (no position).
    pub fn file(file: &Arc<SourceFile>) -> Self {
        Self { file: file.clone(), pointer: None, span: None, on_key: false, message: None }
    }
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The byte span this label covers, resolving the pointer on first need.
    pub fn resolved_span(&self) -> Option<Span> {
        self.span.or_else(|| {
            let pointer = self.pointer.as_deref()?;
            if self.on_key { self.file.key_span_of(pointer) } else { self.file.span_of(pointer) }
        })
    }

    /// 1-based line/column of the label's start, when it has a position.
    pub fn line_col(&self) -> Option<LineCol> {
        self.resolved_span().map(|s| self.file.line_col(s.start))
    }
}

/// Prepares the positions of every label of `diagnostics` in one go per file
/// ([`SourceFile::prefetch_spans`]), so a few findings in a large file do not pay for indexing
/// all of it.
pub fn prefetch_positions(diagnostics: &[Diagnostic]) {
    prefetch_labels(diagnostics.iter());
}

fn prefetch_labels<'d>(diagnostics: impl Iterator<Item = &'d Diagnostic>) {
    let mut by_file: Vec<(&Arc<SourceFile>, Vec<&str>)> = Vec::new();
    let labels = diagnostics.flat_map(|d| d.primary.iter().chain(&d.secondary));
    for label in labels {
        let Some(pointer) = label.pointer.as_deref() else { continue };
        if label.span.is_some() {
            continue;
        }
        match by_file.iter_mut().find(|(file, _)| Arc::ptr_eq(file, &label.file)) {
            Some((_, pointers)) => pointers.push(pointer),
            None => by_file.push((&label.file, vec![pointer])),
        }
    }
    for (file, pointers) in by_file {
        file.prefetch_spans(pointers);
    }
}

/// One thing genaug has to say: a finding (an expected result of checking) or a failure
/// (genaug could not run). Findings are collected and counted; a failure stops the command.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Stable code (`C101`, `V201`, `P101`, `F004`…); never reused for another meaning.
    pub code: String,
    pub severity: Severity,
    /// The problem, lower case, no trailing period.
    pub message: String,
    /// Where a reviewer must edit. `None` only for problems with no file (an unreachable URL).
    pub primary: Option<Label>,
    /// Related places ("allowed here", "first defined here").
    pub secondary: Vec<Label>,
    /// One concrete action.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            severity,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }
    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }
    pub fn warning(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }
    pub fn info(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Info, message)
    }
    pub fn with_primary(mut self, label: Label) -> Self {
        self.primary = Some(label);
        self
    }
    pub fn with_secondary(mut self, label: Label) -> Self {
        self.secondary.push(label);
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The file name of the primary label, if any.
    pub fn file_name(&self) -> Option<&str> {
        self.primary.as_ref().map(|l| l.file.name())
    }
}

impl From<SourceError> for Diagnostic {
    fn from(error: SourceError) -> Self {
        let mut diagnostic =
            Diagnostic::error(error.code(), error.to_string()).with_help(error.help());
        if let Some((file, span)) = error.location() {
            diagnostic.primary = Some(Label::span(file, span));
        }
        diagnostic
    }
}

/// Sorts diagnostics deterministically: by file name, then position, then code, then message.
/// Positions only order the findings of one file, so they are resolved only in files with more
/// than one (for a YAML file that means indexing it: lint's findings are spread over hundreds).
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    let mut per_file: HashMap<String, usize> = HashMap::new();
    for d in diagnostics.iter() {
        *per_file.entry(d.file_name().unwrap_or("").to_owned()).or_default() += 1;
    }
    let shared = |d: &Diagnostic| per_file.get(d.file_name().unwrap_or("")).is_some_and(|&n| n > 1);
    prefetch_labels(diagnostics.iter().filter(|d| shared(d)));
    diagnostics.sort_by_cached_key(|d| {
        let file = d.file_name().unwrap_or("").to_owned();
        let start = if shared(d) {
            d.primary.as_ref().and_then(|l| l.resolved_span()).map_or(0, |s| s.start)
        } else {
            0
        };
        (file, start, d.code.clone(), d.message.clone())
    });
}
