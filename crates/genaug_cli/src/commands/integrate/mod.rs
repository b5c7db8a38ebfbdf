//! `genaug integrate`: read a spec, compile it, merge with the reviewed project on disk, write the
//! project atomically (or, with `--check`, only compare), and report.
//!
//! Steps: find the project and the spec (`target`: the arguments, or the project found and the
//! spec its manifest records) → read the existing project's files → read the input
//! (`genaug_source`) → hash it while `genaug_openapi` loads it → `genaug_compiler::compile_each`,
//! emitting each tool as it is compiled (`fresh`) → read the reviewed tool files → merge
//! (`genaug_compiler::regen`) → plan the files → write (stage + swap) → summary and diagnostics.
//! Every failure before the write leaves the disk untouched and exits 2.

mod fresh;
mod names;
mod plan;
mod project;
mod report;
mod target;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use genaug_compiler::{CompileOptions, Filters, regen};
use genaug_diagnostics::{Diagnostic, Severity};
use genaug_model::{Manifest, ManifestFilters};
use genaug_openapi::{Document, LoadOptions};
use genaug_source::{InputLimits, SourceFile};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{IntegrateArgs, OutputFormat};
use crate::codes;
use crate::common::leave_to_exit;
use crate::exit_status::ExitStatus;
use crate::output::{self, Output};

/// Specs with more operations than this get a progress indicator (on a terminal).
const PROGRESS_THRESHOLD: usize = 200;

pub(crate) fn run(args: &IntegrateArgs, output: &Output) -> ExitStatus {
    match integrate(args, output) {
        Ok(status) => status,
        Err(failure) => {
            report_failure(vec![*failure], args.format, output);
            ExitStatus::Failure
        }
    }
}

/// Reports a run that wrote nothing: the diagnostics that explain why, last the failure itself.
fn report_failure(diagnostics: Vec<Diagnostic>, format: OutputFormat, output: &Output) {
    match format {
        OutputFormat::Human => output.diagnostics_human(diagnostics),
        OutputFormat::Json => {
            let report = serde_json::json!({
                "command": "integrate",
                "status": "failure",
                "diagnostics": output::diagnostics_json(diagnostics),
            });
            output.out(&format!("{}\n", pretty(&report)));
        }
    }
}

/// The spec read, compiled and validated for a project: what `integrate` computes before it
/// looks at the disk.
pub(crate) struct CompiledSpec {
    pub(crate) project: project::Project,
    /// The spec as the manifest records it.
    pub(crate) spec_name: String,
    /// The spec as it was read, for people: the argument, or the recorded spec seen from here.
    pub(crate) spec_read: String,
    pub(crate) sha256: String,
    /// The tools as compiled: each emitted, without its schema value ([`fresh::Fresh`]).
    pub(crate) compiled: genaug_compiler::Compiled<fresh::Fresh>,
    /// What `genaug validate` reports about the spec ([`spec_findings`]), still being worked
    /// out on another thread.
    pub(crate) validation: Validation,
    /// The filters applied: the flags given, else those the manifest recorded.
    pub(crate) filters: ManifestFilters,
    /// The project as a previous run left it (read before compiling, for its recorded filters).
    existing: Option<project::Existing>,
    /// Large enough for progress indicators.
    large: bool,
}

/// What `integrate` would write, compared with the project on disk.
pub(crate) struct Planned {
    pub(crate) existing: project::Existing,
    pub(crate) regenerated: regen::Regenerated,
    pub(crate) plan: plan::Plan,
}

/// Everything `integrate --check` computes, without writing or reporting (`genaug verify`).
pub(crate) fn check(
    args: &IntegrateArgs,
    output: &Output,
) -> Result<(CompiledSpec, Planned), Box<Diagnostic>> {
    let mut spec = compile_spec(args, output)?;
    let planned = plan_project(args, &mut spec)?;
    Ok((spec, planned))
}

fn integrate(args: &IntegrateArgs, output: &Output) -> Result<ExitStatus, Box<Diagnostic>> {
    let mut spec = compile_spec(args, output)?;
    // Validation goes on while the project is planned and written, except with `--strict`,
    // which writes nothing when the spec has errors and so waits for it here.
    let mut validation = std::mem::replace(&mut spec.validation, Validation::Done(Vec::new()));
    if args.strict {
        let findings = validation.wait();
        let spec_errors = findings.iter().filter(|d| d.severity == Severity::Error).count();
        if spec_errors == 0 {
            validation = Validation::Done(findings);
        } else {
            let mut diagnostics = findings;
            let message = format!(
                "the spec has {spec_errors} error(s) and --strict is set; nothing was written"
            );
            let help = "fix the errors above (see `genaug validate`), or drop --strict to write the tools anyway";
            diagnostics.push(Diagnostic::error(codes::STRICT_SPEC_ERRORS, message).with_help(help));
            report_failure(diagnostics, args.format, output);
            return Ok(ExitStatus::Failure);
        }
    }
    let Planned { existing, regenerated, plan } = plan_project(args, &mut spec)?;
    let CompiledSpec { project, spec_name, spec_read, compiled, large, filters, .. } = spec;

    let mut notes = Vec::new();
    let flags_given = !(args.include_tags.is_empty()
        && args.exclude_tags.is_empty()
        && args.include_paths.is_empty()
        && args.exclude_operations.is_empty());
    if !flags_given && !filters.is_empty() {
        notes.push(format!(
            "using the filters recorded in the manifest ({}); pass filter flags to change them",
            describe_filters(&filters)
        ));
    }
    if args.check {
        if existing.interrupted {
            notes.push(
                "an interrupted run left the previous tools/ aside; integrate without --check restores it"
                    .to_owned(),
            );
        }
    } else if plan.drift.is_empty() && !existing.interrupted {
        // Byte-identical: nothing to write (the files on disk are what would be written).
    } else {
        let unchanged: BTreeMap<String, std::path::PathBuf> = plan
            .files
            .iter()
            .filter(|(rel, bytes)| existing.files.get(*rel) == Some(*bytes))
            .filter_map(|(rel, _)| Some((rel.clone(), existing.paths.get(rel)?.clone())))
            .collect();
        let bar = if large {
            ProgressBar::new(plan.files.len() as u64).with_style(
                ProgressStyle::with_template("writing {bar:30} {pos}/{len} files")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            )
        } else {
            ProgressBar::hidden()
        };
        let repaired = project::write(&project, &plan.files, &unchanged, &|| bar.inc(1))
            .map_err(|e| Box::new(e.into_diagnostic()))?;
        notes.extend(repaired);
        bar.finish_and_clear();
    }

    let mut diagnostics = validation.wait();
    diagnostics.extend(compiled.diagnostics);
    diagnostics.extend(plan.diagnostics);
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let drifted = args.check && !plan.drift.is_empty();

    let report = report::Report {
        project: &project.display,
        spec: &spec_name,
        spec_read: &spec_read,
        info: &compiled.info,
        counts: compiled.counts,
        tools: regenerated.tools.iter().map(regen::Outcome::tool).collect(),
        changes: &plan.tools,
        drift: &plan.drift,
        regenerated: existing.project_exists
            && (existing.manifest.is_some() || !existing.tools.is_empty()),
        check: args.check,
        explain: args.explain,
        notes: &notes,
        color: output.stdout_color,
    };
    match args.format {
        OutputFormat::Human => {
            output.diagnostics_human(diagnostics);
            output.out(&report.human());
        }
        OutputFormat::Json => {
            let value = report.json(output::diagnostics_json(diagnostics));
            output.out(&format!("{}\n", pretty(&value)));
        }
    }
    // Every tool and every file's bytes: the process ends with the command.
    leave_to_exit((plan.files, regenerated, existing));
    Ok(if has_errors || drifted { ExitStatus::Findings } else { ExitStatus::Success })
}

/// Finds the spec and the project ([`target`]), reads the spec, compiles and validates it.
fn compile_spec(args: &IntegrateArgs, output: &Output) -> Result<CompiledSpec, Box<Diagnostic>> {
    let project = target::project(args.name.as_deref(), &args.out, args.spec.is_some())?;
    let existing = project::read_existing(&project)?;
    let spec_arg = target::spec(args.spec.as_deref(), &project, &existing)?;
    let resolve = |path: &std::path::Path| {
        std::path::absolute(path).map_err(|e| {
            Box::new(Diagnostic::error(
                codes::READ_PROJECT,
                format!("cannot resolve `{}`: {e}", project.display),
            ))
        })
    };
    let spec_name =
        names::recorded_spec_name(&spec_arg, &resolve(".".as_ref())?, &resolve(&project.dir)?);
    let spec_read = if spec_arg == "-" { spec_name.clone() } else { spec_arg.clone() };
    if args.name.is_none() && args.spec.is_some() {
        target::same_spec(&project, &existing, &spec_name)?;
    }

    let mut limits = InputLimits::default();
    if let Some(max) = args.spec_options.max_size {
        limits.max_bytes = max;
    }
    let input = genaug_source::read_input(&spec_arg, limits).map_err(|e| Box::new(e.into()))?;
    let file = Arc::new(SourceFile::new(input.name, input.text));
    let load_options = LoadOptions {
        allow_outside_root: args.spec_options.allow_outside_refs,
        allow_remote_refs: args.spec_options.allow_remote_refs,
    };
    let (sha256, document) = rayon::join(
        || sha256_hex(file.text().as_bytes()),
        || Document::load(file.clone(), input.base, load_options),
    );
    let document = document?;

    let large = output.stderr_is_terminal && operation_count(&document) > PROGRESS_THRESHOLD;
    let spinner = large.then(|| {
        let bar = ProgressBar::new_spinner().with_message("compiling operations");
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    });
    let flags = ManifestFilters {
        include_tags: args.include_tags.clone(),
        exclude_tags: args.exclude_tags.clone(),
        include_paths: args.include_paths.clone(),
        exclude_operations: args.exclude_operations.clone(),
    };
    let filters = match &existing.manifest {
        Some((_, manifest)) if flags.is_empty() => manifest.filters.clone(),
        _ => flags,
    };
    let options = CompileOptions {
        spec_name: spec_name.clone(),
        spec_sha256: sha256.clone(),
        filters: Filters {
            include_tags: filters.include_tags.clone(),
            exclude_tags: filters.exclude_tags.clone(),
            include_paths: filters.include_paths.clone(),
            exclude_operations: filters.exclude_operations.clone(),
        },
    };
    // The spec is validated on another thread while it compiles and (unless `--strict`) while
    // the project is planned and written: both only read the document.
    let document = Arc::new(document);
    let validation = Validation::start(document.clone());
    let compiled = genaug_compiler::compile_each(&document, &options, |tool| {
        let on_disk = existing.files.get(&format!("{}/{}.yaml", project::TOOLS, tool.id));
        fresh::Fresh::new(tool, on_disk)
    });
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    leave_to_exit(document);
    let compiled = compiled?;
    Ok(CompiledSpec {
        project,
        spec_name,
        spec_read,
        sha256,
        compiled,
        validation,
        filters,
        existing: Some(existing),
        large,
    })
}

/// Reads the project on disk, merges the reviewed tools and plans the files.
fn plan_project(args: &IntegrateArgs, spec: &mut CompiledSpec) -> Result<Planned, Box<Diagnostic>> {
    let mut existing = match spec.existing.take() {
        Some(existing) => existing,
        None => project::read_existing(&spec.project)?,
    };
    project::read_tools(&spec.project, &mut existing, &spec.compiled.tools)?;
    let reviewed: BTreeMap<String, &genaug_model::ToolFile> =
        existing.tools.iter().map(|(id, t)| (id.clone(), &t.tool)).collect();
    let fresh = std::mem::take(&mut spec.compiled.tools);
    let regenerated = regen::regenerate(&reviewed, fresh.iter().map(|f| f.tool.clone()).collect());
    drop(reviewed);

    let description = args
        .description
        .clone()
        .or_else(|| existing.manifest.as_ref().map(|(_, m)| m.description.clone()))
        .unwrap_or_else(|| spec.compiled.info.title.clone());
    let manifest = Manifest {
        name: spec.project.name.clone(),
        description,
        spec: genaug_model::ManifestSpec {
            source: spec.spec_name.clone(),
            sha256: spec.sha256.clone(),
            openapi: spec.compiled.info.openapi.clone(),
            title: spec.compiled.info.title.clone(),
            version: spec.compiled.info.version.clone(),
        },
        servers: spec.compiled.info.servers.clone(),
        security_schemes: spec.compiled.info.security_schemes.clone(),
        tools_dir: project::TOOLS.into(),
        filters: spec.filters.clone(),
        generated: spec.compiled.counts,
        generator: genaug_model::generator(),
    };
    let plan = plan::plan(&existing, &regenerated, fresh, &manifest, args.prune)?;
    Ok(Planned { existing, regenerated, plan })
}

/// The spec's findings ([`spec_findings`]): being worked out, or done.
pub(crate) enum Validation {
    Running(std::thread::JoinHandle<Vec<Diagnostic>>),
    Done(Vec<Diagnostic>),
}

impl Validation {
    fn start(document: Arc<Document>) -> Validation {
        let shared = document.clone();
        let spawned = std::thread::Builder::new().name("validate".into()).spawn(move || {
            let findings = spec_findings(&shared);
            leave_to_exit(shared);
            findings
        });
        match spawned {
            Ok(handle) => Validation::Running(handle),
            // No thread to be had: validate here and now.
            Err(_) => Validation::Done(spec_findings(&document)),
        }
    }

    /// The findings, once the validation is over (a panic there is re-raised here).
    pub(crate) fn wait(self) -> Vec<Diagnostic> {
        match self {
            Validation::Running(handle) => {
                handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
            Validation::Done(findings) => findings,
        }
    }
}

/// What `genaug validate` reports about the spec, minus the two checks the compiler reports
/// more precisely for tools (V212 → C101–C104 renames, V213 → C107 fallback description).
fn spec_findings(document: &Document) -> Vec<Diagnostic> {
    let mut findings = genaug_openapi::validate(document);
    findings.retain(|d| d.code != "V212" && d.code != "V213");
    findings
}

/// `--include-tag pets --exclude-operation deletePet`, as a reader would type it.
fn describe_filters(filters: &ManifestFilters) -> String {
    let flags = [
        ("--include-tag", &filters.include_tags),
        ("--exclude-tag", &filters.exclude_tags),
        ("--include-path", &filters.include_paths),
        ("--exclude-operation", &filters.exclude_operations),
    ];
    let mut parts = Vec::new();
    for (flag, values) in flags {
        for value in values {
            parts.push(format!("{flag} {value}"));
        }
    }
    parts.join(" ")
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

use crate::common::sha256_hex;

/// How many operations the root document declares under `paths` (for the progress threshold;
/// `$ref`ed path items are not counted).
fn operation_count(document: &Document) -> usize {
    let Some(paths) = document.root().get("paths").and_then(|p| p.as_object()) else {
        return 0;
    };
    paths
        .values()
        .filter_map(|item| item.as_object())
        .map(|item| {
            genaug_model::HttpMethod::ALL.iter().filter(|m| item.contains_key(m.key())).count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
