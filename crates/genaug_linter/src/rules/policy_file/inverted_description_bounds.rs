//! ## What it flags
//!
//! `descriptions.min` greater than `descriptions.max` (after defaults: min 20, max 1024).
//!
//! ## Why it matters to a reviewer
//!
//! No description could satisfy both bounds, so every tool would be reported.
//!
//! ## Example
//!
//! ```yaml
//! descriptions:
//!   min: 200
//!   max: 100
//! ```
//!
//! ## How to fix
//!
//! Make `min` at most `max`.

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "inverted-description-bounds",
    family: Family::PolicyFile,
    severity: Severity::Error,
    scope: Scope::PolicyFile,
    summary: "descriptions.min is greater than descriptions.max",
    source: include_str!("inverted_description_bounds.rs"),
};

pub(crate) struct InvertedDescriptionBounds {
    pub(crate) min: usize,
    pub(crate) max: usize,
}

impl InvertedDescriptionBounds {
    pub(crate) fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::InvertedDescriptionBounds
            .diagnostic(format!(
                "descriptions.min ({}) is greater than descriptions.max ({})",
                self.min, self.max
            ))
            .with_primary(Label::at(file, "/descriptions/min"))
            .with_help("make `min` at most `max`")
    }
}
