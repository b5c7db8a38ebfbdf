//! The renderers: one entry point, [`render`], and one module per [`Format`].
//!
//! Every renderer shows the diagnostics in the order given (callers sort them first with
//! [`crate::sort_diagnostics`]) and computes positions here, from each label's span or pointer.
//! Lines and columns are 1-based; columns count Unicode scalar values (SARIF's
//! `unicodeCodePoints`), so a column does not depend on how many bytes the text before it takes.

mod github;
mod human;
mod json;
mod sarif;

use genaug_source::LineCol;

use crate::{Diagnostic, Label};

/// Output formats shared by every command that reports diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// miette's graphical report with source snippets; secondary labels in other files are shown
    /// as related "Advice" reports with their own snippet. Not a stable format: for people only.
    Human,
    /// One stable JSON object per diagnostic, in an array.
    ///
    /// This is a public contract: scripts and CI read it. Fields are only ever added, never renamed
    /// or removed, and unknown values are `null` rather than missing. The array is in the order the
    /// diagnostics were given (the CLI sorts them by file, position, code), and ends with a newline.
    ///
    /// ```json
    /// [
    ///   {
    ///     "code": "P101",
    ///     "severity": "error",
    ///     "message": "tool `delete_pet` calls a host the policy does not allow",
    ///     "file": "tools/delete_pet.yaml",
    ///     "line": 7,
    ///     "column": 9,
    ///     "end_line": 7,
    ///     "end_column": 32,
    ///     "pointer": "/http/url",
    ///     "help": "add `api.example.com` to `allow.hosts` in policy.yaml",
    ///     "labels": [
    ///       {
    ///         "file": "policy.yaml",
    ///         "line": 3,
    ///         "column": 5,
    ///         "end_line": 3,
    ///         "end_column": 20,
    ///         "pointer": "/allow/hosts/0",
    ///         "message": "allowed hosts are listed here"
    ///       }
    ///     ]
    ///   }
    /// ]
    /// ```
    ///
    /// | field | type | meaning |
    /// |---|---|---|
    /// | `code` | string | stable diagnostic code; never reused for another meaning |
    /// | `severity` | `"error"` \| `"warning"` \| `"info"` | only `error` fails a run |
    /// | `message` | string | the problem, lower case, no trailing period |
    /// | `file` | string \| null | file of the primary location as the user named it (relative path, URL or `<stdin>`); `null` when the problem has no file |
    /// | `line`, `column` | integer \| null | 1-based start of the primary location; `null` when it has no position (a whole-file finding) |
    /// | `end_line`, `end_column` | integer \| null | 1-based end of the primary location, **exclusive**: the position just after its last character (as SARIF's `endLine`/`endColumn`) |
    /// | `pointer` | string \| null | RFC 6901 JSON pointer of the value the primary location is about (`""` is the whole document); `null` when the location is only a span |
    /// | `help` | string \| null | one concrete action |
    /// | `labels` | array | secondary locations ("allowed here", "first defined here"), possibly in other files, with the same position fields as above and `message` (string \| null) |
    ///
    /// Columns count Unicode scalar values, not bytes: `é` is one column.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning): one run; `tool.driver.rules` lists
    /// [`ToolInfo::rules`] then any other code that appears; each result has `ruleId`, `level`
    /// (`error`/`warning`/`note`), `message.text` (the message, then `— help: …`), the primary
    /// label as `locations[0]` (file name as a relative URI, a region with 1-based start and
    /// exclusive end in Unicode code points, the JSON pointer as a logical location) and the
    /// secondary labels as `relatedLocations`. A diagnostic with no file has no location, which
    /// GitHub code scanning refuses: report failures some other way.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…,endLine=…,endColumn=…,
    /// title=CODE::message`), one per line: `error`, `warning` or `notice`; secondary locations
    /// and the help follow the message on lines of their own (escaped as `%0A`).
    Github,
}

/// How to render.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// ANSI colours (off for pipes, `NO_COLOR`, and snapshots).
    pub color: bool,
    /// Wrap width for human output.
    pub width: usize,
    /// Describes the tool for SARIF's `tool.driver`.
    pub tool: ToolInfo,
}

impl RenderOptions {
    /// Width used by [`RenderOptions::new`] and `Default`: what the CLI uses when the output is
    /// not a terminal, and what snapshots use.
    pub const DEFAULT_WIDTH: usize = 100;

    /// No colour, [`RenderOptions::DEFAULT_WIDTH`] columns, and the given tool description:
    /// the settings for pipes, files and snapshots. Set `color`/`width` for a terminal.
    pub fn new(tool: ToolInfo) -> Self {
        Self { color: false, width: Self::DEFAULT_WIDTH, tool }
    }

    /// Sets `color`.
    pub fn with_color(mut self, color: bool) -> Self {
        self.color = color;
        self
    }

    /// Sets `width` (human output treats anything below 20 as 20, so wrapping stays readable).
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width;
        self
    }
}

impl Default for RenderOptions {
    /// [`RenderOptions::new`] with an empty [`ToolInfo`].
    fn default() -> Self {
        Self::new(ToolInfo::default())
    }
}

/// The producing tool and the rules it knows, for SARIF.
#[derive(Debug, Clone, Default)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
    /// (code, short description) of every rule that may appear.
    pub rules: Vec<(String, String)>,
}

impl ToolInfo {
    /// A tool with no rules listed (codes that appear are still declared in SARIF).
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        Self { name: name.into(), version: version.into(), rules: Vec::new() }
    }

    /// Adds the rules a run may report, as (code, short description).
    pub fn with_rules<C, D>(mut self, rules: impl IntoIterator<Item = (C, D)>) -> Self
    where
        C: Into<String>,
        D: Into<String>,
    {
        self.rules.extend(rules.into_iter().map(|(c, d)| (c.into(), d.into())));
        self
    }
}

/// Renders `diagnostics` in the given order. Human output has one report per diagnostic separated
/// by a blank line (empty when there is nothing to say); JSON and SARIF are one pretty-printed
/// document ending in a newline; GitHub output is one workflow command per line.
pub fn render(diagnostics: &[Diagnostic], format: Format, options: &RenderOptions) -> String {
    crate::prefetch_positions(diagnostics);
    match format {
        Format::Human => human::render(diagnostics, options),
        Format::Json => json::render(diagnostics),
        Format::Sarif => sarif::render(diagnostics, &options.tool),
        Format::Github => github::render(diagnostics),
    }
}

/// A label with its position worked out once, shared by the machine-readable renderers.
pub(crate) struct Located<'a> {
    pub(crate) file: &'a str,
    pub(crate) pointer: Option<&'a str>,
    /// Start and (exclusive) end, when the label has a span.
    pub(crate) range: Option<(LineCol, LineCol)>,
    pub(crate) message: Option<&'a str>,
}

impl<'a> Located<'a> {
    pub(crate) fn new(label: &'a Label) -> Self {
        let range = label.resolved_span().map(|span| {
            let start = label.file.line_col(span.start);
            let end = label.file.line_col(span.end.max(span.start));
            (start, end)
        });
        Located {
            file: label.file.name(),
            pointer: label.pointer.as_deref(),
            range,
            message: label.message.as_deref(),
        }
    }
}
