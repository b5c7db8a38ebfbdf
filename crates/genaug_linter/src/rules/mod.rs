//! One file per rule, grouped by family. Each file holds, top to bottom: its documentation (the
//! `//!` block, which `explain` prints and `docs/rules/` is generated from), its metadata
//! (`META`), the check, and the violation structs that become diagnostics.

pub(crate) mod drift;
pub(crate) mod policy;
pub(crate) mod policy_file;
pub(crate) mod quality;
pub(crate) mod risk;
pub(crate) mod secrets;
pub(crate) mod structure;

/// What every rule file imports.
pub(crate) mod prelude {
    pub(crate) use std::sync::Arc;

    pub(crate) use genaug_diagnostics::{Diagnostic, Label, Severity};
    pub(crate) use genaug_source::SourceFile;

    pub(crate) use crate::registry::{Family, Rule, RuleDef, Scope};
    pub(crate) use crate::runner::{Ctx, Finding, LoadedTool};
}

use crate::runner::{Ctx, Finding, LoadedTool};

/// Every per-file rule, on one loaded tool file (runs inside the parallel load pass).
pub(crate) fn check_file(loaded: &LoadedTool, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(value) = &loaded.value {
        let id = loaded.tool.as_ref().map_or(loaded.stem.as_str(), |t| t.id.as_str());
        secrets::embedded_secret::check_value(&loaded.file, value, Some(id), out);
    }
    let Some(tool) = &loaded.tool else { return };
    structure::file_name_mismatch::check(tool, loaded, ctx, out);
    policy::enabled_not_allowed::check(tool, loaded, ctx, out);
    policy::enabled_and_denied::check(tool, loaded, ctx, out);
    risk::missing_approval::check(tool, loaded, ctx, out);
    risk::risk_below_method_default::check(tool, loaded, ctx, out);
    risk::unaccepted_high_risk::check(tool, loaded, ctx, out);
    quality::invalid_input_schema::check(tool, loaded, ctx, out);
    quality::missing_description::check(tool, loaded, ctx, out);
    quality::short_description::check(tool, loaded, ctx, out);
    quality::long_description::check(tool, loaded, ctx, out);
    quality::incompatible_tool_name::check(tool, loaded, ctx, out);
    drift::removed_operation::check(tool, loaded, ctx, out);
    drift::changed_operation::check(tool, loaded, ctx, out);
}

/// Every whole-set rule, once all files are loaded.
pub(crate) fn check_set(tools: &[LoadedTool], ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    structure::duplicate_id::check(tools, ctx, out);
    policy::unmatched_policy_entry::check(tools, ctx, out);
    risk::expired_acceptance::check(tools, ctx, out);
}
