//! `genaug verify --project P [--json]`: the launch evidence in one command. Three stages, each
//! what its own command would report:
//!
//! 1. **validate**: the spec the manifest records, checked as `genaug validate` does, plus the
//!    compiler's findings (what `integrate` prints);
//! 2. **drift**: what `genaug integrate --check` computes (the same code: `integrate::check`);
//!    every file that would be added, removed or changed is an error;
//! 3. **lint**: the project against `genaug-policy.yaml`, as `genaug lint` does.
//!
//! Exit 0 when no stage has an error, 1 when one has, 2 when verify could not run (no project,
//! spec unreadable). `deploy` runs the same [`verify`] first.

use std::path::Path;

use clap::Args;
use genaug_diagnostics::{Diagnostic, Severity};
use genaug_model::RiskLevel;
use serde_json::{Value, json};

use super::tools::ProjectArg;
use super::tools::project::{self, Project};
use crate::args::{IntegrateArgs, OutputFormat};
use crate::codes;
use crate::exit_status::ExitStatus;
use crate::output::Output;

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    pub(crate) project: ProjectArg,
    /// The spec to check against: a path or an http(s) URL [default: the one the manifest
    /// records, read only inside the repository; a recorded URL must be given here].
    #[arg(long, value_name = "SPEC")]
    pub(crate) spec: Option<String>,
    /// Print the evidence as one JSON object on stdout (project, spec sha256, tool counts,
    /// findings per stage, generator, result) instead of the summary.
    #[arg(long)]
    pub(crate) json: bool,
}

/// One stage of verify and what it found.
pub(crate) struct Stage {
    /// `validate`, `drift` or `lint`.
    pub(crate) name: &'static str,
    /// What people call it in the summary.
    pub(crate) title: &'static str,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Stage {
    fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// What verify found about a project.
pub(crate) struct Evidence {
    pub(crate) project: Project,
    /// The spec the manifest records, and the path it was read from.
    pub(crate) spec_source: String,
    pub(crate) spec_read: String,
    /// SHA-256 of the spec as read now.
    pub(crate) spec_sha256: String,
    pub(crate) stages: Vec<Stage>,
}

impl Evidence {
    pub(crate) fn errors(&self) -> usize {
        self.stages.iter().map(|s| s.count(Severity::Error)).sum()
    }

    pub(crate) fn passed(&self) -> bool {
        self.errors() == 0
    }

    /// Every finding of every stage (for rendering on stderr).
    pub(crate) fn diagnostics(&self) -> Vec<Diagnostic> {
        self.stages.iter().flat_map(|s| s.diagnostics.iter().cloned()).collect()
    }

    /// The evidence object of `verify --json`.
    pub(crate) fn json(&self) -> Value {
        let tools = &self.project.tools;
        let count = |f: &dyn Fn(&genaug_model::ToolFile) -> bool| {
            tools.iter().filter(|t| f(&t.tool)).count()
        };
        let findings: serde_json::Map<String, Value> = self
            .stages
            .iter()
            .map(|s| {
                (
                    s.name.to_owned(),
                    json!({
                        "error": s.count(Severity::Error),
                        "warning": s.count(Severity::Warning),
                        "info": s.count(Severity::Info),
                    }),
                )
            })
            .collect();
        json!({
            "project": self.project.manifest.name,
            "spec": {
                "source": self.spec_source,
                "sha256": self.spec_sha256,
                "recorded_sha256": self.project.manifest.spec.sha256,
            },
            "tools": {
                "total": tools.len(),
                "by_risk": {
                    "low": count(&|t| t.risk_level == RiskLevel::Low),
                    "medium": count(&|t| t.risk_level == RiskLevel::Medium),
                    "high": count(&|t| t.risk_level == RiskLevel::High),
                },
                "enabled": count(&|t| t.enabled),
                "disabled": count(&|t| !t.enabled),
                "requiring_approval": count(&|t| t.requires_approval),
            },
            "findings": findings,
            "generator": genaug_model::generator(),
            "result": if self.passed() { "pass" } else { "fail" },
        })
    }

    /// The summary for people.
    pub(crate) fn human(&self) -> String {
        let tools = &self.project.tools;
        let risk = |level| tools.iter().filter(|t| t.tool.risk_level == level).count();
        let enabled = tools.iter().filter(|t| t.tool.enabled).count();
        let approval = tools.iter().filter(|t| t.tool.requires_approval).count();
        let mut out = format!(
            "verify {} ({})\n  spec        {} (sha256 {})\n",
            self.project.manifest.name, self.project.display, self.spec_read, self.spec_sha256
        );
        for stage in &self.stages {
            let found = if stage.diagnostics.is_empty() {
                "ok".to_owned()
            } else {
                genaug_diagnostics::summary_line(&stage.diagnostics)
            };
            out.push_str(&format!("  {:<11} {found}\n", stage.title));
        }
        out.push_str(&format!(
            "  tools       {} ({} low, {} medium, {} high); {enabled} enabled, {} disabled; {approval} require approval\n",
            tools.len(),
            risk(RiskLevel::Low),
            risk(RiskLevel::Medium),
            risk(RiskLevel::High),
            tools.len() - enabled,
        ));
        if self.passed() {
            out.push_str("result: pass\n");
        } else {
            let errors = self.errors();
            let noun = if errors == 1 { "error" } else { "errors" };
            out.push_str(&format!("result: fail ({errors} {noun})\n"));
        }
        out
    }
}

pub(crate) fn run(args: &VerifyArgs, output: &Output) -> ExitStatus {
    let evidence = match verify(args.project.project.as_deref(), args.spec.as_deref(), output) {
        Ok(evidence) => evidence,
        Err(failure) => return project::fail(output, *failure),
    };
    if args.json {
        output.out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&evidence.json()).unwrap_or_default()
        ));
    } else {
        output.diagnostics_human(evidence.diagnostics());
        output.out(&evidence.human());
    }
    if evidence.passed() { ExitStatus::Success } else { ExitStatus::Findings }
}

/// Runs the three stages on the project `--project` names, against `spec` or else the spec its
/// manifest records.
pub(crate) fn verify(
    arg: Option<&Path>,
    spec: Option<&str>,
    output: &Output,
) -> Result<Evidence, Box<Diagnostic>> {
    let project = project::open(arg)?;
    // integrate finds the project in its folder and, without `spec`, reads the one its
    // manifest records.
    let integrate = IntegrateArgs {
        spec: spec.map(str::to_owned),
        name: None,
        description: None,
        out: project.dir.clone(),
        include_tags: Vec::new(),
        exclude_tags: Vec::new(),
        include_paths: Vec::new(),
        exclude_operations: Vec::new(),
        prune: false,
        check: true,
        spec_options: Default::default(),
        format: OutputFormat::Human,
        explain: false,
        strict: false,
    };
    let (spec, planned) = super::integrate::check(&integrate, output)?;
    let source = spec.spec_name.clone();
    let spec_read = spec.spec_read.clone();

    let mut validate = spec.validation.wait();
    validate.extend(spec.compiled.diagnostics);
    let mut drift = planned.plan.diagnostics;
    let regenerate = format!("run `{}` and review the change", regenerate_command(&project));
    let drifted = |rel: &str, what: String| {
        Diagnostic::error(codes::VERIFY_DRIFT, format!("`{}` {what}", project.show(rel)))
            .with_help(regenerate.clone())
    };
    for rel in &planned.plan.drift.added {
        drift.push(drifted(rel, "is missing: integrate would write it".to_owned()));
    }
    for rel in &planned.plan.drift.removed {
        drift.push(drifted(rel, "would be removed by integrate".to_owned()));
    }
    for (rel, keys) in &planned.plan.drift.changed {
        let what = if keys.is_empty() {
            "differs from what the spec generates".to_owned()
        } else {
            format!("differs from what the spec generates ({})", keys.join(", "))
        };
        drift.push(drifted(rel, what));
    }
    let lint = project.lint().diagnostics;
    Ok(Evidence {
        spec_source: source,
        spec_read,
        spec_sha256: spec.sha256,
        stages: vec![
            Stage { name: "validate", title: "validate", diagnostics: validate },
            Stage { name: "drift", title: "drift", diagnostics: drift },
            Stage { name: "lint", title: "lint", diagnostics: lint },
        ],
        project,
    })
}

/// The command that regenerates the project from the spec its manifest records, as typed in
/// the current folder.
fn regenerate_command(project: &Project) -> String {
    let name = project.manifest.name.as_str();
    match project.display.rsplit_once('/') {
        _ if project.display == "." => "genaug integrate".to_owned(),
        Some((out, folder)) if folder == name => {
            format!("genaug integrate --out {out} --name {name}")
        }
        None if project.display == name => format!("genaug integrate --name {name}"),
        _ => format!("genaug integrate --out {}", project.display),
    }
}
