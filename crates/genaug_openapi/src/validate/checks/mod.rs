//! The semantic checks (`V2xx`), one file per concern; each file's doc comment documents its codes.

mod dangling_refs;
mod examples;
mod operation_ids;
mod path_parameters;
mod security;

use genaug_diagnostics::Diagnostic;

use super::context::Ctx;

pub(crate) fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    operation_ids::check(ctx, out);
    dangling_refs::check(ctx, out);
    path_parameters::check(ctx, out);
    security::check(ctx, out);
    examples::check(ctx, out);
}
