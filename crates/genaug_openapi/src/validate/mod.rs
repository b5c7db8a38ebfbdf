//! Validation of OpenAPI documents (issue 3): structure against the official OAS JSON Schemas
//! (embedded, offline; `V1xx`), plus semantic checks a JSON Schema cannot express (`V2xx`).
//! Everything here is a finding, never a failure: a document that is wrong in every way still
//! yields a list of findings, and no input makes validation panic.
//!
//! Entry points: [`validate`] (a loaded [`Document`], `$ref`s into external files followed),
//! [`validate_value`] (one parsed file, local `$ref`s only) and [`validate_structure`] (the
//! official schema alone). Every code is listed in [`CHECKS`].

mod checks;
mod codes;
mod context;
mod structure;

use std::sync::Arc;

use genaug_diagnostics::Diagnostic;
use genaug_source::SourceFile;
use serde_json::Value;

pub use codes::{CHECKS, CheckInfo, check_info};

use crate::{Document, OasVersion};
use context::{Ctx, DocumentResolver, LocalResolver, Resolve};

/// Checks the whole document; returns findings sorted by position.
pub fn validate(document: &Document) -> Vec<Diagnostic> {
    let resolver = DocumentResolver { document };
    run(document.root_file(), document.root(), document.version(), &resolver, Some(document))
}

/// Checks one parsed OpenAPI file without a [`Document`]: `$ref`s within the file are followed,
/// refs to other files are not checked. Findings are sorted by position.
pub fn validate_value(
    file: &Arc<SourceFile>,
    value: &Value,
    version: OasVersion,
) -> Vec<Diagnostic> {
    let resolver = LocalResolver { root: value };
    run(file, value, version, &resolver, None)
}

/// Only the structural check (`V1xx`): `value` against the official OAS JSON Schema of
/// `version`, the check the official OAS schema test suite is written for. Sorted by position.
pub fn validate_structure(
    file: &Arc<SourceFile>,
    value: &Value,
    version: OasVersion,
) -> Vec<Diagnostic> {
    let mut out = structure::check(file, value, version);
    sort(&mut out);
    out
}

fn run<'a>(
    file: &'a Arc<SourceFile>,
    root: &'a Value,
    version: OasVersion,
    resolver: &'a dyn Resolve<'a>,
    document: Option<&'a Document>,
) -> Vec<Diagnostic> {
    let mut out = structure::check(file, root, version);
    let ctx = Ctx { file, root, version, resolver, document };
    checks::run(&ctx, &mut out);
    drop_explained(&mut out);
    sort(&mut out);
    out
}

/// The official schemas also require `required: true` on path parameters; V205 says it better,
/// so the structural finding on the same parameter is dropped.
fn drop_explained(diagnostics: &mut Vec<Diagnostic>) {
    let explained: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.code == codes::PATH_PARAMETER_NOT_REQUIRED)
        .filter_map(|d| d.primary.as_ref()?.pointer.clone())
        .map(|p| p.strip_suffix("/required").map_or(p.clone(), str::to_owned))
        .collect();
    if explained.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        if !d.code.starts_with("V1") {
            return true;
        }
        let Some(pointer) = d.primary.as_ref().and_then(|l| l.pointer.as_deref()) else {
            return true;
        };
        let parameter = pointer.strip_suffix("/required").unwrap_or(pointer);
        !explained.iter().any(|e| e == parameter)
    });
}

/// Sorts by file and position (the span index is built only when there is something to sort).
fn sort(diagnostics: &mut [Diagnostic]) {
    if diagnostics.len() > 1 {
        genaug_diagnostics::sort_diagnostics(diagnostics);
    }
}
