//! Policy file → [`Policy`], collecting every problem as a `G0xx` finding before giving up.
//!
//! Order: YAML (G001) → the published JSON Schema, all errors at once (G002; an unknown key points
//! at the key) → serde into the raw types → semantic checks, all collected (G002–G007). Any
//! error-severity problem means no policy is resolved and the lint stops at the policy: every rule
//! that reads the policy would otherwise give answers the author did not ask for.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use genaug_diagnostics::{Diagnostic, Severity};
use genaug_source::{SourceFile, push_token};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use jsonschema::Validator;
use serde_json::Value;

use super::raw::{Level, RawPolicy, RawToolEntry};
use super::{
    Acceptance, DEFAULT_MAX_DESCRIPTION, DEFAULT_MIN_DESCRIPTION, Ignore, Policy, ToolEntry,
    ToolList,
};
use crate::date::Date;
use crate::registry::{Family, Rule};
use crate::rules::policy_file::{
    duplicate_policy_entry::DuplicatePolicyEntry, invalid_date::InvalidDate,
    invalid_tool_pattern::InvalidToolPattern,
    inverted_description_bounds::InvertedDescriptionBounds,
    policy_schema_violation::PolicySchemaViolation, policy_syntax_error::PolicySyntaxError,
    unknown_rule_code::UnknownRuleCode,
};

/// JSON Schema of the policy file, as published in `schemas/policy.schema.json`.
pub(crate) fn policy_schema() -> String {
    let mut text = serde_json::to_string_pretty(&schemars::schema_for!(RawPolicy))
        .expect("a schema always serialises");
    text.push('\n');
    text
}

fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema = serde_json::to_value(schemars::schema_for!(RawPolicy))
            .expect("a schema always serialises");
        jsonschema::draft202012::options()
            .offline()
            .build(&schema)
            .expect("the generated policy schema compiles")
    })
}

/// Reads and validates a policy file. `None` when it has any error (each one reported).
pub(crate) fn resolve(file: &Arc<SourceFile>) -> (Option<Policy>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let value = match file.parse() {
        Ok(Value::Null) => Value::Object(Default::default()),
        Ok(value) => value,
        Err(error) => {
            let span = error.location().map(|(_, span)| span);
            problems
                .push(PolicySyntaxError { message: error.to_string(), span }.into_diagnostic(file));
            return (None, problems);
        }
    };

    let validator = validator();
    if !validator.is_valid(&value) {
        for problem in crate::schema_errors::problems(validator.iter_errors(&value)) {
            problems.push(
                match problem.unknown_key {
                    Some(key) => PolicySchemaViolation::unknown_key(problem.pointer, &key),
                    None => PolicySchemaViolation::value(problem.pointer, problem.message),
                }
                .into_diagnostic(file),
            );
        }
        return (None, problems);
    }
    let raw: RawPolicy = match serde_path_to_error::deserialize(&value) {
        Ok(raw) => raw,
        Err(error) => {
            let pointer = pointer_of(error.path());
            problems.push(
                PolicySchemaViolation::value(pointer, error.into_inner().to_string())
                    .into_diagnostic(file),
            );
            return (None, problems);
        }
    };

    let policy = Resolver { file, problems: &mut problems }.resolve(raw);
    let failed = problems.iter().any(|d| d.severity == Severity::Error);
    (if failed { None } else { Some(policy) }, problems)
}

struct Resolver<'a> {
    file: &'a Arc<SourceFile>,
    problems: &'a mut Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.problems.push(diagnostic);
    }

    /// `reason` and `by` are what a reviewer reads later: blank ones are errors.
    fn not_blank(&mut self, text: &str, pointer: String, field: &str) {
        if text.trim().is_empty() {
            self.report(
                PolicySchemaViolation::value(pointer, format!("`{field}` must not be empty"))
                    .into_diagnostic(self.file),
            );
        }
    }

    fn resolve(mut self, raw: RawPolicy) -> Policy {
        let allow = raw.allow.as_ref().map(|entries| self.tool_list("/allow", "allow", entries));
        let deny = self.tool_list("/deny", "deny", &raw.deny);

        let mut accept = Vec::new();
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (index, entry) in raw.accept.iter().enumerate() {
            let base = format!("/accept/{index}");
            let pointer = format!("{base}/id");
            let expires_pointer = format!("{base}/expires");
            self.not_blank(&entry.reason, format!("{base}/reason"), "reason");
            self.not_blank(&entry.by, format!("{base}/by"), "by");
            if let Some(first) = seen.get(entry.id.as_str()) {
                self.report(
                    DuplicatePolicyEntry {
                        what: format!("acceptance of `{}`", entry.id),
                        pointer: pointer.clone(),
                        first: first.clone(),
                    }
                    .into_diagnostic(self.file),
                );
            } else {
                seen.insert(&entry.id, pointer.clone());
            }
            let expires = match &entry.expires {
                None => None,
                Some(text) => match Date::parse(text) {
                    Some(date) => Some(date),
                    None => {
                        self.report(
                            InvalidDate { pointer: expires_pointer.clone(), text: text.clone() }
                                .into_diagnostic(self.file),
                        );
                        None
                    }
                },
            };
            accept.push(Acceptance {
                id: entry.id.clone(),
                by: entry.by.clone(),
                expires,
                pointer,
                expires_pointer,
            });
        }

        let mut auto_run =
            raw.auto_run.clone().unwrap_or_else(|| vec![genaug_model::RiskLevel::Low]);
        for (index, level) in auto_run.iter().enumerate() {
            if auto_run[..index].contains(level) {
                let first = auto_run.iter().position(|l| l == level).unwrap_or(0);
                self.report(
                    DuplicatePolicyEntry {
                        what: format!("risk level `{level}`"),
                        pointer: format!("/auto_run/{index}"),
                        first: format!("/auto_run/{first}"),
                    }
                    .into_diagnostic(self.file),
                );
            }
        }
        auto_run.sort();
        auto_run.dedup();

        let min = raw
            .descriptions
            .as_ref()
            .and_then(|d| d.min)
            .map_or(DEFAULT_MIN_DESCRIPTION, |m| m as usize);
        let max = raw
            .descriptions
            .as_ref()
            .and_then(|d| d.max)
            .map_or(DEFAULT_MAX_DESCRIPTION, |m| m as usize);
        if min > max {
            self.report(InvertedDescriptionBounds { min, max }.into_diagnostic(self.file));
        }

        let mut targets = Vec::new();
        if let Some(names) = &raw.names {
            for (index, target) in names.targets.iter().enumerate() {
                if let Some(first) = targets.iter().position(|t| t == target) {
                    self.report(
                        DuplicatePolicyEntry {
                            what: format!("name target `{}`", target.as_str()),
                            pointer: format!("/names/targets/{index}"),
                            first: format!("/names/targets/{first}"),
                        }
                        .into_diagnostic(self.file),
                    );
                } else {
                    targets.push(*target);
                }
            }
        } else {
            targets = Policy::defaults().targets;
        }

        let rules = raw.rules.unwrap_or_default();
        let mut severity = Vec::new();
        for (code, level) in &rules.severity {
            let mut pointer = String::from("/rules/severity");
            push_token(&mut pointer, code);
            match self.overridable(code, &pointer, true) {
                Some(rule) => severity.push((
                    rule,
                    match level {
                        Level::Off => None,
                        Level::Info => Some(Severity::Info),
                        Level::Warning => Some(Severity::Warning),
                        Level::Error => Some(Severity::Error),
                    },
                )),
                None => continue,
            }
        }

        let mut ignore = Vec::new();
        let mut ignore_set = GlobSetBuilder::new();
        let mut seen_ignores: HashMap<(String, String), String> = HashMap::new();
        for (index, entry) in rules.ignore.iter().enumerate() {
            let code_pointer = format!("/rules/ignore/{index}/code");
            let pointer = format!("/rules/ignore/{index}/tool");
            self.not_blank(&entry.reason, format!("/rules/ignore/{index}/reason"), "reason");
            let rule = self.overridable(&entry.code, &code_pointer, false);
            let glob = self.glob(&entry.tool, true, &pointer);
            let key = (entry.code.clone(), entry.tool.clone());
            if let Some(first) = seen_ignores.get(&key) {
                self.report(
                    DuplicatePolicyEntry {
                        what: format!("ignore of `{}` for `{}`", entry.code, entry.tool),
                        pointer: pointer.clone(),
                        first: first.clone(),
                    }
                    .into_diagnostic(self.file),
                );
            } else {
                seen_ignores.insert(key, pointer.clone());
            }
            if let (Some(rule), Some(glob)) = (rule, glob) {
                ignore_set.add(glob);
                ignore.push(Ignore { rule, tool: entry.tool.clone(), pointer });
            }
        }
        let ignore_set = ignore_set.build().unwrap_or_else(|_| GlobSet::empty());

        Policy {
            file: Some(self.file.clone()),
            allow,
            deny,
            accept,
            auto_run,
            min_description: min,
            max_description: max,
            targets,
            severity,
            ignore,
            ignore_set,
        }
    }

    /// The rule a `rules` entry names, if it is a rule whose findings concern tools.
    fn overridable(&mut self, code: &str, pointer: &str, on_key: bool) -> Option<Rule> {
        match Rule::from_code(code) {
            Some(rule) if rule.meta().family != Family::PolicyFile => Some(rule),
            found => {
                self.report(
                    UnknownRuleCode {
                        pointer: pointer.to_owned(),
                        on_key,
                        code: code.to_owned(),
                        policy_file_rule: found.is_some(),
                    }
                    .into_diagnostic(self.file),
                );
                None
            }
        }
    }

    fn tool_list(&mut self, list: &'static str, name: &str, raw: &[RawToolEntry]) -> ToolList {
        let mut entries = Vec::new();
        let mut set = GlobSetBuilder::new();
        let mut seen: HashMap<(bool, &str), String> = HashMap::new();
        for (index, entry) in raw.iter().enumerate() {
            let base = format!("{list}/{index}");
            self.not_blank(&entry.reason, format!("{base}/reason"), "reason");
            let (text, is_pattern, pointer) = match (&entry.id, &entry.pattern) {
                (Some(id), None) => (id, false, format!("{base}/id")),
                (None, Some(pattern)) => (pattern, true, format!("{base}/pattern")),
                _ => {
                    self.report(
                        PolicySchemaViolation::value(
                            base,
                            format!("an `{name}` entry needs exactly one of `id` and `pattern`"),
                        )
                        .into_diagnostic(self.file),
                    );
                    continue;
                }
            };
            if let Some(first) = seen.get(&(is_pattern, text.as_str())) {
                self.report(
                    DuplicatePolicyEntry {
                        what: format!("`{name}` entry `{text}`"),
                        pointer: pointer.clone(),
                        first: first.clone(),
                    }
                    .into_diagnostic(self.file),
                );
                continue;
            }
            seen.insert((is_pattern, text), pointer.clone());
            let Some(glob) = self.glob(text, is_pattern, &pointer) else { continue };
            set.add(glob);
            entries.push(ToolEntry {
                text: text.clone(),
                is_pattern,
                reason: entry.reason.clone(),
                pointer,
            });
        }
        let set = set.build().unwrap_or_else(|_| GlobSet::empty());
        ToolList { pointer: list, entries, set }
    }

    /// Compiles an id (matched literally) or a pattern; reports a bad pattern.
    fn glob(&mut self, text: &str, is_pattern: bool, pointer: &str) -> Option<Glob> {
        let source = if is_pattern { text.to_owned() } else { globset::escape(text) };
        match GlobBuilder::new(&source).literal_separator(false).build() {
            Ok(glob) => Some(glob),
            Err(error) => {
                self.report(
                    InvalidToolPattern {
                        pointer: pointer.to_owned(),
                        pattern: text.to_owned(),
                        reason: error.kind().to_string(),
                    }
                    .into_diagnostic(self.file),
                );
                None
            }
        }
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => push_token(&mut pointer, &index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => push_token(&mut pointer, key),
            Segment::Unknown => {}
        }
    }
    pointer
}
