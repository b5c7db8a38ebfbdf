//! SKELETON — validation of OpenAPI documents (issue 3): structure against the official OAS
//! JSON Schemas (embedded), plus semantic checks. Findings, never failures.

use genaug_diagnostics::Diagnostic;

use crate::Document;

/// Checks the whole document; returns findings sorted by position.
pub fn validate(_document: &Document) -> Vec<Diagnostic> {
    Vec::new()
}
