//! The one table binding codes to rules. Codes are grouped by family and never reused: when a
//! rule is removed its code moves to [`RETIRED`] with a note, so an old `# noqa`-style ignore or
//! CI log never silently means something else.
//!
//! | range | family |
//! |---|---|
//! | `G0xx` | the policy file itself (`genaug-policy.yaml`) |
//! | `S0xx` | tool-file structure |
//! | `P1xx` | allowlist policy |
//! | `R2xx` | risk and approval |
//! | `Q3xx` | quality: input schema, descriptions, names |
//! | `K4xx` | secrets |
//! | `D5xx` | drift against the spec |

use genaug_diagnostics::Severity;

/// Which group a rule belongs to (the letter of its code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    PolicyFile,
    Structure,
    Policy,
    Risk,
    Quality,
    Secrets,
    Drift,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::PolicyFile => "policy-file",
            Family::Structure => "structure",
            Family::Policy => "policy",
            Family::Risk => "risk",
            Family::Quality => "quality",
            Family::Secrets => "secrets",
            Family::Drift => "drift",
        }
    }
    #[cfg(test)]
    fn letter(self) -> char {
        match self {
            Family::PolicyFile => 'G',
            Family::Structure => 'S',
            Family::Policy => 'P',
            Family::Risk => 'R',
            Family::Quality => 'Q',
            Family::Secrets => 'K',
            Family::Drift => 'D',
        }
    }
}

/// What a rule needs to see to give a true answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// One file at a time (tool file or manifest): exact on any subset of files.
    File,
    /// The whole tool set: on a partial file list it says it was skipped or limited.
    ToolSet,
    /// The policy file on its own.
    PolicyFile,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::File => "per file",
            Scope::ToolSet => "whole tool set",
            Scope::PolicyFile => "policy file",
        }
    }
}

/// What a rule file declares about itself (everything but its code, which this table assigns).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleDef {
    /// Kebab-case, reads after "allow …": `missing-approval`, `unaccepted-high-risk`.
    pub(crate) name: &'static str,
    pub(crate) family: Family,
    pub(crate) severity: Severity,
    pub(crate) scope: Scope,
    /// One line for `genaug rules` and SARIF's `shortDescription`.
    pub(crate) summary: &'static str,
    /// The rule file's own text; its leading `//!` block is the documentation.
    pub(crate) source: &'static str,
}

/// A rule as the CLI lists it.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable code, e.g. `R201`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `missing-approval`.
    pub name: &'static str,
    pub family: Family,
    /// Severity unless the policy's `rules.severity` overrides it.
    pub default_severity: Severity,
    pub scope: Scope,
    /// One line.
    pub summary: &'static str,
    source: &'static str,
}

impl RuleMeta {
    const fn new(code: &'static str, def: RuleDef) -> RuleMeta {
        RuleMeta {
            code,
            name: def.name,
            family: def.family,
            default_severity: def.severity,
            scope: def.scope,
            summary: def.summary,
            source: def.source,
        }
    }

    /// The rule's documentation: the `//!` comment at the top of its file, as Markdown.
    pub fn documentation(&self) -> String {
        let mut doc = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else { break };
            doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            doc.push('\n');
        }
        doc
    }

    /// What `genaug explain CODE` prints and `docs/rules/CODE.md` holds.
    pub fn explanation(&self) -> String {
        format!(
            "# {} `{}`\n\n{}\n\n| family | default severity | scope |\n|---|---|---|\n| {} | {} | {} |\n\n{}",
            self.code,
            self.name,
            self.summary,
            self.family.as_str(),
            self.default_severity.as_str(),
            self.scope.as_str(),
            self.documentation()
        )
    }
}

macro_rules! registry {
    ($( $code:literal => $variant:ident = $family:ident :: $module:ident ),* $(,)?) => {
        /// Every rule, by variant; `Rule::code` is the only way to its code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Rule { $($variant),* }

        impl Rule {
            pub(crate) const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            pub(crate) fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code),* }
            }
        }

        pub(crate) static RULES: &[RuleMeta] = &[
            $(RuleMeta::new($code, crate::rules::$family::$module::META)),*
        ];
    };
}

registry! {
    // G0xx — the policy file
    "G001" => PolicySyntaxError = policy_file::policy_syntax_error,
    "G002" => PolicySchemaViolation = policy_file::policy_schema_violation,
    "G003" => DuplicatePolicyEntry = policy_file::duplicate_policy_entry,
    "G004" => InvalidToolPattern = policy_file::invalid_tool_pattern,
    "G005" => InvalidDate = policy_file::invalid_date,
    "G006" => UnknownRuleCode = policy_file::unknown_rule_code,
    "G007" => InvertedDescriptionBounds = policy_file::inverted_description_bounds,
    // S0xx — tool-file structure
    "S001" => SchemaViolation = structure::schema_violation,
    "S002" => InvalidYaml = structure::invalid_yaml,
    "S003" => FileNameMismatch = structure::file_name_mismatch,
    "S004" => DuplicateId = structure::duplicate_id,
    // P1xx — allowlist policy
    "P101" => EnabledNotAllowed = policy::enabled_not_allowed,
    "P102" => EnabledAndDenied = policy::enabled_and_denied,
    "P103" => UnmatchedPolicyEntry = policy::unmatched_policy_entry,
    // R2xx — risk and approval
    "R201" => MissingApproval = risk::missing_approval,
    "R202" => RiskBelowMethodDefault = risk::risk_below_method_default,
    "R203" => UnacceptedHighRisk = risk::unaccepted_high_risk,
    "R204" => ExpiredAcceptance = risk::expired_acceptance,
    // Q3xx — quality
    "Q301" => InvalidInputSchema = quality::invalid_input_schema,
    "Q302" => MissingDescription = quality::missing_description,
    "Q303" => ShortDescription = quality::short_description,
    "Q304" => LongDescription = quality::long_description,
    "Q305" => IncompatibleToolName = quality::incompatible_tool_name,
    // K4xx — secrets
    "K401" => EmbeddedSecret = secrets::embedded_secret,
    // D5xx — drift against the spec
    "D501" => RemovedOperation = drift::removed_operation,
    "D502" => ChangedOperation = drift::changed_operation,
}

/// Codes that once meant something and may never be assigned again: (code, what it was).
pub(crate) const RETIRED: &[(&str, &str)] = &[];

impl Rule {
    pub(crate) fn meta(self) -> &'static RuleMeta {
        let meta = &RULES[self as usize];
        debug_assert_eq!(meta.code, self.code());
        meta
    }

    pub(crate) fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.code() == code)
    }

    /// A diagnostic of this rule at its default severity (the runner applies overrides).
    pub(crate) fn diagnostic(self, message: impl Into<String>) -> genaug_diagnostics::Diagnostic {
        genaug_diagnostics::Diagnostic::new(self.code(), self.meta().default_severity, message)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_round_trip() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for (index, rule) in Rule::ALL.iter().enumerate() {
            let meta = rule.meta();
            assert_eq!(RULES[index].code, rule.code());
            assert!(codes.insert(meta.code), "duplicate code {}", meta.code);
            assert!(names.insert(meta.name), "duplicate name {}", meta.name);
            assert_eq!(Rule::from_code(meta.code), Some(*rule));
            assert!(
                !RETIRED.iter().any(|(code, _)| *code == meta.code),
                "{} is retired",
                meta.code
            );
        }
    }

    #[test]
    fn codes_match_their_family() {
        for meta in RULES {
            let mut chars = meta.code.chars();
            assert_eq!(chars.next(), Some(meta.family.letter()), "{}", meta.code);
            let digits: String = chars.collect();
            assert!(
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                meta.code
            );
        }
    }

    #[test]
    fn names_are_kebab_case_and_not_instructions() {
        for meta in RULES {
            let name = meta.name;
            assert!(
                !name.is_empty()
                    && name.split('-').all(|part| {
                        !part.is_empty()
                            && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    }),
                "{name} is not kebab-case"
            );
            for verb in ["require-", "avoid-", "no-", "use-", "check-", "must-", "dont-"] {
                assert!(!name.starts_with(verb), "{name} reads as an instruction, not a finding");
            }
        }
    }

    #[test]
    fn every_rule_is_documented_with_the_fixed_headings() {
        for meta in RULES {
            let doc = meta.documentation();
            for heading in [
                "## What it flags",
                "## Why it matters to a reviewer",
                "## Example",
                "## How to fix",
            ] {
                assert!(doc.contains(heading), "{} lacks `{heading}`", meta.code);
            }
            assert!(!meta.summary.is_empty() && !meta.summary.ends_with('.'), "{}", meta.code);
        }
    }

    #[test]
    fn code_list_snapshot() {
        let list: String = RULES
            .iter()
            .map(|m| {
                format!(
                    "{} {:<30} {:<8} {:<14} {}\n",
                    m.code,
                    m.name,
                    m.default_severity.as_str(),
                    m.scope.as_str(),
                    m.summary
                )
            })
            .collect();
        genaug_testing::snapshots("linter").bind(|| insta::assert_snapshot!("code_list", list));
    }
}
