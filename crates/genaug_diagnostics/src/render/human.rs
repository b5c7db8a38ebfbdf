//! `--format human`: miette's graphical report, one per diagnostic, separated by blank lines.
//!
//! Our [`Diagnostic`] is shown through [`Report`], an adapter implementing
//! [`miette::Diagnostic`]: the code in the header, the severity as miette's (info → advice), the
//! help as the footer. The primary label's file is the report's source: its span is the primary
//! underline, with every secondary label in the same file beside it. Secondary labels in other
//! files become related reports ("Advice: …") with a snippet of their own file. A primary label
//! with no position shows the file name in an empty frame and no snippet.
//!
//! miette reads snippets through [`FileSource`], which borrows the [`SourceFile`] (no copy of
//! the text per diagnostic) and finds lines through the file's cached line index: miette's own
//! `str` source rescans the text from the top for every snippet, which is quadratic over
//! thousands of diagnostics of a large spec.
//! Columns in the `[file:line:column]` header count Unicode scalar values, as every other format
//! does.

use std::borrow::Cow;
use std::fmt;

use genaug_source::{SourceFile, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::RenderOptions;
use crate::{Diagnostic, Label, Severity};

/// Narrower than this and miette's wrapping produces one word per line.
const MIN_WIDTH: usize = 20;

pub(crate) fn render(diagnostics: &[Diagnostic], options: &RenderOptions) -> String {
    let theme =
        if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(options.width.max(MIN_WIDTH))
        .with_break_words(false);
    // For a primary label without a position: name the file, without a made-up `:1:1`.
    let whole_file_handler = handler.clone().without_primary_span_start();

    let mut out = String::new();
    let mut report_text = String::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let report = Report::new(diagnostic);
        let handler = if report.whole_file { &whole_file_handler } else { &handler };
        report_text.clear();
        if handler.render_report(&mut report_text, &report).is_err() {
            // Unreachable with the spans `Report` clamps, but never lose the diagnostic.
            report_text.clear();
            report_text.push_str(&plain(diagnostic));
        }
        for line in report_text.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// The one-line form used if miette fails: `code: message (file)`.
fn plain(diagnostic: &Diagnostic) -> String {
    match diagnostic.file_name() {
        Some(file) => format!("{}: {} ({file})\n", diagnostic.code, diagnostic.message),
        None => format!("{}: {}\n", diagnostic.code, diagnostic.message),
    }
}

/// A [`Diagnostic`] (or one of its related groups) as miette sees it.
struct Report<'a> {
    code: Option<&'a str>,
    severity: miette::Severity,
    message: Cow<'a, str>,
    help: Option<&'a str>,
    source: Option<FileSource<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report<'a>>,
    /// The source is shown as a bare file name (the primary label has no position).
    whole_file: bool,
}

impl<'a> Report<'a> {
    fn new(diagnostic: &'a Diagnostic) -> Self {
        let mut report = Report {
            code: Some(&diagnostic.code),
            severity: match diagnostic.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            message: Cow::Borrowed(&diagnostic.message),
            help: diagnostic.help.as_deref(),
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
            whole_file: false,
        };
        let main_file = diagnostic.primary.as_ref().map(|l| &*l.file);
        if let Some(primary) = &diagnostic.primary {
            report.source =
                Some(FileSource { file: &primary.file, whole_file: false, location: None });
            if let Some(span) = clamped_span(primary) {
                report
                    .labels
                    .push(LabeledSpan::new_primary_with_span(primary.message.clone(), span));
            }
        }

        // Secondary labels: beside the primary when in its file, else grouped per file.
        let mut groups: Vec<(&'a SourceFile, Vec<&'a Label>)> = Vec::new();
        for label in &diagnostic.secondary {
            if let Some(span) = clamped_span(label).filter(|_| same_file(main_file, &label.file)) {
                report.labels.push(LabeledSpan::new_with_span(label.message.clone(), span));
                continue;
            }
            match groups.iter_mut().find(|(file, _)| same_file(Some(file), &label.file)) {
                Some((_, labels)) => labels.push(label),
                None => groups.push((&label.file, vec![label])),
            }
        }
        report.related =
            groups.into_iter().flat_map(|(file, labels)| related(file, labels)).collect();

        if let Some(primary) = &diagnostic.primary
            && let Some(span) = primary.resolved_span()
            && line_len(&primary.file, span.start) > MAX_SNIPPET_LINE
        {
            // A minified document is one huge line: name the position instead of printing it.
            let at = primary.file.line_col(span.start);
            report.labels.clear();
            report.source = Some(FileSource {
                file: &primary.file,
                whole_file: false,
                location: Some(format!("{}:{}:{}", primary.file.name(), at.line, at.column)),
            });
        }
        if report.source.is_some() && report.labels.is_empty() {
            // No position in the primary's file: an empty frame that names the file.
            report.whole_file = true;
            report.source = report.source.map(|s| FileSource { whole_file: true, ..s });
            report.labels.push(LabeledSpan::new_with_span(None, SourceSpan::from((0, 0))));
        }
        report
    }
}

/// The related reports for secondary labels in one other file (or without a position in the
/// main file): one with a snippet for those that have a position, one line for each that has
/// none.
fn related<'a>(file: &'a SourceFile, labels: Vec<&'a Label>) -> Vec<Report<'a>> {
    let mut spans = Vec::new();
    let mut reports = Vec::new();
    for label in &labels {
        match clamped_span(label) {
            Some(span) => spans.push((span, label.message.as_deref())),
            None => reports.push(advice(
                match &label.message {
                    Some(message) => Cow::Owned(format!("{}: {message}", file.name())),
                    None => Cow::Borrowed(file.name()),
                },
                None,
                Vec::new(),
            )),
        }
    }
    if let [(span, message)] = spans[..] {
        // One location: its text is the headline, the underline needs no repeat of it.
        let headline = message.map_or(Cow::Borrowed("related location"), Cow::Borrowed);
        let labels = vec![LabeledSpan::new_with_span(None, span)];
        reports.insert(0, advice(headline, Some(file), labels));
    } else if !spans.is_empty() {
        let labels = spans
            .into_iter()
            .map(|(span, message)| LabeledSpan::new_with_span(message.map(str::to_owned), span))
            .collect();
        reports.insert(0, advice(Cow::Borrowed("related locations"), Some(file), labels));
    }
    reports
}

fn advice<'a>(
    message: Cow<'a, str>,
    file: Option<&'a SourceFile>,
    labels: Vec<LabeledSpan>,
) -> Report<'a> {
    Report {
        code: None,
        severity: miette::Severity::Advice,
        message,
        help: None,
        source: file.map(|file| FileSource { file, whole_file: false, location: None }),
        labels,
        related: Vec::new(),
        whole_file: false,
    }
}

/// The same file, even when loaded twice (same name and length: a span valid in one is valid in
/// the other).
fn same_file(main: Option<&SourceFile>, other: &SourceFile) -> bool {
    main.is_some_and(|main| {
        std::ptr::eq(main, other)
            || (main.name() == other.name() && main.text().len() == other.text().len())
    })
}

/// The label's span, clamped into the text and widened to character boundaries, so miette
/// never reads out of bounds or splits a character.
fn clamped_span(label: &Label) -> Option<SourceSpan> {
    let Span { start, end } = label.resolved_span()?;
    let text = label.file.text();
    let mut start = start.min(text.len());
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Some(SourceSpan::from(start..end))
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("code", &self.code)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|code| Box::new(code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() { None } else { Some(Box::new(self.labels.iter().cloned())) }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
        }
    }
}

/// Lines longer than this are not printed as a snippet (a minified JSON spec is one line).
const MAX_SNIPPET_LINE: usize = 400;

/// Length in bytes of the line holding `offset`.
fn line_len(file: &SourceFile, offset: usize) -> usize {
    file.line_bounds(offset).len()
}

/// A [`SourceFile`] as miette source code, borrowed.
#[derive(Clone)]
struct FileSource<'a> {
    file: &'a SourceFile,
    /// Shown instead of the file name in a frame without text (`file:line:col` of a long line).
    location: Option<String>,
    /// Answer every read with no text at all (the frame then only names the file).
    whole_file: bool,
}

impl SourceCode for FileSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let name = self.location.clone().unwrap_or_else(|| self.file.name().to_owned());
        if self.whole_file {
            let empty = MietteSpanContents::new_named(name, &[], SourceSpan::from((0, 0)), 0, 0, 0);
            return Ok(Box::new(empty));
        }
        let bytes = self.file.text().as_bytes();
        let start = span.offset();
        let end = start + span.len();
        if end > bytes.len() {
            return Err(MietteError::OutOfBounds);
        }
        let line_start =
            |at: usize| bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line_end = |at: usize| {
            bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i + 1)
        };

        // Like miette's own `str` source: with context, whole lines; without, just the span.
        let mut from = start;
        if context_lines_before > 0 {
            from = line_start(start);
            for _ in 0..context_lines_before {
                if from == 0 {
                    break;
                }
                from = line_start(from - 1);
            }
        }
        let mut to = end;
        if context_lines_after > 0 {
            to = line_end(if end > start { end - 1 } else { start });
            for _ in 0..context_lines_after {
                if to >= bytes.len() {
                    break;
                }
                to = line_end(to);
            }
        }

        let line = self.file.line_col(from).line - 1;
        let column =
            if context_lines_before == 0 { self.file.line_col(start).column - 1 } else { 0 };
        let data = &bytes[from..to];
        let line_count = data.iter().filter(|&&b| b == b'\n').count();
        Ok(Box::new(MietteSpanContents::new_named(
            name,
            data,
            SourceSpan::from(from..to),
            line,
            column,
            line_count,
        )))
    }
}
