//! **V202 dangling-ref** — a `$ref` whose target does not exist, or a chain of `$ref`s that
//! loops back on itself. Every such ref is reported (not only the first), at the `$ref` value.
//!
//! Refs are found by [`crate::for_each_ref`] (data such as examples and defaults is skipped; a
//! property named `$ref` is a property). With a loaded [`crate::Document`], refs in every loaded
//! file are checked through [`crate::Document::resolve`]; without one, refs within the file.

use genaug_diagnostics::{Diagnostic, Label};

use std::collections::{HashMap, HashSet};

use crate::FileIx;
use crate::validate::codes;
use crate::validate::context::{Ctx, RefError, child};

const HELP: &str = "point the `$ref` at an existing definition, or add the missing definition";

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(document) = ctx.document {
        // Where a ref leads depends only on its file and its text: each distinct pair that
        // resolves is followed once (GitHub's 10,139 refs are ~1,000 distinct strings).
        let mut resolved: HashMap<FileIx, HashSet<String>> = HashMap::new();
        document.for_each_ref(&mut |origin, reference| {
            if resolved.get(&origin.file).is_some_and(|refs| refs.contains(reference)) {
                return;
            }
            match document.resolve(origin, reference) {
                Ok(_) => {
                    resolved.entry(origin.file).or_default().insert(reference.to_owned());
                }
                Err(failure) => {
                    let label = failure.primary.clone().unwrap_or_else(|| {
                        Label::at(document.file(origin.file), child(&origin.pointer, "$ref"))
                    });
                    let mut diagnostic =
                        Diagnostic::error(codes::DANGLING_REF, failure.message.clone())
                            .with_primary(label)
                            .with_help(failure.help.clone().unwrap_or_else(|| HELP.to_owned()));
                    diagnostic.secondary = failure.secondary.clone();
                    out.push(diagnostic);
                }
            }
        });
        return;
    }
    let mut refs: Vec<(String, String)> = Vec::new();
    crate::for_each_ref(ctx.root, "", &mut |pointer, reference| {
        refs.push((pointer.to_owned(), reference.to_owned()));
    });
    for (pointer, reference) in refs {
        if let Err(RefError::Dangling(why)) = ctx.resolver.resolve(&pointer, &reference) {
            out.push(
                Diagnostic::error(codes::DANGLING_REF, why)
                    .with_primary(Label::at(ctx.file, child(&pointer, "$ref")))
                    .with_help(HELP),
            );
        }
    }
}
