//! Compiling a document: one tool per operation under `paths`.

use genaug_diagnostics::{Diagnostic, Label};
use genaug_model::{ToolCounts, ToolFile};
use genaug_openapi::{Document, Operation};
use rayon::prelude::*;
use serde_json::Value;

use crate::ids::{self, Assigned, IdSource, Rename};
use crate::operation::compile_operation;

/// One tool and the findings its operation produced.
type CompiledTool = (ToolFile, Vec<Diagnostic>);

/// What [`compile_each`] keeps of one operation: the tool id, what `each` made of the tool, and
/// the findings.
type Kept<T> = Result<(String, T, Vec<Diagnostic>), Box<Diagnostic>>;

/// Which operations become tools. Empty include lists mean "all".
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub include_tags: Vec<String>,
    pub exclude_tags: Vec<String>,
    /// Glob patterns over the path template (`/repos/**`, `/pets/*`); `*` stays within one segment.
    pub include_paths: Vec<String>,
    /// Exclude by operationId as written in the spec, or by tool id.
    pub exclude_operations: Vec<String>,
}

/// What the caller knows about the spec that the document does not.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// The spec as the manifest records it, written into `source.spec` (relative to the project
    /// folder, a URL, or `<stdin>`; never an absolute path).
    pub spec_name: String,
    /// SHA-256 (hex) of the root spec's bytes.
    pub spec_sha256: String,
    pub filters: Filters,
}

/// Facts about the spec for the manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpecInfo {
    pub openapi: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<String>,
    pub security_schemes: Option<Value>,
}

/// The result of compiling a document: its tools (or what [`compile_each`] made of them).
#[derive(Debug)]
pub struct Compiled<T = ToolFile> {
    /// One per kept operation, sorted by tool id.
    pub tools: Vec<T>,
    pub counts: ToolCounts,
    pub info: SpecInfo,
    /// Warnings and infos (renamed ids, ignored parameters, repaired schemas…), each located.
    pub diagnostics: Vec<Diagnostic>,
}

/// Compiles every operation of `document` that passes the filters.
/// Fails (a located diagnostic) only when the document cannot be read as OpenAPI at all
/// (a dangling `$ref`, a malformed operation) or a filter glob is invalid.
pub fn compile(document: &Document, options: &CompileOptions) -> Result<Compiled, Box<Diagnostic>> {
    compile_each(document, options, |tool| tool)
}

/// [`compile`], handing each tool to `each` as soon as it is compiled (on the thread that
/// compiled it) and keeping only what `each` returns. A large spec's tools are gigabytes of
/// schema values (Microsoft Graph beta: 22,361 tools, ~150 KB each); a caller that only needs
/// each tool's bytes can let every value go as soon as it is emitted.
pub fn compile_each<T: Send>(
    document: &Document,
    options: &CompileOptions,
    each: impl Fn(ToolFile) -> T + Sync,
) -> Result<Compiled<T>, Box<Diagnostic>> {
    let operations = document.operations()?;
    let sources: Vec<IdSource<'_>> = operations
        .iter()
        .map(|op| IdSource { operation_id: op.operation_id, method: op.method, path: op.path })
        .collect();
    // Ids are assigned over every operation before filtering, so a filter never renames a tool.
    let assigned = ids::assign(&sources);
    let filter = crate::filter::Compiled::new(&options.filters)?;
    let kept: Vec<usize> =
        (0..operations.len()).filter(|&i| filter.keeps(&operations[i], &assigned[i].id)).collect();

    let results: Vec<Kept<T>> = kept
        .par_iter()
        .map(|&i| {
            let (tool, found): CompiledTool =
                compile_operation(document, &operations[i], &assigned[i].id, options)?;
            Ok((tool.id.clone(), each(tool), found))
        })
        .collect();

    let mut diagnostics = Vec::new();
    let mut tools = Vec::with_capacity(kept.len());
    for (result, &i) in results.into_iter().zip(&kept) {
        let (id, tool, found) = result?;
        tools.push((id, tool));
        diagnostics.extend(found);
        if let Some(rename) = rename_diagnostic(document, &operations, &assigned, i) {
            diagnostics.push(rename);
        }
    }
    tools.sort_by(|a, b| a.0.cmp(&b.0));
    let tools: Vec<T> = tools.into_iter().map(|(_, tool)| tool).collect();

    let non_tools = document.non_tool_counts();
    let counts = ToolCounts {
        tools: tools.len(),
        webhooks: non_tools.webhooks,
        callbacks: non_tools.callbacks,
        filtered_out: operations.len() - kept.len(),
    };
    Ok(Compiled { tools, counts, info: spec_info(document), diagnostics })
}

fn spec_info(document: &Document) -> SpecInfo {
    let root = document.root();
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_owned();
    let info = root.get("info");
    SpecInfo {
        openapi: document.version_string().to_owned(),
        title: text(info.and_then(|i| i.get("title"))),
        version: text(info.and_then(|i| i.get("version"))),
        description: info
            .and_then(|i| i.get("description"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        servers: root
            .get("servers")
            .and_then(Value::as_array)
            .map(|servers| {
                servers
                    .iter()
                    .filter_map(|s| s.get("url").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        security_schemes: root.pointer("/components/securitySchemes").cloned(),
    }
}

/// One warning per renamed operation, on the operationId (or on the method key when missing).
fn rename_diagnostic(
    document: &Document,
    operations: &[Operation<'_>],
    assigned: &[Assigned],
    index: usize,
) -> Option<Diagnostic> {
    let op = &operations[index];
    let Assigned { id, renames } = &assigned[index];
    let first = renames.first()?;
    let file = document.file(op.origin.file);
    let where_ = format!("{} {}", op.method, op.path);
    let mut reasons = Vec::new();
    let mut secondary = None;
    for rename in renames {
        match rename {
            Rename::Missing => {}
            Rename::Sanitised => {
                reasons.push("characters outside [a-zA-Z0-9_-] replaced".to_owned())
            }
            Rename::Shortened => reasons.push(format!(
                "longer than {} characters: middle words dropped, hash of the original added",
                ids::MAX_ID_LEN
            )),
            Rename::Collision { taken_by } => {
                let other = &operations[*taken_by];
                reasons.push(format!(
                    "`{}` is already the tool for {} {}",
                    assigned[*taken_by].id, other.method, other.path
                ));
                secondary = Some(
                    Label::at_key(document.file(other.origin.file), other.origin.pointer.clone())
                        .with_message(format!(
                            "`{}` is this operation's tool",
                            assigned[*taken_by].id
                        )),
                );
            }
        }
    }
    let (code, mut diagnostic) = match (first, op.operation_id) {
        (Rename::Missing, _) | (_, None) => {
            let message = if reasons.is_empty() {
                format!("{where_} has no operationId; its tool is named `{id}`")
            } else {
                format!(
                    "{where_} has no operationId; its tool is named `{id}` ({})",
                    reasons.join("; ")
                )
            };
            let label =
                Label::at_key(file, op.origin.pointer.clone()).with_message("no operationId");
            ("C103", Diagnostic::warning("C103", message).with_primary(label))
        }
        (_, Some(original)) => {
            let code = if renames.iter().any(|r| matches!(r, Rename::Collision { .. })) {
                "C104"
            } else if renames.contains(&Rename::Shortened) {
                "C102"
            } else {
                "C101"
            };
            let message =
                format!("operationId `{original}` becomes tool `{id}`: {}", reasons.join("; "));
            let label = Label::at(file, format!("{}/operationId", op.origin.pointer))
                .with_message(format!("tool `{id}`"));
            (code, Diagnostic::warning(code, message).with_primary(label))
        }
    };
    diagnostic = diagnostic.with_help(match code {
        "C103" => "add an operationId to choose a stable, meaningful tool name".to_owned(),
        _ => "tool names must match ^[a-zA-Z0-9_-]{1,64}$ and be unique ignoring case; \
              change the operationId to choose the name yourself (the original stays in `operation.operation_id`)"
            .to_owned(),
    });
    if let Some(label) = secondary {
        diagnostic = diagnostic.with_secondary(label);
    }
    Some(diagnostic)
}
