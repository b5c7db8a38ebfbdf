//! What every semantic check reads: the root file and value, the version, `$ref` resolution, and
//! the operations of the document. Everything here tolerates wrong types: a value that is not
//! what the specification says is skipped (the structural check reports it).

use std::sync::Arc;

use genaug_source::{SourceFile, push_token};
use serde_json::{Map, Value};

use crate::{Document, FileIx, OasVersion, Origin, RefTarget, parse_ref};

/// Where a `$ref` led.
pub(crate) struct Target<'a> {
    pub(crate) value: &'a Value,
    /// The target's pointer when it is in the root file (findings can point there).
    pub(crate) pointer: Option<String>,
}

/// Why a `$ref` could not be followed.
pub(crate) enum RefError {
    /// The target does not exist, or the chain loops; the text says which.
    Dangling(String),
    /// Not checkable here (another file or a URL, without a [`Document`] that loaded it).
    Unchecked,
}

/// Follows `$ref`s: locally within one value, or through a loaded [`Document`].
pub(crate) trait Resolve<'a>: Sync {
    fn resolve(&self, from: &str, reference: &str) -> Result<Target<'a>, RefError>;
}

/// Resolution within the root value only; refs to other files are [`RefError::Unchecked`].
pub(crate) struct LocalResolver<'a> {
    pub(crate) root: &'a Value,
}

/// Longest `$ref` chain followed before calling it a loop.
const MAX_HOPS: usize = 64;

impl<'a> Resolve<'a> for LocalResolver<'a> {
    fn resolve(&self, _from: &str, reference: &str) -> Result<Target<'a>, RefError> {
        let mut reference = reference.to_owned();
        let mut seen: Vec<String> = Vec::new();
        loop {
            let pointer = match parse_ref(&reference) {
                Some(RefTarget::Local { pointer }) => pointer,
                // Another file, a URL, or a plain-name fragment (a 3.1 `$anchor`).
                _ => return Err(RefError::Unchecked),
            };
            let Some(value) = self.root.pointer(&pointer) else {
                return Err(RefError::Dangling(format!("`$ref` `{reference}` points to nothing")));
            };
            match value.get("$ref") {
                Some(Value::String(next)) if value.is_object() => {
                    if seen.contains(&pointer) || seen.len() >= MAX_HOPS {
                        return Err(RefError::Dangling(format!(
                            "the chain of `$ref`s through `#{pointer}` loops"
                        )));
                    }
                    seen.push(pointer);
                    reference = next.clone();
                }
                _ => return Ok(Target { value, pointer: Some(pointer) }),
            }
        }
    }
}

/// Resolution through a loaded [`Document`] (every external file already loaded).
pub(crate) struct DocumentResolver<'a> {
    pub(crate) document: &'a Document,
}

impl<'a> Resolve<'a> for DocumentResolver<'a> {
    fn resolve(&self, from: &str, reference: &str) -> Result<Target<'a>, RefError> {
        let origin = Origin { file: FileIx(0), pointer: from.to_owned() };
        match self.document.resolve(&origin, reference) {
            Ok(resolved) => Ok(Target {
                value: resolved.value,
                pointer: (resolved.origin.file == FileIx(0)).then_some(resolved.origin.pointer),
            }),
            Err(diagnostic) => Err(RefError::Dangling(diagnostic.message)),
        }
    }
}

/// The document being validated.
pub(crate) struct Ctx<'a> {
    pub(crate) file: &'a Arc<SourceFile>,
    pub(crate) root: &'a Value,
    pub(crate) version: OasVersion,
    pub(crate) resolver: &'a (dyn Resolve<'a> + Sync),
    /// The loaded document, when there is one (external files are then checked too).
    pub(crate) document: Option<&'a Document>,
}

/// The HTTP methods of a Path Item, in OpenAPI's order.
pub(crate) const METHODS: [&str; 8] =
    ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// An operation object found in the document.
pub(crate) struct Op<'a> {
    /// The `paths` key (or webhook name, or callback expression).
    pub(crate) path: &'a str,
    pub(crate) method: &'static str,
    pub(crate) pointer: String,
    pub(crate) value: &'a Map<String, Value>,
    /// The path item holding it, and where that is.
    pub(crate) path_item: &'a Map<String, Value>,
    pub(crate) path_item_pointer: String,
    /// Under `paths` (becomes a tool), rather than a webhook or a callback.
    pub(crate) is_tool: bool,
}

pub(crate) fn child(pointer: &str, token: &str) -> String {
    let mut out = pointer.to_owned();
    push_token(&mut out, token);
    out
}

impl<'a> Ctx<'a> {
    /// `value`, or its target when it is a Reference Object; `pointer` is where `value` is.
    /// `None` when the ref cannot be followed into the root file (dangling refs are V202's).
    pub(crate) fn follow(&self, value: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
        match value.get("$ref") {
            Some(Value::String(reference)) => {
                let target = self.resolver.resolve(pointer, reference).ok()?;
                Some((target.value, target.pointer?))
            }
            _ => Some((value, pointer.to_owned())),
        }
    }

    /// Like [`Ctx::follow`], but also accepts a target in another file (no pointer then).
    pub(crate) fn follow_value(&self, value: &'a Value, pointer: &str) -> Option<&'a Value> {
        match value.get("$ref") {
            Some(Value::String(reference)) => {
                self.resolver.resolve(pointer, reference).ok().map(|t| t.value)
            }
            _ => Some(value),
        }
    }

    /// Every operation of `paths`, `webhooks`, and the callbacks inside them, in document order.
    /// Path items reached through `$ref` in the root file are followed.
    pub(crate) fn operations(&self) -> Vec<Op<'a>> {
        let mut out = Vec::new();
        for (section, is_tool) in [("paths", true), ("webhooks", false)] {
            let Some(Value::Object(items)) = self.root.get(section) else { continue };
            let section_pointer = child("", section);
            for (path, item) in items {
                let pointer = child(&section_pointer, path);
                self.path_item_operations(path, item, &pointer, is_tool, 0, &mut out);
            }
        }
        out
    }

    fn path_item_operations(
        &self,
        path: &'a str,
        item: &'a Value,
        pointer: &str,
        is_tool: bool,
        depth: usize,
        out: &mut Vec<Op<'a>>,
    ) {
        // Callbacks inside callbacks are legal but a deep nesting is an attack, not an API.
        if depth > 8 {
            return;
        }
        let Some((item, item_pointer)) = self.follow(item, pointer) else { return };
        let Some(item) = item.as_object() else { return };
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get(method) else { continue };
            let op_pointer = child(&item_pointer, method);
            out.push(Op {
                path,
                method,
                pointer: op_pointer.clone(),
                value: operation,
                path_item: item,
                path_item_pointer: item_pointer.clone(),
                is_tool,
            });
            let Some(Value::Object(callbacks)) = operation.get("callbacks") else { continue };
            let callbacks_pointer = child(&op_pointer, "callbacks");
            for (name, callback) in callbacks {
                let Some((callback, callback_pointer)) =
                    self.follow(callback, &child(&callbacks_pointer, name))
                else {
                    continue;
                };
                let Some(callback) = callback.as_object() else { continue };
                for (expression, item) in callback {
                    if expression.starts_with("x-") {
                        continue;
                    }
                    let pointer = child(&callback_pointer, expression);
                    self.path_item_operations(expression, item, &pointer, false, depth + 1, out);
                }
            }
        }
    }
}
