//! Shared by the `validate_*` test files: loading a spec the way the CLI will, and a compact,
//! reviewable rendering of findings (`CODE severity file:line:col pointer message | help`).

#![allow(dead_code)] // each test file uses a different subset

use std::path::Path;
use std::sync::Arc;

use genaug_diagnostics::{Diagnostic, Severity};
use genaug_openapi::{Document, LoadOptions, OasVersion};
use genaug_source::{Base, SourceFile};

/// Reads `path` (relative to `tests/fixtures/`), loads it as a [`Document`] and validates it.
pub(crate) fn validate_fixture(rel: &str) -> Vec<Diagnostic> {
    let path = genaug_testing::fixture(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let file = Arc::new(SourceFile::new(rel, text));
    let base = Base::Dir(path.parent().unwrap_or(Path::new(".")).to_path_buf());
    match Document::load(file, base, LoadOptions::default()) {
        Ok(document) => genaug_openapi::validate(&document),
        Err(failure) => panic!("{rel} did not load: {} {}", failure.code, failure.message),
    }
}

/// Reads and parses `path` (relative to `tests/fixtures/`) and validates that one file with
/// [`genaug_openapi::validate_value`] (local `$ref`s only: no other file is read, no URL fetched).
pub(crate) fn validate_fixture_file(rel: &str) -> Vec<Diagnostic> {
    let path = genaug_testing::fixture(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    validate_text(rel, &text)
}

/// Parses `text` as the file `name` and validates it; the version comes from its `openapi` field.
pub(crate) fn validate_text(name: &str, text: &str) -> Vec<Diagnostic> {
    let (file, value, version) = parse(name, text);
    genaug_openapi::validate::validate_value(&file, &value, version)
}

/// Only the structural check of the file at `rel` (relative to `tests/fixtures/`).
pub(crate) fn validate_structure_file(rel: &str) -> Vec<Diagnostic> {
    let path = genaug_testing::fixture(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let (file, value, version) = parse(rel, &text);
    genaug_openapi::validate::validate_structure(&file, &value, version)
}

fn parse(name: &str, text: &str) -> (Arc<SourceFile>, serde_json::Value, OasVersion) {
    let file = Arc::new(SourceFile::new(name, text));
    let value = file.parse().unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    let version = match value.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0") => OasVersion::V30,
        _ => OasVersion::V31,
    };
    (file, value, version)
}

/// `CODE severity file:line:col pointer message | help`, one line per finding.
pub(crate) fn compact(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (file, position, pointer) = match &d.primary {
            Some(label) => {
                let position = label
                    .line_col()
                    .map_or_else(|| "?:?".to_owned(), |lc| format!("{}:{}", lc.line, lc.column));
                let pointer = label.pointer.clone().unwrap_or_default();
                let pointer = if label.on_key { format!("{pointer} (key)") } else { pointer };
                (label.file.name().to_owned(), position, pointer)
            }
            None => (String::new(), "?:?".to_owned(), String::new()),
        };
        out.push_str(&format!(
            "{} {} {file}:{position} {pointer} {}",
            d.code,
            d.severity.as_str(),
            d.message
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!(" | {help}"));
        }
        out.push('\n');
        for label in &d.secondary {
            let position = label
                .line_col()
                .map_or_else(|| "?:?".to_owned(), |lc| format!("{}:{}", lc.line, lc.column));
            out.push_str(&format!(
                "    = {}:{position} {} {}\n",
                label.file.name(),
                label.pointer.clone().unwrap_or_default(),
                label.message.clone().unwrap_or_default()
            ));
        }
    }
    out
}

pub(crate) fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}
