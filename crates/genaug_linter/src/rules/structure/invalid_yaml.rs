//! ## What it flags
//!
//! A tool file (or the manifest) that is not well-formed YAML: a bad indent, an unterminated
//! quote, a tab where YAML forbids one, a duplicate key.
//!
//! ## Why it matters to a reviewer
//!
//! An agent runtime cannot load the file at all, and none of the other checks can look at it:
//! a broken file is a tool nobody reviewed.
//!
//! ## Example
//!
//! ```yaml
//! id: repos_get
//! enabled: true
//! description: "Get a repository   # the quote is never closed
//! ```
//!
//! ## How to fix
//!
//! Fix the syntax at the marked position, or regenerate the file with `genaug integrate`.

use genaug_source::Span;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "invalid-yaml",
    family: Family::Structure,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a tool file or the manifest is not valid YAML",
    source: include_str!("invalid_yaml.rs"),
};

pub(crate) struct InvalidYaml {
    pub(crate) message: String,
    pub(crate) span: Option<Span>,
}

impl InvalidYaml {
    pub(crate) fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        let label = match self.span {
            Some(span) => Label::span(file, span),
            None => Label::file(file),
        };
        Rule::InvalidYaml
            .diagnostic(format!("not valid YAML: {}", self.message))
            .with_primary(label)
            .with_help("fix the syntax at the marked position, or regenerate the file with `genaug integrate`")
    }
}
