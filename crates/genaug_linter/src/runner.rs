//! The lint run: resolve the policy, load every tool file in parallel (parse, tool-schema check,
//! typed read), run the per-file rules in the same parallel pass, then the whole-set rules, then
//! apply the policy's ignore entries and severity overrides, then sort.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use genaug_diagnostics::{Diagnostic, Severity, sort_diagnostics};
use genaug_model::{Manifest, ToolFile};
use genaug_source::SourceFile;
use jsonschema::Validator;
use rayon::prelude::*;
use serde_json::Value;

use crate::date::Date;
use crate::policy::{Policy, resolve};
use crate::registry::Rule;
use crate::rules;
use crate::rules::structure::invalid_yaml::InvalidYaml;
use crate::rules::structure::schema_violation::SchemaViolation;
use crate::{LintOutcome, LintRequest};

/// One tool file after loading. `value` is `None` when the YAML did not parse; `tool` is `None`
/// when the value does not match the tool schema.
pub(crate) struct LoadedTool {
    pub(crate) file: Arc<SourceFile>,
    /// File name without folders and extension: what the id must equal.
    pub(crate) stem: String,
    pub(crate) value: Option<Value>,
    pub(crate) tool: Option<ToolFile>,
}

/// What every rule may read.
pub(crate) struct Ctx<'a> {
    pub(crate) policy: &'a Policy,
    pub(crate) today: Date,
    pub(crate) partial: bool,
    /// Tools the spec would generate now, by id (only with `--spec`).
    pub(crate) expected: Option<HashMap<&'a str, &'a ToolFile>>,
}

/// A diagnostic and, when it is about one tool, that tool's id (for `rules.ignore`).
pub(crate) struct Finding {
    pub(crate) tool: Option<String>,
    pub(crate) diagnostic: Diagnostic,
}

impl Finding {
    pub(crate) fn about(tool: &str, diagnostic: Diagnostic) -> Finding {
        Finding { tool: Some(tool.to_owned()), diagnostic }
    }
    pub(crate) fn general(diagnostic: Diagnostic) -> Finding {
        Finding { tool: None, diagnostic }
    }
}

fn tool_validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(&genaug_model::tool_schema())
            .expect("the published tool schema is JSON");
        jsonschema::draft202012::options()
            .offline()
            .build(&schema)
            .expect("the published tool schema compiles")
    })
}

pub(crate) fn lint(request: &LintRequest) -> LintOutcome {
    let mut diagnostics = Vec::new();
    let policy = match &request.policy {
        None => Policy::defaults(),
        Some(file) => {
            let (policy, problems) = resolve(file);
            diagnostics.extend(problems);
            match policy {
                Some(policy) => policy,
                None => {
                    sort_diagnostics(&mut diagnostics);
                    return LintOutcome { diagnostics, tools_checked: 0, policy_valid: false };
                }
            }
        }
    };
    let ctx = Ctx {
        policy: &policy,
        today: request.today,
        partial: request.partial,
        expected: request
            .expected
            .as_ref()
            .map(|tools| tools.iter().map(|t| (t.id.as_str(), t)).collect()),
    };

    // Load and check every file in one parallel pass.
    let per_file: Vec<(LoadedTool, Vec<Finding>)> = request
        .tools
        .par_iter()
        .map(|file| {
            let mut findings = Vec::new();
            let loaded = load_tool(file, &mut findings);
            rules::check_file(&loaded, &ctx, &mut findings);
            (loaded, findings)
        })
        .collect();
    let mut tools = Vec::with_capacity(per_file.len());
    let mut findings = Vec::new();
    for (loaded, file_findings) in per_file {
        tools.push(loaded);
        findings.extend(file_findings);
    }
    if let Some(manifest) = &request.manifest {
        check_manifest(manifest, &mut findings);
    }
    rules::check_set(&tools, &ctx, &mut findings);

    // Ignore entries, then what was left unused, then severities.
    let mut used_ignores = vec![false; policy.ignore.len()];
    findings.retain(|finding| {
        let Some(tool) = &finding.tool else { return true };
        let Some(rule) = Rule::from_code(&finding.diagnostic.code) else { return true };
        let mut keep = true;
        for index in policy.ignore_set.matches(tool.as_str()) {
            if policy.ignore[index].rule == rule {
                used_ignores[index] = true;
                keep = false;
            }
        }
        keep
    });
    rules::policy::unmatched_policy_entry::check_ignores(&used_ignores, &ctx, &mut findings);

    for finding in findings {
        let mut diagnostic = finding.diagnostic;
        if let Some(rule) = Rule::from_code(&diagnostic.code) {
            match policy.severity_of(rule) {
                None => continue,
                // Info notes ("checked only among the files given") stay notes.
                Some(severity) if diagnostic.severity != Severity::Info => {
                    diagnostic.severity = severity
                }
                Some(_) => {}
            }
        }
        diagnostics.push(diagnostic);
    }
    sort_findings(&mut diagnostics);
    LintOutcome { diagnostics, tools_checked: tools.len(), policy_valid: true }
}

/// The order of [`sort_diagnostics`] (file, position, code, message), resolving positions only in
/// files with more than one finding: a file's only finding is placed by its file name alone, so
/// the position index of that file (a second YAML parse) is not built for nothing.
fn sort_findings(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= 1 {
        return;
    }
    let mut per_file: HashMap<&str, usize> = HashMap::new();
    for d in diagnostics.iter() {
        *per_file.entry(d.file_name().unwrap_or("")).or_default() += 1;
    }
    let keys: Vec<(String, usize)> = diagnostics
        .par_iter()
        .map(|d| {
            let file = d.file_name().unwrap_or("");
            let start = if per_file.get(file).copied().unwrap_or(0) > 1 {
                d.primary.as_ref().and_then(|l| l.resolved_span()).map_or(0, |s| s.start)
            } else {
                0
            };
            (file.to_owned(), start)
        })
        .collect();
    // Stable, like `sort_diagnostics`.
    let mut keyed: Vec<_> = keys.into_iter().zip(diagnostics.drain(..)).collect();
    keyed.sort_by(|(a, x), (b, y)| {
        a.cmp(b).then_with(|| x.code.cmp(&y.code)).then_with(|| x.message.cmp(&y.message))
    });
    diagnostics.extend(keyed.into_iter().map(|(_, d)| d));
}

/// The file name without folders and extension.
fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    [".yaml", ".yml", ".json"].iter().find_map(|ext| base.strip_suffix(ext)).unwrap_or(base)
}

fn load_tool(file: &Arc<SourceFile>, findings: &mut Vec<Finding>) -> LoadedTool {
    let stem = stem(file.name()).to_owned();
    let value = match file.parse() {
        Ok(value) => value,
        Err(error) => {
            let span = error.location().map(|(_, span)| span);
            findings.push(Finding::about(
                &stem,
                InvalidYaml { message: error.to_string(), span }.into_diagnostic(file),
            ));
            return LoadedTool { file: file.clone(), stem, value: None, tool: None };
        }
    };
    let validator = tool_validator();
    let tool = if validator.is_valid(&value) {
        match ToolFile::from_value(&value) {
            Ok(tool) => Some(tool),
            Err(error) => {
                let id = id_of(&value, &stem);
                findings.push(Finding::about(
                    &id,
                    SchemaViolation::value(error.pointer, error.message).into_diagnostic(file),
                ));
                None
            }
        }
    } else {
        let id = id_of(&value, &stem);
        for violation in schema_violations(validator, &value) {
            findings.push(Finding::about(&id, violation.into_diagnostic(file)));
        }
        None
    };
    LoadedTool { file: file.clone(), stem, value: Some(value), tool }
}

/// The tool's id when readable, else its file stem (for ignore entries and messages).
fn id_of(value: &Value, stem: &str) -> String {
    value.get("id").and_then(Value::as_str).unwrap_or(stem).to_owned()
}

fn schema_violations(validator: &Validator, value: &Value) -> Vec<SchemaViolation> {
    crate::schema_errors::problems(validator.iter_errors(value))
        .into_iter()
        .map(|problem| match problem.unknown_key {
            Some(key) => SchemaViolation::unknown_key(problem.pointer, &key),
            None => SchemaViolation::value(problem.pointer, problem.message),
        })
        .collect()
}

fn check_manifest(file: &Arc<SourceFile>, findings: &mut Vec<Finding>) {
    let value = match file.parse() {
        Ok(value) => value,
        Err(error) => {
            let span = error.location().map(|(_, span)| span);
            findings.push(Finding::general(
                InvalidYaml { message: error.to_string(), span }.into_diagnostic(file),
            ));
            return;
        }
    };
    if let Err(error) = Manifest::from_value(&value) {
        findings.push(Finding::general(
            SchemaViolation::value(error.pointer, error.message).into_diagnostic(file),
        ));
    }
    rules::secrets::embedded_secret::check_value(file, &value, None, findings);
}

#[cfg(test)]
mod tests {
    #[test]
    fn stem_drops_folders_and_extension() {
        assert_eq!(super::stem("tools/repos_get.yaml"), "repos_get");
        assert_eq!(super::stem("a\\b\\x.yml"), "x");
        assert_eq!(super::stem("x.json"), "x");
        assert_eq!(super::stem("noext"), "noext");
    }
}
