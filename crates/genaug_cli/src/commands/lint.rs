//! `genaug lint [PATHS…]`: find the project(s) the paths belong to ([`discover`]), read their
//! tool files, manifest and policy, optionally compile `--spec` for drift, run
//! [`genaug_linter::lint`] once per project, and report on stdout.
//!
//! Exit 0 clean; 1 when a finding is an error (after the policy's severity overrides) or there
//! are more warnings than `--max-warnings`; 2 when it could not run (a path that does not exist,
//! an unreadable file, a spec that does not load) — reported for people on stderr, stdout empty.

mod discover;
mod junit;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use genaug_compiler::CompileOptions;
use genaug_diagnostics::{Diagnostic, Format, ToolInfo};
use genaug_linter::{Date, LintRequest};
use genaug_model::ToolFile;
use genaug_openapi::Document;
use genaug_source::{SourceError, SourceFile};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::args::{LintArgs, LintFormat};
use crate::commands::input::{self, SpecOptions};
use crate::exit_status::ExitStatus;
use crate::output::{self, Output};

use discover::{Group, relative};

/// Largest tool, manifest or policy file read (real ones are a few KiB).
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub(crate) fn run(args: &LintArgs, output: &Output) -> ExitStatus {
    match lint(args, output) {
        Ok(status) => status,
        Err(failure) => {
            output.diagnostics_human(vec![*failure]);
            ExitStatus::Failure
        }
    }
}

/// What one project's lint run looked at and found.
struct Checked {
    /// The project folder as shown (`.` for the current folder), or `None` for loose files.
    project: Option<String>,
    tools: Vec<String>,
    manifest: Option<String>,
    policy: Option<String>,
    partial: bool,
    policy_valid: bool,
}

fn lint(args: &LintArgs, output: &Output) -> Result<ExitStatus, Box<Diagnostic>> {
    let cwd = std::env::current_dir()
        .map(|dir| discover::normalize(&dir))
        .map_err(|e| failure(format!("cannot read the current folder: {e}")))?;
    let groups = discover::discover(&args.paths, &cwd)?;
    let spec = match &args.spec {
        Some(spec) => Some(input::load_spec(spec, SpecOptions::default())?),
        None => None,
    };
    let policy_override = args.policy.as_ref().map(|p| discover::normalize(&cwd.join(p)));
    let today = crate::common::today();

    let mut diagnostics = Vec::new();
    let mut checked = Vec::new();
    for group in &groups {
        let (found, summary) =
            lint_group(group, &cwd, policy_override.as_deref(), spec.as_ref(), today, output)?;
        diagnostics.extend(found);
        checked.push(summary);
    }

    let counts = genaug_diagnostics::counts(&diagnostics);
    let over_warnings = args.max_warnings.is_some_and(|max| counts.warnings > max);
    let min = output::min_severity(args.severity);
    let total = diagnostics.len();
    diagnostics.retain(|d| d.severity >= min);
    let hidden = total - diagnostics.len();
    genaug_diagnostics::sort_diagnostics(&mut diagnostics);

    let options = output.report_options(tool());
    let text = match args.format {
        LintFormat::Human => {
            let mut text = output::render_human(diagnostics.clone(), &options);
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push('\n');
            }
            for group in &checked {
                text.push_str(&group.line());
            }
            let mut last = genaug_diagnostics::summary_line(&diagnostics);
            if hidden > 0 {
                let noun = if hidden == 1 { "finding" } else { "findings" };
                last.push_str(&format!(
                    " ({hidden} less severe {noun} hidden by --severity {})",
                    min.as_str()
                ));
            }
            if let (true, Some(max)) = (over_warnings, args.max_warnings) {
                let verb = if counts.warnings == 1 { "warning is" } else { "warnings are" };
                last.push_str(&format!(
                    "; {} {verb} more than --max-warnings {max}",
                    counts.warnings
                ));
            }
            text.push_str(&last);
            text.push('\n');
            text
        }
        LintFormat::Json => genaug_diagnostics::render(&diagnostics, Format::Json, &options),
        LintFormat::Sarif => genaug_diagnostics::render(&diagnostics, Format::Sarif, &options),
        LintFormat::Github => genaug_diagnostics::render(&diagnostics, Format::Github, &options),
        LintFormat::Junit => {
            let mut cases = Vec::new();
            for group in &checked {
                let skipped = !group.policy_valid;
                cases.extend(
                    group.tools.iter().map(|name| junit::Case { name: name.clone(), skipped }),
                );
                cases.extend(
                    group.manifest.iter().map(|name| junit::Case { name: name.clone(), skipped }),
                );
                cases.extend(
                    group
                        .policy
                        .iter()
                        .map(|name| junit::Case { name: name.clone(), skipped: false }),
                );
            }
            junit::render(&cases, &diagnostics)
        }
    };
    output.out(&text);
    Ok(if counts.errors > 0 || over_warnings { ExitStatus::Findings } else { ExitStatus::Success })
}

impl Checked {
    /// `checked 3 tool files and the manifest of petstore/ against petstore/genaug-policy.yaml`
    fn line(&self) -> String {
        let tools = match self.tools.len() {
            1 => "1 tool file".to_owned(),
            n => format!("{n} tool files"),
        };
        let what = match (&self.project, &self.manifest) {
            (Some(project), Some(_)) => format!("{tools} and the manifest of {project}"),
            (Some(project), None) => format!("{tools} of {project}"),
            (None, _) => tools,
        };
        let policy = match &self.policy {
            Some(policy) => policy.clone(),
            None => "the built-in default policy".to_owned(),
        };
        let mut line = if self.policy_valid {
            format!("checked {what} against {policy}")
        } else {
            format!("{policy} has errors: {what} not checked")
        };
        if self.partial && self.policy_valid {
            line.push_str(" (only the files given: whole-set rules skipped)");
        }
        line.push('\n');
        line
    }
}

fn lint_group(
    group: &Group,
    cwd: &Path,
    policy_override: Option<&Path>,
    spec: Option<&Document>,
    today: Date,
    output: &Output,
) -> Result<(Vec<Diagnostic>, Checked), Box<Diagnostic>> {
    let root = group.root.as_ref();
    let tool_paths: Vec<PathBuf> = group
        .tool_files()
        .map_err(|e| failure(format!("cannot list the tool files: {e}")))?
        .into_iter()
        .collect();
    let tools: Vec<Arc<SourceFile>> =
        tool_paths.par_iter().map(|path| read(path, cwd)).collect::<Result<_, _>>()?;
    let manifest = match group.manifest() {
        Some(path) => Some(read(&path, cwd)?),
        None => None,
    };
    let policy_path = match (policy_override, root) {
        (Some(path), _) => Some(path.to_path_buf()),
        (None, Some(root)) => Some(root.join(discover::POLICY)).filter(|p| p.is_file()),
        (None, None) => None,
    };
    let policy = match &policy_path {
        Some(path) => Some(read(path, cwd)?),
        None => {
            let place = root.map_or_else(
                || "the files given have no project".to_owned(),
                |root| format!("no {} in {}", discover::POLICY, shown_dir(root, cwd)),
            );
            output.err(&format!(
                "note: {place}: using the built-in default policy (`genaug init` writes a starter)\n"
            ));
            None
        }
    };
    let expected = match spec {
        Some(document) => Some(expected_tools(document, manifest.as_deref())?),
        None => None,
    };
    let partial = !group.whole;
    let outcome = genaug_linter::lint(&LintRequest {
        tools: tools.clone(),
        manifest: manifest.clone(),
        policy: policy.clone(),
        partial,
        expected,
        today,
    });
    let checked = Checked {
        project: root.map(|root| shown_dir(root, cwd)),
        tools: tools.iter().map(|t| t.name().to_owned()).collect(),
        manifest: manifest.map(|m| m.name().to_owned()),
        policy: policy.map(|p| p.name().to_owned()),
        partial,
        policy_valid: outcome.policy_valid,
    };
    Ok((outcome.diagnostics, checked))
}

/// What the spec generates now, compiled as integrate would with the name the manifest records.
fn expected_tools(
    document: &Document,
    manifest: Option<&SourceFile>,
) -> Result<Vec<ToolFile>, Box<Diagnostic>> {
    let recorded = manifest.and_then(|file| {
        let file = Arc::new(SourceFile::new(file.name(), file.text()));
        let value = file.parse().ok()?;
        value.pointer("/spec/source")?.as_str().map(str::to_owned)
    });
    let options = CompileOptions {
        spec_name: recorded.unwrap_or_else(|| document.root_file().name().to_owned()),
        spec_sha256: Sha256::digest(document.root_file().text().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        filters: genaug_compiler::Filters::default(),
    };
    Ok(genaug_compiler::compile(document, &options)?.tools)
}

/// Reads one file, named relative to the current folder.
fn read(path: &Path, cwd: &Path) -> Result<Arc<SourceFile>, Box<Diagnostic>> {
    let name = relative(path, cwd);
    let error = |e: SourceError| Box::new(Diagnostic::from(e));
    let read_error = |reason: String| error(SourceError::Read { name: name.clone(), reason });
    let size = std::fs::metadata(path).map_err(|e| read_error(e.to_string()))?.len();
    if size > MAX_FILE_BYTES {
        return Err(error(SourceError::TooLarge { name, limit: MAX_FILE_BYTES }));
    }
    let bytes = std::fs::read(path).map_err(|e| read_error(e.to_string()))?;
    let mut text =
        String::from_utf8(bytes).map_err(|_| error(SourceError::NotUtf8 { name: name.clone() }))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(Arc::new(SourceFile::new(name, text)))
}

/// A project folder as shown: `.` or `petstore/`.
fn shown_dir(dir: &Path, cwd: &Path) -> String {
    match relative(dir, cwd) {
        dot if dot == "." => dot,
        other => format!("{other}/"),
    }
}

fn failure(message: String) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(crate::codes::LINT_NOTHING_TO_LINT, message))
}

/// The producing tool for SARIF, with every lint rule.
fn tool() -> ToolInfo {
    output::tool_info().with_rules(genaug_linter::rules().iter().map(|r| (r.code, r.summary)))
}
