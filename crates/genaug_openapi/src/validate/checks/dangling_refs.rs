//! **V202 dangling-ref** — a `$ref` whose target does not exist, or a chain of `$ref`s that
//! loops back on itself. Every such ref is reported (not only the first), at the `$ref` value.
//!
//! Refs are found by [`crate::for_each_ref`] (data such as examples and defaults is skipped; a
//! property named `$ref` is a property). With a loaded [`crate::Document`], refs in every loaded
//! file are checked through [`crate::Document::resolve`]; without one, refs within the file.

use genaug_diagnostics::{Diagnostic, Label};

use crate::Origin;
use crate::validate::codes;
use crate::validate::context::{Ctx, RefError, child};

const HELP: &str = "point the `$ref` at an existing definition, or add the missing definition";

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(document) = ctx.document {
        let mut refs: Vec<(Origin, String)> = Vec::new();
        document.for_each_ref(&mut |origin, reference| {
            refs.push((origin.clone(), reference.to_owned()));
        });
        for (origin, reference) in refs {
            if let Err(failure) = document.resolve(&origin, &reference) {
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
