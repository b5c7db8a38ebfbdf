//! Shared by the fixture suites: load a fixture folder into a `LintRequest`, render diagnostics in
//! the compact snapshot form, and check the fixture's own `# expect: CODE` / `# ok` annotations.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use genaug_diagnostics::{Diagnostic, Label};
use genaug_linter::{Date, LintRequest};
use genaug_model::ToolFile;
use genaug_source::SourceFile;

/// The day every fixture is linted on, unless its `fixture.yaml` says otherwise.
pub(crate) fn today() -> Date {
    Date::new(2026, 6, 15).unwrap()
}

/// Reads `dir/rel` into a source file named `rel` (what diagnostics show).
pub(crate) fn source(dir: &Path, rel: &str) -> Arc<SourceFile> {
    let text = std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Arc::new(SourceFile::new(rel, text))
}

fn yaml_files(dir: &Path, sub: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| format!("{sub}/{n}"))
        .collect();
    names.sort();
    names
}

/// A fixture folder: `tools/*.yaml`, optional `policy.yaml`, `genaug-agent.yaml`, `expected/*.yaml`
/// (what the spec would generate) and `fixture.yaml` (`partial: true`, `today: YYYY-MM-DD`).
pub(crate) fn request(dir: &Path) -> LintRequest {
    let exists = |rel: &str| dir.join(rel).exists();
    let mut partial = false;
    let mut today = today();
    if exists("fixture.yaml") {
        let settings = source(dir, "fixture.yaml").parse().expect("fixture.yaml parses");
        partial = settings.get("partial").and_then(|v| v.as_bool()).unwrap_or(false);
        if let Some(text) = settings.get("today").and_then(|v| v.as_str()) {
            today = Date::parse(text).expect("fixture.yaml today");
        }
    }
    let expected = exists("expected").then(|| {
        yaml_files(dir, "expected")
            .iter()
            .map(|rel| {
                let value = source(dir, rel).parse().expect("expected tool parses");
                ToolFile::from_value(&value).expect("expected tool is a tool file")
            })
            .collect()
    });
    LintRequest {
        tools: yaml_files(dir, "tools").iter().map(|rel| source(dir, rel)).collect(),
        manifest: exists("genaug-agent.yaml").then(|| source(dir, "genaug-agent.yaml")),
        policy: exists("policy.yaml").then(|| source(dir, "policy.yaml")),
        partial,
        expected,
        today,
    }
}

fn place(label: &Label) -> String {
    let at = label.line_col().map_or(String::new(), |lc| format!(":{}:{}", lc.line, lc.column));
    format!("{}{at}", label.file.name())
}

/// `CODE severity file:line:col pointer message | help | secondary labels`, one line each.
pub(crate) fn compact(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (at, pointer) = match &d.primary {
            Some(label) => (place(label), label.pointer.clone().unwrap_or_default()),
            None => ("-".to_owned(), String::new()),
        };
        let pointer = if pointer.is_empty() { String::new() } else { format!(" {pointer}") };
        out.push_str(&format!("{} {} {at}{pointer} {}", d.code, d.severity.as_str(), d.message));
        if let Some(help) = &d.help {
            out.push_str(&format!(" | {help}"));
        }
        for label in &d.secondary {
            out.push_str(&format!(
                " | {} {}",
                place(label),
                label.message.as_deref().unwrap_or("")
            ));
        }
        out.push('\n');
    }
    out
}

/// Checks the fixture's annotations against the diagnostics: every `# expect: A, B` line has a
/// diagnostic of each code starting on it; every diagnostic with a position starts on a line that
/// expects its code; `# ok` lines have none. Returns the problems (empty = the fixture holds).
pub(crate) fn check_annotations(request: &LintRequest, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut files: Vec<&Arc<SourceFile>> = request.tools.iter().collect();
    files.extend(request.manifest.iter());
    files.extend(request.policy.iter());
    // (file, line) → codes expected there; `# ok` lines expect nothing.
    let mut expected: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    for file in &files {
        for (index, line) in file.text().lines().enumerate() {
            let Some((_, comment)) = line.split_once("# ") else { continue };
            let comment = comment.trim();
            let codes = if let Some(codes) = comment.strip_prefix("expect:") {
                codes.split(',').map(|c| c.trim().to_owned()).collect()
            } else if comment == "ok" {
                Vec::new()
            } else {
                continue;
            };
            expected.insert((file.name().to_owned(), index + 1), codes);
        }
    }
    let mut found: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for d in diagnostics {
        let Some(label) = &d.primary else { continue };
        let Some(lc) = label.line_col() else { continue };
        let key = (label.file.name().to_owned(), lc.line);
        match expected.get(&key) {
            Some(codes) if codes.contains(&d.code) => {
                found.entry(key).or_default().push(d.code.clone())
            }
            _ => problems
                .push(format!("unexpected {} at {}:{}: {}", d.code, key.0, key.1, d.message)),
        }
    }
    for ((file, line), codes) in &expected {
        for code in codes {
            let hit = found.get(&(file.clone(), *line)).is_some_and(|f| f.contains(code));
            if !hit {
                problems.push(format!("expected {code} at {file}:{line}, got none"));
            }
        }
    }
    problems
}
