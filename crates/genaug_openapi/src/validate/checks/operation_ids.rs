//! **V201 duplicate-operation-id** — two operations (paths, webhooks or callbacks) share an
//! `operationId`. The specification requires them to be unique; genaug names each tool after
//! its operationId, so a duplicate would make two tools with one name.
//!
//! **V212 operation-id-not-tool-name** (info) — an operationId that does not match
//! `^[a-zA-Z0-9_-]{1,64}$`, the tool-name rule of the agent platforms. The tool is renamed; the
//! finding says so before it happens.
//!
//! **V213 operation-without-description** (info) — an operation with neither a non-empty
//! `summary` nor `description`: the tool will have no description for the model to read.

use std::collections::{HashMap, HashSet};

use genaug_diagnostics::{Diagnostic, Label};

use crate::validate::codes;
use crate::validate::context::{Ctx, child};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, String> = HashMap::new();
    let mut seen_objects: HashSet<String> = HashSet::new();
    for op in ctx.operations() {
        // The same path item reached twice (two `$ref`s to it) is one operation, not two.
        if !seen_objects.insert(op.pointer.clone()) {
            continue;
        }
        let id_pointer = child(&op.pointer, "operationId");
        if let Some(id) = op.value.get("operationId").and_then(|v| v.as_str()) {
            match first.get(id) {
                Some(first_pointer) => out.push(
                    Diagnostic::error(
                        codes::DUPLICATE_OPERATION_ID,
                        format!("operationId `{id}` is already used by another operation"),
                    )
                    .with_primary(Label::at(ctx.file, id_pointer.clone()))
                    .with_secondary(
                        Label::at(ctx.file, first_pointer.clone()).with_message("first used here"),
                    )
                    .with_help("give each operation its own operationId"),
                ),
                None => {
                    first.insert(id, id_pointer.clone());
                }
            }
            if op.is_tool && !is_tool_name(id) {
                out.push(
                    Diagnostic::info(
                        codes::OPERATION_ID_NOT_TOOL_NAME,
                        format!(
                            "operationId `{id}` is not a valid tool name (letters, digits, `_` and `-`, at most 64); the tool will be renamed"
                        ),
                    )
                    .with_primary(Label::at(ctx.file, id_pointer))
                    .with_help("use only letters, digits, `_` and `-` (at most 64) to keep the name"),
                );
            }
        }
        let has_text = |key: &str| {
            op.value.get(key).and_then(|v| v.as_str()).is_some_and(|s| !s.trim().is_empty())
        };
        if op.is_tool && !has_text("summary") && !has_text("description") {
            out.push(
                Diagnostic::info(
                    codes::OPERATION_WITHOUT_DESCRIPTION,
                    format!(
                        "`{} {}` has no summary or description; its tool will have no description",
                        op.method.to_uppercase(),
                        op.path
                    ),
                )
                .with_primary(Label::at_key(ctx.file, op.pointer.clone()))
                .with_help("add a `summary` (one line) or a `description` that says what the operation does"),
            );
        }
    }
}

/// `^[a-zA-Z0-9_-]{1,64}$`
pub(crate) fn is_tool_name(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
