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
    let file = document.root_file();
    let mut out = checked(file, document.root(), document.version(), &resolver, Some(document));
    sort_in_json(&mut out, file, document.root());
    out
}

/// Checks one parsed OpenAPI file without a [`Document`]: `$ref`s within the file are followed,
/// refs to other files are not checked. Findings are sorted by position.
pub fn validate_value(
    file: &Arc<SourceFile>,
    value: &Value,
    version: OasVersion,
) -> Vec<Diagnostic> {
    let resolver = LocalResolver { root: value };
    let mut out = checked(file, value, version, &resolver, None);
    sort(&mut out);
    out
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

/// Every finding, unsorted.
fn checked<'a>(
    file: &'a Arc<SourceFile>,
    root: &'a Value,
    version: OasVersion,
    resolver: &'a (dyn Resolve<'a> + Sync),
    document: Option<&'a Document>,
) -> Vec<Diagnostic> {
    let ctx = Ctx { file, root, version, resolver, document };
    // The structure and most checks on one thread while the examples are checked on this one
    // (which splits its compiling over a second); the findings keep the order of a serial run.
    let (mut out, examples) = std::thread::scope(|scope| {
        let most = scope.spawn(|| {
            let mut out = structure::check(file, root, version);
            checks::run_most(&ctx, &mut out);
            out
        });
        let mut examples = Vec::new();
        checks::run_examples(&ctx, &mut examples);
        let out = most.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (out, examples)
    });
    out.extend(examples);
    drop_explained(&mut out);
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

/// The order of [`genaug_diagnostics::sort_diagnostics`] (file, position, code, message) without
/// building the span index of a large file, when every finding points by pointer into `file`, a
/// JSON text whose parsed value is `root`. In JSON, text order is the order of a pre-order walk of
/// the value (keys keep their text order, duplicate keys are rejected): a value starts after its
/// key, and both come before anything inside the value and after everything before them. So a
/// position is the list of child indexes down to the node the span index would resolve (the
/// nearest existing one), then 0 for the key span or 1 for the value span. Anything else (an
/// explicit span, another file, YAML, where aliases break text order) takes the span-index sort.
fn sort_in_json(diagnostics: &mut Vec<Diagnostic>, file: &Arc<SourceFile>, root: &Value) {
    if diagnostics.len() <= 1 {
        return;
    }
    let in_order = file.format() == genaug_source::Format::Json
        && u32::try_from(file.text().len()).is_ok_and(|n| n < u32::MAX);
    let keys: Option<Vec<(Vec<usize>, u8)>> = in_order
        .then(|| {
            diagnostics
                .iter()
                .map(|d| {
                    let label = d.primary.as_ref()?;
                    if label.span.is_some() || !Arc::ptr_eq(&label.file, file) {
                        return None;
                    }
                    json_position(root, label.pointer.as_deref()?, label.on_key)
                })
                .collect()
        })
        .flatten();
    let Some(keys) = keys else {
        sort(diagnostics);
        return;
    };
    // The file name is the same for all; stable, like `sort_diagnostics`.
    let mut keyed: Vec<_> = keys.into_iter().zip(diagnostics.drain(..)).collect();
    keyed.sort_by(|(a, x), (b, y)| {
        a.cmp(b).then_with(|| x.code.cmp(&y.code)).then_with(|| x.message.cmp(&y.message))
    });
    diagnostics.extend(keyed.into_iter().map(|(_, d)| d));
}

/// Where the span index would put a label on `pointer` in a JSON text parsed as `root` (see
/// [`sort_in_json`]); `None` for a pointer the span index resolves to nothing.
fn json_position(root: &Value, pointer: &str, on_key: bool) -> Option<(Vec<usize>, u8)> {
    let mut path = Vec::new();
    let mut node = root;
    // The root and sequence items have no key: their key span is their value span.
    let mut has_key = false;
    if !pointer.is_empty() {
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token: std::borrow::Cow<'_, str> = if raw.contains('~') {
                raw.replace("~1", "/").replace("~0", "~").into()
            } else {
                raw.into()
            };
            let found = match node {
                Value::Object(map) => map
                    .iter()
                    .enumerate()
                    .find(|(_, (key, _))| **key == *token)
                    .map(|(i, (_, child))| (i, child, true)),
                // Sequence items are indexed by their canonical decimal index only.
                Value::Array(items) => canonical_index(&token)
                    .and_then(|i| items.get(i).map(|child| (i, child, false))),
                _ => None,
            };
            let Some((index, child, keyed)) = found else { break };
            path.push(index);
            node = child;
            has_key = keyed;
        }
    }
    Some((path, if on_key && has_key { 0 } else { 1 }))
}

/// `n` when `token` is written exactly as `n` in decimal (no sign, no leading zero).
fn canonical_index(token: &str) -> Option<usize> {
    let canonical = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    canonical.then(|| token.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use genaug_diagnostics::Label;

    /// The pointer-order sort gives exactly the span-index sort, for pointers to keys, values,
    /// sequence items, missing members, escaped and non-canonical tokens.
    #[test]
    fn json_order_is_span_order() {
        let text = r#" {"b": {"x": [1, {"y~z": 2, "a/b": [3]}], "": 0},
            "a": [[], {}, "s"], "10": {"01": 1, "1": {"k": null}}} "#;
        let file = Arc::new(SourceFile::new("t.json", text));
        let root = file.parse().expect("parses");
        let pointers = [
            "",
            "/b",
            "/b/x",
            "/b/x/0",
            "/b/x/1",
            "/b/x/1/y~0z",
            "/b/x/1/a~1b",
            "/b/x/1/a~1b/0",
            "/b/x/01",
            "/b/x/9",
            "/b/",
            "/b/missing/deeper",
            "/a",
            "/a/0",
            "/a/1",
            "/a/2",
            "/a/2/x",
            "/10",
            "/10/01",
            "/10/1",
            "/10/1/k",
            "/10/+1",
            "/zz",
        ];
        let mut diagnostics = Vec::new();
        for (i, pointer) in pointers.iter().enumerate() {
            for on_key in [false, true] {
                for code in ["V2", "V1"] {
                    let label = if on_key {
                        Label::at_key(&file, *pointer)
                    } else {
                        Label::at(&file, *pointer)
                    };
                    diagnostics
                        .push(Diagnostic::error(code, format!("m{}", i % 3)).with_primary(label));
                }
            }
        }
        diagnostics.reverse();
        let mut by_spans = diagnostics.clone();
        sort(&mut by_spans);
        let mut by_pointers = diagnostics;
        sort_in_json(&mut by_pointers, &file, &root);
        let show = |d: &[Diagnostic]| -> Vec<String> {
            d.iter()
                .map(|d| {
                    let l = d.primary.as_ref().expect("label");
                    format!("{} {} {:?} {}", d.code, d.message, l.pointer, l.on_key)
                })
                .collect()
        };
        assert_eq!(show(&by_pointers), show(&by_spans));
    }
}
