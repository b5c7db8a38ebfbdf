//! ## What it flags
//!
//! A tool file that does not match the tool schema (`schemas/tool.schema.json`): an unknown key
//! (reported at the key itself), a missing field, a value of the wrong type, a risk level or HTTP
//! method that does not exist, an id that is not `^[a-zA-Z0-9_-]{1,64}$`. Every problem in the
//! file is reported at once. For the manifest (`genaug-agent.yaml`) the first problem is reported.
//!
//! ## Why it matters to a reviewer
//!
//! A hand edit that the runtime ignores (`requires_aproval: true`) looks like a safeguard and is
//! none. Unknown keys are errors, never ignored.
//!
//! ## Example
//!
//! ```yaml
//! id: repos_delete
//! enabled: false
//! risk_level: high
//! requires_aproval: true     # misspelt: the real key is still missing
//! ```
//!
//! ## How to fix
//!
//! Rename or remove the key, or correct the value; editors reading the file's
//! `# yaml-language-server: $schema=…` header complete the valid keys.

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "schema-violation",
    family: Family::Structure,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a tool file does not match the tool schema",
    source: include_str!("schema_violation.rs"),
};

pub(crate) struct SchemaViolation {
    pointer: String,
    unknown_key: Option<String>,
    message: String,
}

impl SchemaViolation {
    pub(crate) fn unknown_key(pointer: String, key: &str) -> Self {
        Self { pointer, unknown_key: Some(key.to_owned()), message: String::new() }
    }
    pub(crate) fn value(pointer: String, message: String) -> Self {
        Self { pointer, unknown_key: None, message }
    }

    pub(crate) fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        match self.unknown_key {
            Some(key) => Rule::SchemaViolation
                .diagnostic(format!("unknown key `{key}`"))
                .with_primary(Label::at_key(file, self.pointer))
                .with_help("remove the key or fix its spelling (see schemas/tool.schema.json)"),
            None => {
                let at = if self.pointer.is_empty() { "the document" } else { &self.pointer };
                Rule::SchemaViolation
                    .diagnostic(format!("invalid value at {at}: {}", self.message))
                    .with_primary(Label::at(file, self.pointer))
                    .with_help(
                        "correct the value (see schemas/tool.schema.json), or regenerate the file",
                    )
            }
        }
    }
}
