//! TEMPORARY skeleton of the renderers; the real ones live in render/*.rs.

use crate::Diagnostic;

/// Output formats shared by every command that reports diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// miette's graphical report with source snippets.
    Human,
    /// One stable JSON object per diagnostic, in an array.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::`).
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

/// The producing tool and the rules it knows, for SARIF.
#[derive(Debug, Clone, Default)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
    /// (code, short description) of every rule that may appear.
    pub rules: Vec<(String, String)>,
}

pub fn render(diagnostics: &[Diagnostic], format: Format, _options: &RenderOptions) -> String {
    let _ = (diagnostics, format);
    String::new()
}
