//! The semantic checks (`V2xx`), one file per concern; each file's doc comment documents its codes.

mod dangling_refs;
mod examples;
mod operation_ids;
mod path_parameters;
mod security;

use genaug_diagnostics::Diagnostic;

use super::context::Ctx;

/// Every check but the examples, in this order.
pub(crate) fn run_most(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    operation_ids::check(ctx, out);
    dangling_refs::check(ctx, out);
    path_parameters::check(ctx, out);
    security::check(ctx, out);
}

/// The examples and defaults (the bulk of the work on a large document), after [`run_most`].
pub(crate) fn run_examples(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    examples::check(ctx, out);
}
